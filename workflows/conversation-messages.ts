import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ConversationView } from '../domain/conversation';
import type { InboxPolicy } from '../policy/types';

export interface ConversationInput {
  conversationId: string;
  /** Null for a sender that matches no customer. */
  customerId: string | null;
  /** The inbox terms in force when the conversation began; a later policy change never rewrites them. */
  inbox: InboxPolicy;
  /** The zone calendar durations of the terms count in when no business hours are set. */
  timeZone: string;
  createdAt: string;
  /** Carried across continue-as-new (JSON-plain); absent on first start. */
  state?: unknown;
}

/** A customer message stored by the API (its text stays in PostgreSQL). `auto`: an auto-reply, answered with nothing. */
export interface ReceiveRequest {
  messageId: string;
  auto?: boolean;
}
/** An agent's reply stored by the API, to be emailed in the thread. */
export interface ReplyRequest {
  messageId: string;
  agentId: string;
}
export interface AssignRequest {
  agentId: string | null;
}

/** A customer message joins the conversation (the first one is sent with the start: update-with-start). */
export const receiveUpdate = defineUpdate<ConversationView, [ReceiveRequest]>('receive');
export const replyUpdate = defineUpdate<ConversationView, [ReplyRequest]>('reply');
export const assignUpdate = defineUpdate<ConversationView, [AssignRequest]>('assign');
export const closeUpdate = defineUpdate<ConversationView, []>('close');
export const conversationQuery = defineQuery<ConversationView>('conversation');
