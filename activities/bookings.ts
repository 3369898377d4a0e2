import { ApplicationFailure } from '@temporalio/activity';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { pgErrorCode, PG_UNIQUE_VIOLATION } from '../db/pool';
import { activityLogger } from '../observability/logger';
import type { BookingView, SlotRef } from '../workflows/booking-messages';
import {
  type Admission,
  type AdmissionRequest,
  admitUpdate,
  type BookingOutcome,
  bookingOutcomeSignal,
  type CustomerInput,
} from '../workflows/customer-messages';
import { customerWorkflowId } from '../workflows/ids';
import type { ActivityDeps } from './index';

export function createBookingActivities({ pool, client, settings, logger }: ActivityDeps) {
  const customerStart = (customerId: string, policy: CustomerInput['policy']) => ({
    workflowId: customerWorkflowId(customerId),
    taskQueue: settings.taskQueue,
    args: [{ customerId, policy }] as [CustomerInput],
  });

  return {
    /** Keeps the `bookings` read model in step with the workflow. */
    async saveBooking(b: BookingView): Promise<void> {
      await pool.query(
        `UPDATE bookings SET status = $2, slot_id = $3, agent_id = $4, session_type = $5, start_at = $6, end_at = $7,
           fee = $8, reminders = $9, version = $10, updated_at = $11
         WHERE id = $1`,
        [b.id, b.status, b.slotId, b.agentId, b.sessionType, b.start, b.end, b.fee ? JSON.stringify(b.fee) : null, JSON.stringify(b.reminders), b.version, b.updatedAt],
      );
    },

    /** Moves the booking to another slot in one statement; the live-slot unique index makes it exclusive. */
    async claimSlot({ bookingId, slot, version }: { bookingId: string; slot: SlotRef; version: number }): Promise<void> {
      try {
        await pool.query(
          `UPDATE bookings SET slot_id = $2, agent_id = $3, session_type = $4, start_at = $5, end_at = $6, version = $7, updated_at = now()
           WHERE id = $1 AND version < $7`,
          [bookingId, slot.slotId, slot.agentId, slot.sessionType, slot.start, slot.end, version],
        );
      } catch (err) {
        if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
          throw ApplicationFailure.create({ type: 'SLOT_TAKEN', message: 'That slot has just been taken', nonRetryable: true });
        }
        throw err;
      }
    },

    /** Asks the customer's workflow to admit a reschedule (penalty, reduced support, restriction, plan). */
    async admitReschedule({ customerId, request }: { customerId: string; request: AdmissionRequest }): Promise<Admission> {
      try {
        return await client.workflow.executeUpdateWithStart(admitUpdate, {
          args: [request],
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
    },

    /** Hands an outcome to the customer's workflow, starting it if needed; it de-duplicates by eventId. */
    async reportOutcome(outcome: BookingOutcome): Promise<void> {
      const customerId = (await pool.query<{ customer_id: string }>('SELECT customer_id FROM bookings WHERE id = $1', [outcome.bookingId])).rows[0]?.customer_id;
      if (!customerId) throw ApplicationFailure.create({ type: 'NOT_FOUND', message: `booking ${outcome.bookingId}`, nonRetryable: true });
      await client.workflow.signalWithStart('customerWorkflow', {
        ...customerStart(customerId, outcome.policy),
        signal: bookingOutcomeSignal,
        signalArgs: [outcome],
      });
      activityLogger(logger).info({ customerId, eventId: outcome.eventId, outcome: outcome.kind, strike: outcome.countsAsStrike }, 'outcome handed to the customer');
    },
  };
}
