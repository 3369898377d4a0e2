// How a new booking's workflow is started and its answer read without an Update (an Update is a billed action, and
// the booking's first task does its work without one): the confirmation is the row the claim writes in PostgreSQL,
// a refusal the result the workflow closes with. Both are durable before anyone reads them.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Pool } from 'pg';
import { findBookingRow, toBooking } from '../db/bookings';
import type { BookingView } from '../domain/booking';
import type { BookingInput, BookingRefused } from '../workflows/booking-messages';
import type { bookingWorkflow } from '../workflows/booking';
import { bookingWorkflowId } from '../workflows/ids';
import { ApiError } from './errors';

/** How long a request waits for its booking's answer: a worker that died mid-task is replaced well within it. */
export const ANSWER_PATIENCE_MS = 60_000;
/** The claim's row is looked for after 25 ms, then 1.4 times later each time, at most every 250 ms. */
const FIRST_LOOK_MS = 25;
const LOOK_GROWTH = 1.4;
const LAST_LOOK_MS = 250;

type StartOptions = Pick<WorkflowStartOptions<typeof bookingWorkflow>, 'taskQueue' | 'typedSearchAttributes'>;

/** The booking's row, once its claim has written it; undefined if `signal` aborts first. */
async function claimedRow(pool: Pool, bookingId: string, signal: AbortSignal) {
  for (let waitMs = FIRST_LOOK_MS; !signal.aborted; waitMs = Math.min(waitMs * LOOK_GROWTH, LAST_LOOK_MS)) {
    await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    const row = signal.aborted ? undefined : await findBookingRow(pool, bookingId);
    if (row) return row;
  }
  return undefined;
}

/** The refusal a closed run answers with, as the API's error mapping reads a workflow's refusal. */
const refusalError = ({ refused }: BookingRefused) =>
  ApplicationFailure.create({ type: refused.type ?? undefined, message: refused.message, details: refused.details, nonRetryable: true });

/**
 * Starts `booking:<id>` (or finds the run already started for the same id) and answers with the booking once its
 * slot is claimed, or throws the refusal; SERVICE_UNAVAILABLE when no answer came within ANSWER_PATIENCE_MS (the
 * booking may still be made: the same Idempotency-Key then finds it).
 */
export async function startBookingWorkflow(client: Client, pool: Pool, input: BookingInput, options: StartOptions): Promise<BookingView> {
  const handle = await client.workflow.start<typeof bookingWorkflow>('bookingWorkflow', {
    ...options,
    workflowId: bookingWorkflowId(input.bookingId),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const done = new AbortController();
  const closed = client.withAbortSignal(done.signal, () => handle.result());
  const patience = sleep(ANSWER_PATIENCE_MS, undefined, { signal: done.signal });
  try {
    const answer = await Promise.race([
      claimedRow(pool, input.bookingId, done.signal).then((row) => row && toBooking(row)),
      closed.then((result) => ('refused' in result ? Promise.reject(refusalError(result)) : result)),
      patience.then(() => undefined),
    ]);
    if (!answer) throw new ApiError('SERVICE_UNAVAILABLE', 'The booking has not been answered yet; ask again with the same Idempotency-Key');
    return answer;
  } finally {
    done.abort();
    closed.catch(() => undefined);
    patience.catch(() => undefined);
  }
}
