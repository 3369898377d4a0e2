// A provider that fails must never hold up time: reminders on the other channel, the start, a strike's expiry.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { upsertCustomer } from '../../db/customers';
import type { BookingView } from '../../domain/booking';
import type { Standing } from '../../domain/customer';
import { registry } from '../../observability/metrics';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { bookingQuery } from '../../workflows/booking-messages';
import { bookingOutcomeSignal, type CustomerInput, profileSignal, standingQuery } from '../../workflows/customer-messages';
import { customerWorkflowId } from '../../workflows/ids';
import { startProviderFake } from '../fakes/providers';
import { bookingInput, confirmBooking, insertSlot, testSettings } from '../helpers/booking-fixtures';
import { record } from '../helpers/histories';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { until } from '../helpers/wait';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';

const HOUR = 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let fake: Awaited<ReturnType<typeof startProviderFake>>;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;
const settings = { current: testSettings() };

beforeAll(async () => {
  fake = await startProviderFake();
  settings.current = testSettings(fake.env);
  h = await startWorkflowHarness({ settings: settings.current });
  ({ env, db } = h);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const profile = (email: string) => ({ name: 'Ana', email, phone: '+34600000000', locale: 'es' as const, timeZone: 'Europe/Madrid', plan: 'pro', seats: 5 });

/** A customer stored as PUT /v1/customers/:id stores one, their workflow told of the plan. */
async function customer(email: string) {
  const id = `c-${randomUUID().slice(0, 8)}`;
  await upsertCustomer(db.pool, id, profile(email));
  await env.client.workflow.signalWithStart('customerWorkflow', {
    workflowId: customerWorkflowId(id),
    taskQueue: settings.current.taskQueue,
    args: [{ customerId: id, profile: { plan: 'pro', seats: 5, timeZone: 'Europe/Madrid' }, policy: DEFAULT_POLICY }] as [CustomerInput],
    signal: profileSignal,
    signalArgs: [{ profile: { plan: 'pro', seats: 5, timeZone: 'Europe/Madrid' }, policy: DEFAULT_POLICY }],
  });
  return id;
}

async function book(customerId: string, startInMs: number) {
  const slot = await insertSlot(db.pool, new Date((await env.currentTimeMs()) + startInMs));
  const input = bookingInput(customerId, slot);
  const { handle } = await confirmBooking(env.client, db.pool, input, settings.current.taskQueue);
  return { input, handle };
}

const rows = async (where: string, id: string) =>
  (await db.pool.query(`SELECT key, kind, channel, status, recipient, "offset" FROM notifications WHERE ${where} = $1 ORDER BY id`, [id])).rows;

async function failedCount(kind: string, channel: string): Promise<number> {
  const metric = await registry.getSingleMetric('support_sessions_notifications_total')!.get();
  return metric.values.filter((v) => v.labels.kind === kind && v.labels.channel === channel && v.labels.status === 'failed').reduce((n, v) => n + v.value, 0);
}

describe('a provider outage holds up nothing else', () => {
  it('email answers 503 to one customer for good: the SMS goes, the session starts, the emails fail, a strike expires on time', async () => {
    const email = `down-${randomUUID().slice(0, 6)}@example.com`;
    fake.refuse(/\/messages$/, new RegExp(email.replace('.', '\\.')), { status: 503, body: { message: 'Service Unavailable' } });
    const failedBefore = await failedCount('reminder', 'email');
    const customerId = await customer(email);
    const { input, handle } = await book(customerId, 26 * HOUR);

    // A strike under a 2-hour window: its warning email keeps failing, and the strike still expires at its time.
    const at = new Date(await env.currentTimeMs()).toISOString();
    const policy = { ...DEFAULT_POLICY, strikeWindow: 'PT2H' };
    const customerHandle = env.client.workflow.getHandle(customerWorkflowId(customerId));
    await customerHandle.signal(bookingOutcomeSignal, { eventId: 'other:no_show:v1', bookingId: 'other', kind: 'no_show', countsAsStrike: true, at, sessionStart: at, policy });
    await until(async () => (await customerHandle.query<Standing>(standingQuery)).strikes.length === 1);
    await env.sleep(2 * HOUR + 60_000);
    expect(await customerHandle.query<Standing>(standingQuery)).toMatchObject({ level: 'good', strikes: [] });
    expect((await rows('customer_id', customerId)).find((r) => r.kind === 'no_show_warning')).toMatchObject({ status: 'pending' });

    await env.sleep(24 * HOUR);
    // The last email's deadline is the session's start: its outcome may reach the booking a moment after the start.
    const settled = async () => (await handle.query<BookingView>(bookingQuery)).reminders.every((r) => r.status !== 'pending');
    await until(settled);
    const state: BookingView = await handle.query(bookingQuery);
    expect(state.status).toBe('in_progress');
    expect(state.reminders.map((r) => `${r.offset}:${r.channel}:${r.status}`)).toEqual(['P2D:email:skipped', 'PT24H:email:failed', 'PT1H:email:failed', 'PT30M:sms:sent']);
    const log = await rows('booking_id', input.bookingId);
    expect(log.filter((r) => r.kind === 'reminder').map((r) => `${r.offset}:${r.channel}:${r.status}`)).toEqual(['PT24H:email:failed', 'PT1H:email:failed', 'PT30M:sms:sent']);
    expect(fake.accepted().some((m) => m.to === email)).toBe(false);
    expect((await failedCount('reminder', 'email')) - failedBefore).toBe(2);

    await env.sleep(HOUR);
    expect((await rows('customer_id', customerId)).find((r) => r.kind === 'no_show_warning')).toMatchObject({ status: 'failed' });
    await expectNoFailedWorkflowTask(handle);
    await expectNoFailedWorkflowTask(customerHandle);
    await record('booking-v3-email-outage-in-progress', handle);
  });

  it('an SMS refused for good whose fallback email fails once: the email arrives once', async () => {
    const customerId = await customer(`fallback-${randomUUID().slice(0, 6)}@example.com`);
    const { input, handle } = await book(customerId, 45 * 60_000);
    const confirmation = `booking:${input.bookingId}:confirmation:v1`;
    await until(async () => (await rows('booking_id', input.bookingId)).some((r) => r.key === confirmation && r.status === 'sent'));
    fake.queue(/Messages\.json$/, { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } });
    fake.queue(/\/messages$/, { status: 503, body: { message: 'Service Unavailable' } });
    await env.sleep(45 * 60_000);
    const log = await rows('booking_id', input.bookingId);
    const fallbackKey = log.find((r) => r.kind === 'reminder' && r.channel === 'sms')!.key + ':fallback-email';
    expect(log.map((r) => `${r.kind}:${r.channel}:${r.status}`)).toEqual(['confirmation:email:sent', 'reminder:sms:failed', 'reminder:email:sent']);
    expect(fake.accepted().filter((m) => m.key === fallbackKey)).toHaveLength(1);
    expect(fake.mail().filter((r) => r.body.includes(fallbackKey))).toHaveLength(2); // the 503, then the one accepted
    await expectNoFailedWorkflowTask(handle);
    await record('booking-v3-sms-fallback-step', handle);
  });

  it('a customer changes email after booking: the next reminder goes to the new address', async () => {
    const customerId = await customer(`old-${randomUUID().slice(0, 6)}@example.com`);
    const { input, handle } = await book(customerId, 3 * HOUR);
    const changed = `new-${randomUUID().slice(0, 6)}@example.com`;
    await upsertCustomer(db.pool, customerId, profile(changed)); // what PUT /v1/customers/:id does
    await env.sleep(3 * HOUR - 10 * 60_000);
    const reminder = (await rows('booking_id', input.bookingId)).find((r) => r.kind === 'reminder' && r.channel === 'email');
    expect(reminder).toMatchObject({ offset: 'PT1H', status: 'sent', recipient: changed });
    expect(fake.accepted().filter((m) => m.key === reminder!.key).map((m) => m.to)).toEqual([changed]);
    await expectNoFailedWorkflowTask(handle);
  });
});
