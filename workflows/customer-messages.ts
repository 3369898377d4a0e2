import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CustomerTerms, Standing } from '../domain/customer';
import type { Money, Policy, SessionType } from '../policy/types';

export interface CustomerInput {
  customerId: string;
  /** The plan, seats and zone the rules need (runs begun before were given the whole profile; only these are kept). */
  profile?: CustomerTerms;
  /** The policy in force; every admission and profile update brings the current one. */
  policy: Policy;
  /** Carried across continue-as-new (JSON-plain); absent on first start. */
  state?: unknown;
}

/** Stored or updated customer details (PUT /v1/customers/:id). */
export const profileSignal = defineSignal<[{ profile: CustomerTerms; policy: Policy }]>('profile');

export interface AdmissionRequest {
  bookingId: string;
  sessionType: SessionType;
  start: string;
  acceptFee?: boolean;
  policy: Policy;
  /** For a reschedule: the booking being moved (its own earlier admission is released by the move). */
  rescheduleOf?: string;
}
export interface Admission {
  bookingId: string;
  fee: Money | null;
}
/**
 * Admits a booking or reschedule, or rejects with ApplicationFailure of type PENALTY_APPLIES (details
 * {earliestFreeStart, fee}), REDUCED_SUPPORT, SUPPORT_RESTRICTED (details {until}) or SESSION_TYPE_NOT_INCLUDED.
 * Admitting the same bookingId twice answers the first admission again.
 */
export const admitUpdate = defineUpdate<Admission, [AdmissionRequest]>('admit');
/**
 * A new booking that would take nothing is admitted on the customer's stored standing, without this Update or any
 * query (activities/bookings.ts). What would change that standing but has not reached it yet is fenced in PostgreSQL
 * by whoever starts it (a booking's strike with its projection, a restriction by the API before its Update); the
 * customer's workflow deletes the fence with the standing that includes the change. Runs begun before replay without.
 */
export const ADMISSION_FENCE = 'admission-fence';
/** Conduct decisions that stop bookings (restrict, terminate): fenced by the API under this id before their Update. */
export const fencedDecision = (action: string): boolean => action === 'restrict' || action === 'terminate';
export const decisionFenceId = (reportId: string) => `decision:${reportId}`;
/**
 * The admitted booking was not made after all (slot taken, start failed): give back what it used. With `start`: the
 * move of that booking to `start` was refused at the claim; its fee-carrying pass and charge are given back and the
 * booking's previous admission stands again.
 */
export const releaseAdmissionSignal = defineSignal<[{ bookingId: string; start?: string }]>('releaseAdmission');

/**
 * What happened to a booking, handed off by the booking workflow. De-duplicated by `eventId`
 * (`<bookingId>:<kind>:<bookingVersion>`), so a retried hand-off never makes two strikes.
 */
export interface BookingOutcome {
  eventId: string;
  bookingId: string;
  kind:
    | 'attended'
    | 'no_show'
    | 'unresponsive'
    | 'late_cancel'
    | 'late_reschedule'
    | 'cancelled'
    | 'cancelled_by_support'
    | 'unrecorded';
  /** Whether this outcome is a strike under the booking's policy. */
  countsAsStrike: boolean;
  at: string;
  /** The booking's session start (after the change, for a reschedule). */
  sessionStart: string;
  policy: Policy;
}
export const bookingOutcomeSignal = defineSignal<[BookingOutcome]>('bookingOutcome');

/** A conduct report by id: its description is stored in PostgreSQL by the API, never sent here. */
export interface ConductReportRequest {
  reportId: string;
  bookingId?: string;
  reportedBy: string;
}
export const conductReportUpdate = defineUpdate<{ id: string; status: 'open' }, [ConductReportRequest]>(
  'conductReport',
);

export interface ConductDecisionRequest {
  reportId: string;
  action: 'dismiss' | 'warn' | 'restrict' | 'terminate';
  until?: string;
  /** Kept for runs begun before: the API stores a decision's note in PostgreSQL and never sends it here. */
  note?: string;
  decidedBy: string;
}
export const conductDecisionUpdate = defineUpdate<Standing, [ConductDecisionRequest]>('conductDecision');
/** Notes on lifts and waivers are stored in PostgreSQL by the API; the Update carries who asked. */
export const liftRestrictionUpdate = defineUpdate<Standing, [{ by: string }]>('liftRestriction');
export const waivePenaltyUpdate = defineUpdate<Standing, [{ by: string }]>('waivePenalty');
export const standingQuery = defineQuery<Standing>('standing');
