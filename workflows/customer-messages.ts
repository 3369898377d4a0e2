import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CustomerProfile, Standing } from '../domain/customer';
import type { Money, Policy, SessionType } from '../policy/types';

export interface CustomerInput {
  customerId: string;
  profile?: CustomerProfile;
  /** The policy in force; every admission and profile update brings the current one. */
  policy: Policy;
  /** Carried across continue-as-new (JSON-plain); absent on first start. */
  state?: unknown;
}

/** Stored or updated customer details (PUT /v1/customers/:id). */
export const profileSignal = defineSignal<[{ profile: CustomerProfile; policy: Policy }]>('profile');

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
/** The admitted booking was not made after all (slot taken, start failed): give back what it used. */
export const releaseAdmissionSignal = defineSignal<[{ bookingId: string }]>('releaseAdmission');

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

export interface ConductReportRequest {
  reportId: string;
  description: string;
  bookingId?: string;
  reportedBy: string;
}
export interface ConductReport extends ConductReportRequest {
  status: 'open' | 'decided';
  openedAt: string;
  decision?: ConductDecisionRequest & { decidedAt: string };
}
export const conductReportUpdate = defineUpdate<{ id: string; status: 'open' }, [ConductReportRequest]>(
  'conductReport',
);

export interface ConductDecisionRequest {
  reportId: string;
  action: 'dismiss' | 'warn' | 'restrict' | 'terminate';
  until?: string;
  note?: string;
  decidedBy: string;
}
export const conductDecisionUpdate = defineUpdate<Standing, [ConductDecisionRequest]>('conductDecision');
export const liftRestrictionUpdate = defineUpdate<Standing, [{ by: string; note?: string }]>('liftRestriction');
export const waivePenaltyUpdate = defineUpdate<Standing, [{ by: string; note?: string }]>('waivePenalty');
export const standingQuery = defineQuery<Standing>('standing');
