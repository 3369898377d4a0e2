// REMINDER_LEAD on the dev server, in real time: a reminder's step starts ahead of its instant and waits for it on the
// worker; it never leaves early, and a cancel during the lead still wins (nothing is sent, nothing is stored).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { bookingWorkflowId } from '../../workflows/ids';
import { startProviderFake } from '../fakes/providers';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let fake: Awaited<ReturnType<typeof startProviderFake>>;

beforeAll(async () => {
  fake = await startProviderFake();
  const file = join(mkdtempSync(join(tmpdir(), 'lead-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, reminders: [{ channel: 'email', before: 'PT20S' }], changeNotice: 'PT5S' }));
  stack = await startTestStack({ ...fake.env, POLICY_FILE: file, REMINDER_LEAD: 'PT8S' });
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function booking(n: number, startInMs: number) {
  const customerId = `c-lead-${n}`;
  const email = `lead-${n}@example.com`;
  expect((await stack.call('PUT', `/v1/customers/${customerId}`, { name: 'Ana', email, locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 3 }, 'booking_ui')).status).toBeLessThan(300);
  const slot = await stack.call('POST', '/v1/slots', { agentId: `lead-agent-${n}`, sessionType: 'implementation', start: at(startInMs), end: at(startInMs + 3600_000) }, 'manager');
  const res = await stack.call('POST', '/v1/bookings', { customerId, slotId: slot.body.id }, 'booking_ui');
  expect(res.status).toBe(201);
  return { id: res.body.booking.id as string, email, dueAt: res.body.booking.reminders[0].dueAt as string };
}

const remindersTo = (email: string) => fake.accepted().filter((m) => m.to === email && m.key?.includes(':reminder:'));

it('a reminder leaves at its instant, not before; one whose session is cancelled during the lead is not sent', async () => {
  const kept = await booking(1, 35_000);
  const cancelled = await booking(2, 35_000);
  const handle = stack.env.client.workflow.getHandle(bookingWorkflowId(cancelled.id));

  // The lead has begun: the reminder's step is under way, waiting for its instant.
  await until(async () => (await handle.describe()).raw.pendingActivities?.some((a) => a.activityType?.name === 'sendNotification') === true, 200);
  expect(Date.now()).toBeLessThan(Date.parse(cancelled.dueAt));
  const cancel = await stack.call('POST', `/v1/bookings/${cancelled.id}/cancel`, {}, 'booking_ui');
  expect(cancel.status).toBe(200);
  expect(cancel.body).toMatchObject({ booking: { status: 'cancelled' }, late: false, countedAsNoShow: false });

  await until(async () => (await stack.call('GET', `/v1/bookings/${kept.id}`, undefined, 'booking_ui')).body.reminders[0].status === 'sent', 500);
  const sent = remindersTo(kept.email);
  expect(sent).toHaveLength(1);
  expect(sent[0].at.getTime()).toBeGreaterThanOrEqual(Date.parse(kept.dueAt));

  // The cancelled booking's step ended at the instant without a send, and without a row in the notification log.
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(cancelled.dueAt) + 3000 - Date.now())));
  expect(remindersTo(cancelled.email)).toHaveLength(0);
  expect((await stack.call('GET', `/v1/bookings/${cancelled.id}`, undefined, 'booking_ui')).body.reminders.map((r: { status: string }) => r.status)).toEqual(['cancelled']);
  const rows = await stack.db.pool.query(`SELECT kind FROM notifications WHERE booking_id = $1 ORDER BY id`, [cancelled.id]);
  expect(rows.rows.map((r) => r.kind)).toEqual(['confirmation', 'cancellation_confirmation']);
  await expectNoFailedWorkflowTask(handle);
  await expectNoFailedWorkflowTask(stack.env.client.workflow.getHandle(bookingWorkflowId(kept.id)));
});
