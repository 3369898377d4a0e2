import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Channel, Money, Policy, SessionType } from '../policy/types';

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
export type Locale = 'es' | 'en';

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

export interface BookingInput {
  bookingId: string;
  customerId: string;
  slot: SlotRef;
  customer: CustomerContact;
  /** The policy in force when the booking was made; a later policy change never rewrites it. */
  policy: Policy;
  /** Set when the customer accepted the penalty fee at admission. */
  fee: Money | null;
  createdAt: string;
}

export interface ReminderView {
  channel: Channel;
  /** The policy's `before`, exactly as written ("P2D", "PT30M"). */
  offset: string;
  dueAt: string;
  status: ReminderStatus;
}

/** A booking as CONTRACT §5 shows it (plus `version`, which binds customer links). */
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
  createdAt: string;
  updatedAt: string;
}

export interface ChangeResult {
  booking: BookingView;
  late: boolean;
  countedAsNoShow: boolean;
}

export interface RescheduleRequest {
  slot: SlotRef;
  acceptFee?: boolean;
  /** Who asked: a customer's change may be late; an agent acts for the customer. */
  requestedBy: 'customer' | 'agent';
}

export interface CancelRequest {
  reason?: string;
  /** Support-initiated (an agent, or the subscription's termination): never counted as a no-show. */
  bySupport?: boolean;
}

export interface AttendanceRequest {
  outcome: AttendanceOutcome;
  note?: string;
  recordedBy?: string;
}

export const rescheduleUpdate = defineUpdate<ChangeResult, [RescheduleRequest]>('reschedule');
export const cancelUpdate = defineUpdate<ChangeResult, [CancelRequest]>('cancel');
export const attendanceUpdate = defineUpdate<BookingView, [AttendanceRequest]>('attendance');
export const bookingQuery = defineQuery<BookingView>('booking');
