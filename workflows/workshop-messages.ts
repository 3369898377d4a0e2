import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Locale } from '../domain/booking';
import type { RegistrationChange, RegistrationView, WorkshopAttendance, WorkshopView } from '../domain/workshop';
import type { Policy, ReminderRule } from '../policy/types';

export interface WorkshopInput {
  workshop: { id: string; title: string; agentId: string; start: string; end: string; capacity: number; locale: Locale | null; createdAt: string };
  /** The policy in force when the workshop was created; a later policy change never rewrites its terms. */
  policy: Policy;
  /** Carried across continue-as-new (JSON-plain); absent on first start. */
  state?: unknown;
  /** REMINDER_LEAD when the workshop was created, for its seats' reminders (absent: each at its instant). */
  reminderLeadMs?: number;
}

export interface RegisterRequest {
  /** Derived from the Idempotency-Key when there is one: the same request finds the same registration. */
  registrationId: string;
  customerId: string;
  /** The customer's zone and language: for the reminders' calendar parts and the texts (no personal data). */
  timeZone: string;
  locale: Locale;
  idempotencyKey?: string | null;
}

export interface RegistrationCancelRequest {
  registrationId: string;
  /** Support-initiated (an agent, a workshop cancelled, an erasure): never counted. */
  bySupport?: boolean;
}

export interface RegistrationAttendanceRequest {
  registrationId: string;
  outcome: WorkshopAttendance;
  recordedBy?: string;
}

/** The workshop's first Update, sent with its start: answers once the workshop row is projected. */
export const createWorkshopUpdate = defineUpdate<WorkshopView>('createWorkshop');
/** Takes a seat, or a place on the waitlist; refuses with SLOT_UNAVAILABLE or ALREADY_REGISTERED. */
export const registerUpdate = defineUpdate<RegistrationView, [RegisterRequest]>('register');
export const cancelRegistrationUpdate = defineUpdate<RegistrationChange, [RegistrationCancelRequest]>('cancelRegistration');
export const registrationAttendanceUpdate = defineUpdate<RegistrationView, [RegistrationAttendanceRequest]>('registrationAttendance');
/** A manager cancels the workshop: every live registration is cancelled by support. */
export const cancelWorkshopUpdate = defineUpdate<WorkshopView, [{ by: string }]>('cancelWorkshop');

/** The seat's own workflow (`registration:<id>`): its reminders, from the seat's registration or promotion on. */
export interface SeatInput {
  registrationId: string;
  workshopId: string;
  customerId: string;
  start: string;
  timeZone: string;
  /** The workshop's policy reminders (the policy copied at its creation). */
  rules: ReminderRule[];
  /** REMINDER_LEAD (see workflows/reminders.ts); absent: each reminder's step starts at its instant. */
  reminderLeadMs?: number;
}
/** The seat is no longer held (cancelled, workshop cancelled): pending reminders are cancelled, the workflow ends. */
export const seatReleasedSignal = defineSignal('seatReleased');
