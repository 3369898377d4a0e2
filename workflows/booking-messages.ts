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
 * What a refused booking's workflow closes with (it leaves nothing behind): the refusal, as the API answers it.
 * A confirmed booking's answer is its row, written by the claim (api/booking-start.ts).
 */
export interface BookingRefused {
  refused: { type: string | null; message: string; details: unknown[] };
}

/**
 * The booking's answer as an Update sent with its start (update-with-start), for clients that still ask so: answers
 * once the booking is admitted and its slot claimed, or with the refusal. The API asks no Update (a billed action): it
 * starts the workflow and reads the answer from the claim's row or the workflow's result.
 */
export const confirmUpdate = defineUpdate<BookingView>('confirm');
export const rescheduleUpdate = defineUpdate<ChangeResult, [RescheduleRequest]>('reschedule');
export const cancelUpdate = defineUpdate<ChangeResult, [CancelRequest]>('cancel');
export const attendanceUpdate = defineUpdate<BookingView, [AttendanceRequest]>('attendance');
export const bookingQuery = defineQuery<BookingView>('booking');
