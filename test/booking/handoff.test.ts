import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cancelUpdate, rescheduleUpdate } from '../../workflows/booking-messages';
import type { Standing } from '../../domain/customer';
import { standingQuery } from '../../workflows/customer-messages';
import { customerWorkflowId } from '../../workflows/ids';
import { insertSlot, startBooking, testSettings } from '../helpers/booking-fixtures';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';

const HOUR = 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;
const settings = testSettings();
const handOffs: string[] = [];

beforeAll(async () => {
  h = await startWorkflowHarness({
    settings,
    wrap: (activities) => ({
      ...activities,
      // Each hand-off reaches the customer, then its first attempt "times out": Temporal retries it.
      async reportOutcome(req: Parameters<typeof activities.reportOutcome>[0]) {
        await activities.reportOutcome(req);
        handOffs.push(req.outcome.eventId);
        if (handOffs.filter((id) => id === req.outcome.eventId).length === 1) throw new Error('lost answer');
      },
    }),
  });
  ({ env, db } = h);
});
afterAll(async () => {
  await h?.close();
});


it('a late reschedule and a late cancel are carried out, counted, and handed off once despite retries', async () => {
  const now = await env.currentTimeMs();
  const { input, handle } = await startBooking(env.client, db.pool, new Date(now + 10 * HOUR));

  const moved = await handle.executeUpdate(rescheduleUpdate, { args: [{ slot: await insertSlot(db.pool, new Date(now + 12 * HOUR)), requestedBy: 'customer' }] });
  expect(moved).toMatchObject({ late: true, countedAsNoShow: true, booking: { status: 'scheduled', version: 2 } });
  const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{}] });
  expect(cancelled).toMatchObject({ late: true, countedAsNoShow: true, booking: { status: 'cancelled_late' } });
  // Poll rather than await the result: awaiting lets the time-skipping server jump months ahead.
  const customer = env.client.workflow.getHandle(customerWorkflowId(input.customerId));
  let standing: Standing | undefined;
  for (let i = 0; i < 100 && (standing?.strikes.length ?? 0) < 2; i++) {
    await new Promise((r) => setTimeout(r, 100));
    standing = await customer.query(standingQuery).catch(() => undefined);
  }
  await new Promise((r) => setTimeout(r, 1500)); // the retried deliveries land too
  standing = await customer.query(standingQuery);
  expect(handOffs.filter((id) => id.includes('late_reschedule'))).toHaveLength(2); // delivered twice
  expect(standing.strikes.map((s) => s.reason)).toEqual(['late_reschedule', 'late_cancel']); // counted once each
  expect(standing.level).toBe('penalty');
});
