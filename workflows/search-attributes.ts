import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes of CONTRACT §6, registered by `npm start` and the compose stack. */
export const BookingIdKey = defineSearchAttributeKey('BookingId', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const SessionTypeKey = defineSearchAttributeKey('SessionType', SearchAttributeType.KEYWORD);
export const BookingStatusKey = defineSearchAttributeKey('BookingStatus', SearchAttributeType.KEYWORD);
export const SessionStartKey = defineSearchAttributeKey('SessionStart', SearchAttributeType.DATETIME);
export const StrikeCountKey = defineSearchAttributeKey('StrikeCount', SearchAttributeType.INT);
export const StandingKey = defineSearchAttributeKey('Standing', SearchAttributeType.KEYWORD);
export const ConversationStatusKey = defineSearchAttributeKey('ConversationStatus', SearchAttributeType.KEYWORD);
export const SlaDueAtKey = defineSearchAttributeKey('SlaDueAt', SearchAttributeType.DATETIME);

/** Name -> type, as the dev server's `--search-attribute Name=Type` and `temporal operator` take them. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime' | 'Int'> = {
  BookingId: 'Keyword',
  CustomerId: 'Keyword',
  SessionType: 'Keyword',
  BookingStatus: 'Keyword',
  SessionStart: 'Datetime',
  StrikeCount: 'Int',
  Standing: 'Keyword',
  ConversationStatus: 'Keyword',
  SlaDueAt: 'Datetime',
};
