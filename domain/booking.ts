/** A booking as everyone sees it: the workflow keeps it, the read model projects it, the API and messages show it. */
import type { Channel, Money, SessionType } from '../policy/types';

export type Locale = 'es' | 'en';

export type BookingStatus =
  | 'scheduled'
  | 'in_progress'
  | 'attended'
  | 'no_show'
  | 'unresponsive'
  | 'cancelled'
  | 'cancelled_late'
  | 'cancelled_by_support'
  | 'unrecorded';

/** Statuses in which a booking still holds its slot. */
export const LIVE_STATUSES: readonly BookingStatus[] = ['scheduled', 'in_progress'];

export type ReminderStatus = 'pending' | 'sent' | 'skipped' | 'cancelled' | 'failed';
export type AttendanceOutcome = 'attended' | 'no_show' | 'unresponsive';

export interface SlotRef {
  slotId: string;
  agentId: string;
  sessionType: SessionType;
  /** ISO-8601 instants. */
  start: string;
  end: string;
}

export interface CustomerContact {
  name: string;
  email: string;
  phone?: string | null;
  locale: Locale;
  timeZone: string;
}

/** What a booking workflow knows of its customer: the language and zone its times are shown in. */
export type BookingCustomer = Pick<CustomerContact, 'locale' | 'timeZone'>;

export interface ReminderView {
  channel: Channel;
  /** The policy's `before`, exactly as written ("P2D", "PT30M"). */
  offset: string;
  dueAt: string;
  status: ReminderStatus;
}

/**
 * A booking as CONTRACT §5 shows it, plus `version` (bumped by every reschedule; customer links are bound to it) and
 * `revision` (bumped by every change; the read model keeps the highest it was given).
 */
export interface BookingView {
  id: string;
  customerId: string;
  slotId: string;
  agentId: string;
  sessionType: SessionType;
  start: string;
  end: string;
  status: BookingStatus;
  timeZone: string;
  locale: Locale;
  policyVersion: string;
  fee: Money | null;
  reminders: ReminderView[];
  version: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChangeResult {
  booking: BookingView;
  late: boolean;
  countedAsNoShow: boolean;
}
