// A refused change gives back what admission took: a reschedule refused at the claim leaves no charge and the
// fee-carrying pass unused.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { claimBooking } from '../../db/bookings';
import type { BookingView } from '../../domain/booking';
import type { Standing } from '../../domain/customer';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { rescheduleUpdate } from '../../workflows/booking-messages';
import { bookingOutcomeSignal, standingQuery } from '../../workflows/customer-messages';
import { customerWorkflowId } from '../../workflows/ids';
import { bookingInput, confirmBooking, insertCustomer, insertSlot, testSettings } from '../helpers/booking-fixtures';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { until } from '../helpers/wait';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';

const DAY = 24 * 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;
const settings = testSettings();

beforeAll(async () => {
  h = await startWorkflowHarness({ settings });
  ({ env, db } = h);
});
afterAll(async () => {
  await h?.close();
});

it('a reschedule refused at the claim with acceptFee: the penalty is still unused and nothing is charged', async () => {
  const now = await env.currentTimeMs();
  const customerId = await insertCustomer(db.pool);
  // A booking far enough ahead to carry no fee, made before the penalty.
  const input = bookingInput(customerId, await insertSlot(db.pool, new Date(now + 200 * DAY)));
  const { handle } = await confirmBooking(env.client, db.pool, input, settings.taskQueue);
  const customer = env.client.workflow.getHandle(customerWorkflowId(customerId));
  for (const id of ['s1', 's2']) {
    const at = new Date(await env.currentTimeMs()).toISOString();
    await customer.signal(bookingOutcomeSignal, { eventId: `${id}:no_show:v1`, bookingId: id, kind: 'no_show', countsAsStrike: true, at, sessionStart: at, policy: DEFAULT_POLICY });
  }
  await until(async () => (await customer.query<Standing>(standingQuery)).level === 'penalty');

  // The slot it moves to (within the penalty's embargo) is taken by someone else between the check and the claim.
  const taken = await insertSlot(db.pool, new Date(now + 10 * DAY));
  const other = bookingInput(await insertCustomer(db.pool), taken);
  const view: BookingView = {
    id: other.bookingId, customerId: other.customerId, slotId: taken.slotId, agentId: taken.agentId, sessionType: taken.sessionType, start: taken.start, end: taken.end,
    status: 'scheduled', timeZone: 'Europe/Madrid', locale: 'es', policyVersion: DEFAULT_POLICY.version, fee: null, reminders: [], version: 1, revision: 1,
    createdAt: other.createdAt, updatedAt: other.createdAt,
  };
  expect(await claimBooking(db.pool, view, DEFAULT_POLICY, null)).toBeNull();

  const refused = await handle.executeUpdate(rescheduleUpdate, { args: [{ slot: taken, acceptFee: true, requestedBy: 'customer' }], updateId: 'reschedule:k1' }).catch((e) => e);
  expect(refused.cause).toMatchObject({ type: 'SLOT_TAKEN' });
  await until(async () => (await db.pool.query(`SELECT 1 FROM charges WHERE booking_id = $1 AND status = 'due'`, [input.bookingId])).rowCount === 0);
  const standing = await customer.query<Standing>(standingQuery);
  expect(standing.level).toBe('penalty');
  expect(standing.penalty).toMatchObject({ fee: DEFAULT_POLICY.sanctions.penaltyFee });
  const charges = await db.pool.query(`SELECT status FROM charges WHERE booking_id = $1`, [input.bookingId]);
  expect(charges.rows.every((r) => r.status === 'void')).toBe(true);
  const booking = (await db.pool.query('SELECT slot_id, fee, version FROM bookings WHERE id = $1', [input.bookingId])).rows[0];
  expect(booking).toEqual({ slot_id: input.slot.slotId, fee: null, version: 1 });

  // The pass is still there: the next fee-carrying session may use it.
  const free = await insertSlot(db.pool, new Date(now + 11 * DAY));
  const moved = await handle.executeUpdate(rescheduleUpdate, { args: [{ slot: free, acceptFee: true, requestedBy: 'customer' }], updateId: 'reschedule:k2' });
  expect(moved.booking.fee).toEqual(DEFAULT_POLICY.sanctions.penaltyFee);
  await expectNoFailedWorkflowTask(handle);
  await expectNoFailedWorkflowTask(customer);
});
