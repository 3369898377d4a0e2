import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AttendanceOutcome, BookingCustomer, BookingView, ChangeResult, SlotRef } from '../domain/booking';
import type { Policy } from '../policy/types';

export interface BookingInput {
  bookingId: string;
  customerId: string;
  slot: SlotRef;
  /** The customer's language and zone (what the booking's times are shown in); never a name, address or phone. */
  customer: BookingCustomer;
  /** The policy in force when the booking was made; a later policy change never rewrites it. */
  policy: Policy;
  /** The customer accepts the penalty fee, should admission ask for one. */
  acceptFee?: boolean;
  idempotencyKey?: string | null;
  createdAt: string;
  /** REMINDER_LEAD when it was booked: each reminder's step starts this long before it is due (absent: at the instant). */
  reminderLeadMs?: number;
}

export interface RescheduleRequest {
  slot: SlotRef;
  acceptFee?: boolean;
  /** Who asked: a customer's change may be late; an agent acts for the customer. */
  requestedBy: 'customer' | 'agent';
}

export interface CancelRequest {
  /** Kept for runs begun before: the API now stores a cancel's reason in PostgreSQL and never sends it here. */
  reason?: string;
  /** Support-initiated (an agent, or the subscription's termination): never counted as a no-show. */
  bySupport?: boolean;
}

export interface AttendanceRequest {
  outcome: AttendanceOutcome;
  /** Kept for runs begun before: the API now stores an attendance note in PostgreSQL and never sends it here. */
  note?: string;
  recordedBy?: string;
}

/**
 * The booking's first Update, sent with its start (update-with-start): answers once the customer's workflow has
 * admitted the booking and the slot is claimed, or with the refusal (and then the workflow closes, leaving nothing).
 */
export const confirmUpdate = defineUpdate<BookingView>('confirm');
export const rescheduleUpdate = defineUpdate<ChangeResult, [RescheduleRequest]>('reschedule');
export const cancelUpdate = defineUpdate<ChangeResult, [CancelRequest]>('cancel');
export const attendanceUpdate = defineUpdate<BookingView, [AttendanceRequest]>('attendance');
export const bookingQuery = defineQuery<BookingView>('booking');
