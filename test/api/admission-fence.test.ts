// A new booking that takes nothing is admitted on the customer's stored standing (no query, no Update): a strike on
// its way to the customer's workflow is fenced with the booking change that makes it, so the booking made right after
// that change's answer is decided by the customer's workflow, with the strike in it (through HTTP, real dev server).
import { temporal } from '@temporalio/proto';
import type { Activities } from '../../activities';
import { startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
/** The customer's workflow slow to store a standing with two strikes (a busy worker): the fence must hold meanwhile. */
const SLOW_PROJECTION_MS = 3000;
beforeAll(async () => {
  stack = await startTestStack({}, (a) => ({
    ...a,
    saveStanding: async (...args: Parameters<Activities['saveStanding']>) => {
      if (args[0].strikes.length >= 2) await new Promise((r) => setTimeout(r, SLOW_PROJECTION_MS));
      return a.saveStanding(...args);
    },
  }));
});
afterAll(async () => {
  await stack?.close();
});

const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const slot = async (agent: string, h: number) =>
  (await stack.call('POST', '/v1/slots', { agentId: agent, sessionType: 'implementation', start: at(h), end: at(h + 1) })).body.id as string;
const book = (customerId: string, slotId: string, extra: object = {}) => stack.call('POST', '/v1/bookings', { customerId, slotId, ...extra }, 'booking_ui');
const fences = async (customerId: string) => (await stack.db.pool.query('SELECT event_id FROM customer_pending_changes WHERE customer_id = $1', [customerId])).rowCount;

it('the booking made right after a late cancel brings the penalty is refused without the fee; fences go once the standing has the strike', async () => {
  await stack.call('PUT', '/v1/customers/c-fence', { name: 'F', email: 'f@example.com', locale: 'en', timeZone: 'UTC', plan: 'pro', seats: 2 }, 'booking_ui');
  const next = await slot('ag-fence-next', 30);
  for (const [i, h] of [5, 7].entries()) {
    const made = await book('c-fence', await slot(`ag-fence-${i}`, h));
    expect(made.status).toBe(201);
    const cancelled = await stack.call('POST', `/v1/bookings/${made.body.booking.id}/cancel`, {}, 'booking_ui');
    expect(cancelled.body).toMatchObject({ late: true, countedAsNoShow: true });
  }
  // At once, before the customer's workflow has stored the second strike: the fence sends it to the workflow.
  const refused = await book('c-fence', next);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'PENALTY_APPLIES' });
  await until(async () => (await fences('c-fence')) === 0);
  const standing = await stack.call('GET', '/v1/customers/c-fence/standing', undefined, 'booking_ui');
  expect(standing.body).toMatchObject({ level: 'penalty', strikes: [{ reason: 'late_cancel' }, { reason: 'late_cancel' }] });
  const paid = await book('c-fence', next, { acceptFee: true });
  expect(paid.status).toBe(201);
  expect(paid.body.booking.fee).toEqual({ amount: 5000, currency: 'EUR' });
});

it('a customer in good standing books on their stored standing: no admission Update at their workflow', async () => {
  await stack.call('PUT', '/v1/customers/c-clear', { name: 'C', email: 'c@example.com', locale: 'en', timeZone: 'UTC', plan: 'pro', seats: 2 }, 'booking_ui');
  await until(async () => (await stack.db.pool.query('SELECT 1 FROM customer_standings WHERE customer_id = $1 AND policy_fingerprint IS NOT NULL', ['c-clear'])).rowCount === 1);
  for (const h of [40, 42]) expect((await book('c-clear', await slot(`ag-clear-${h}`, h))).status).toBe(201);
  const history = await stack.env.client.workflow.getHandle('customer:c-clear').fetchHistory();
  const updates = (history.events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  expect(updates).toEqual([]);
});
