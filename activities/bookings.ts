// What a booking workflow does outside itself: admission at the customer's workflow, the slot claimed and the read
// model kept in PostgreSQL, outcomes handed to the customer. Short and idempotent: the workflow runs them as local
// activities.
import { ApplicationFailure } from '@temporalio/activity';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { type ClaimRefusal, claimBooking, projectBooking } from '../db/bookings';
import { admissionFacts, type PendingChange } from '../db/standings';
import { admissionClearAt, policyFingerprint, standingAt } from '../policy/standing';
import type { BookingView } from '../domain/booking';
import { failpoint } from '../observability/failpoints';
import { activityLogger } from '../observability/logger';
import type { Policy } from '../policy/types';
import {
  type Admission,
  type AdmissionRequest,
  admitUpdate,
  type BookingOutcome,
  bookingOutcomeSignal,
  type CustomerInput,
  releaseAdmissionSignal,
} from '../workflows/customer-messages';
import { customerWorkflowId } from '../workflows/ids';
import type { ActivityDeps } from './index';

const REFUSALS: Record<ClaimRefusal, { type: string; message: string }> = {
  slot_taken: { type: 'SLOT_TAKEN', message: 'That slot has just been taken' },
  slot_unavailable: { type: 'SLOT_UNAVAILABLE', message: 'That slot no longer exists or has already started' },
  customer_busy: { type: 'SLOT_UNAVAILABLE', message: 'The customer already has a session at that time' },
};
const refuse = (refusal: ClaimRefusal | null, slotId: string) => {
  if (refusal) throw ApplicationFailure.create({ ...REFUSALS[refusal], details: [{ slotId }], nonRetryable: true });
};

export function createBookingActivities({ pool, client, settings, logger }: ActivityDeps) {
  const customerStart = (customerId: string, policy: Policy) => ({
    workflowId: customerWorkflowId(customerId),
    taskQueue: settings.taskQueue,
    args: [{ customerId, policy }] as [CustomerInput],
  });

  /**
   * The admission PostgreSQL alone can give a new booking, else undefined and the Update decides. Admitted as it was
   * when its claim already stands: the admission is run again after its task was lost (a worker died before
   * completing it), and the API may have answered from that row, whatever the standing says now. Admitted taking
   * nothing when the standing the customer's workflow last stored (read now: what time alone changes applies) says
   * so for certain: not with no stored standing, another policy, a change still on its way to the workflow (fenced)
   * or an earlier fee-carrying admission of this booking.
   */
  const admissionOnRecord = async (customerId: string, request: AdmissionRequest): Promise<Admission | undefined> => {
    if (request.rescheduleOf !== undefined) return undefined;
    const { claimed, onStanding: facts } = await admissionFacts(pool, customerId, request.bookingId);
    if (claimed) return { bookingId: request.bookingId, fee: claimed.fee };
    if (!facts || facts.fenced || facts.charged || facts.policyFingerprint !== policyFingerprint(request.policy)) return undefined;
    const standing = standingAt(facts.stored, facts.customer, request.policy, Date.now());
    return admissionClearAt(standing, facts.customer, request.policy, request) ? { bookingId: request.bookingId, fee: null } : undefined;
  };

  /** The customer's workflow decides, reserves or refuses (started if need be); its refusal is final, never retried. */
  const admitByUpdate = async (customerId: string, request: AdmissionRequest): Promise<Admission> => {
    try {
      return await client.workflow.executeUpdateWithStart(admitUpdate, {
        args: [request],
        updateId: `admit:${request.bookingId}:${request.start}`,
        startWorkflowOperation: new WithStartWorkflowOperation('customerWorkflow', {
          ...customerStart(customerId, request.policy),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    } catch (err) {
      // The customer's answer (PENALTY_APPLIES, REDUCED_SUPPORT, …) is final: pass it on, do not retry.
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure) {
        throw ApplicationFailure.create({ type: cause.type ?? undefined, message: cause.message, details: cause.details ? [...cause.details] : undefined, nonRetryable: true });
      }
      throw err;
    }
  };

  return {
    /** Writes the booking's first row, claiming its slot; refuses with SLOT_TAKEN or SLOT_UNAVAILABLE. */
    async claimBooking({ booking, policy, idempotencyKey }: { booking: BookingView; policy: Policy; idempotencyKey: string | null }): Promise<void> {
      refuse(await claimBooking(pool, booking, policy, idempotencyKey), booking.slotId);
      failpoint('booking.after-claim');
    },

    /**
     * Projects the workflow's state (an older revision changes nothing); a move to a taken slot is refused. With a
     * fence: the strike this revision hands to the customer's workflow, fenced until their standing includes it.
     */
    async saveBooking(booking: BookingView, fence?: PendingChange): Promise<void> {
      refuse(await projectBooking(pool, booking, fence), booking.slotId);
    },

    /**
     * Asks the customer's workflow to admit a booking or a reschedule (penalty, reduced support, restriction, plan).
     * A new booking already claimed, or one the customer would admit taking nothing, is admitted on what PostgreSQL
     * records (no Update, no query: nothing to record); anything else (a fee, a refusal, a move, a customer without a
     * workflow) is the Update's.
     */
    async admitBooking({ customerId, request }: { customerId: string; request: AdmissionRequest }): Promise<Admission> {
      const admission = (await admissionOnRecord(customerId, request)) ?? (await admitByUpdate(customerId, request));
      failpoint('booking.after-admission');
      return admission;
    },

    /** The admitted booking was not made after all: the customer's workflow gives back what it used (fee, free pass). */
    async releaseAdmission({ customerId, bookingId, start }: { customerId: string; bookingId: string; start?: string }): Promise<void> {
      failpoint('booking.before-release');
      await client.workflow.getHandle(customerWorkflowId(customerId)).signal(releaseAdmissionSignal, start === undefined ? { bookingId } : { bookingId, start });
    },

    /** Hands an outcome to the customer's workflow, starting it if needed; it de-duplicates by eventId. */
    async reportOutcome({ customerId, outcome }: { customerId: string; outcome: BookingOutcome }): Promise<void> {
      await client.workflow.signalWithStart('customerWorkflow', {
        ...customerStart(customerId, outcome.policy),
        signal: bookingOutcomeSignal,
        signalArgs: [outcome],
      });
      activityLogger(logger).info({ customerId, eventId: outcome.eventId, outcome: outcome.kind, strike: outcome.countsAsStrike }, 'outcome handed to the customer');
    },
  };
}
