import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { CustomerTerms, Standing } from '../../domain/customer';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import {
  admitUpdate,
  profileSignal,
  releaseAdmissionSignal,
  bookingOutcomeSignal,
  conductDecisionUpdate,
  conductReportUpdate,
  standingQuery,
} from '../../workflows/customer-messages';
import { customerWorkflowId } from '../../workflows/ids';
import { insertBooking, insertCustomer, insertSlot, testSettings } from '../helpers/booking-fixtures';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { record } from '../helpers/histories';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';
import { decodedJson } from '../helpers/temporal';
import { until } from '../helpers/wait';
import { temporal } from '@temporalio/proto';
import { createBookingActivities } from '../../activities/bookings';
import { fencePendingChange } from '../../db/standings';
import { createLogger } from '../../observability/logger';
import { policyFingerprint } from '../../policy/standing';

const DAY = 24 * 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;
const settings = testSettings();
const profile: CustomerTerms = { timeZone: 'Europe/Madrid', plan: 'pro', seats: 3 };
let seq = 0;

beforeAll(async () => {
  h = await startWorkflowHarness({ settings });
  ({ env, db } = h);
});
const handles: { fetchHistory(): Promise<unknown> }[] = [];
afterAll(async () => {
  await h?.close();
});

async function customer(historyBound?: number) {
  const customerId = `cust-${++seq}`;
  await insertCustomer(db.pool, customerId);
  const handle = await env.client.workflow.start('customerWorkflow', {
    workflowId: customerWorkflowId(customerId),
    taskQueue: settings.taskQueue,
    args: [{ customerId, profile, policy: DEFAULT_POLICY, historyBound }],
  });
  const noShow = async (bookingId: string, kind: 'no_show' | 'late_cancel' = 'no_show') => {
    const at = new Date(await env.currentTimeMs()).toISOString();
    await handle.signal(bookingOutcomeSignal, { eventId: `${bookingId}:${kind}:v1`, bookingId, kind, countsAsStrike: true, at, sessionStart: at, policy: DEFAULT_POLICY });
    return at;
  };
  handles.push(handle);
  const standing = (): Promise<Standing> => handle.query(standingQuery);
  const admit = (bookingId: string, startInDays: number, acceptFee?: boolean) =>
    env.currentTimeMs().then((now) =>
      handle.executeUpdate(admitUpdate, {
        args: [{ bookingId, sessionType: 'implementation', start: new Date(now + startInDays * DAY).toISOString(), acceptFee, policy: DEFAULT_POLICY }],
      }),
    );
  /** The messages sent to the customer, once `count` of them have gone out (the workflow sends after it decides). */
  const sent = async (count: number) => {
    let kinds: string[] = [];
    for (let i = 0; i < 50 && kinds.length < count; i++) {
      kinds = (await db.pool.query(`SELECT kind FROM notifications WHERE customer_id = $1 ORDER BY id`, [customerId])).rows.map((r) => r.kind);
      if (kinds.length < count) await new Promise((r) => setTimeout(r, 100));
    }
    return kinds;
  };
  return { customerId, handle, noShow, standing, admit, sent };
}

afterEach(async () => {
  // No test may leave a customer's workflow with a failed task (data never stops a workflow).
  for (const handle of handles.splice(0)) await expectNoFailedWorkflowTask(handle as Parameters<typeof expectNoFailedWorkflowTask>[0]);
});

describe('customer workflow', () => {
  it('first no-show: warning; second within 12 months: penalty from the latest + 6 months', async () => {
    const c = await customer();
    await c.noShow('b1');
    expect(await c.standing()).toMatchObject({ level: 'warned', canBook: true, penalty: null });
    await env.sleep(30 * DAY);
    const second = await c.noShow('b2');
    const st = await c.standing();
    const expected = DateTime.fromISO(second, { zone: 'Europe/Madrid' }).plus({ months: 6 });
    expect(st.level).toBe('penalty');
    expect(Date.parse(st.penalty!.earliestFreeStart)).toBe(expected.toMillis());
    expect(st.penalty!.fee).toEqual({ amount: 5000, currency: 'EUR' });
    expect(await c.sent(2)).toEqual(['no_show_warning', 'penalty_notice']);
  });

  it('a second no-show after the first expired is a warning only; a strike expires P12M later by itself', async () => {
    const c = await customer();
    const first = await c.noShow('b1');
    const expiresAt = (await c.standing()).strikes[0].expiresAt;
    expect(Date.parse(expiresAt)).toBe(DateTime.fromISO(first, { zone: 'Europe/Madrid' }).plus({ months: 12 }).toMillis());
    await env.sleep(Date.parse(expiresAt) - (await env.currentTimeMs()) + 1000);
    expect(await c.standing()).toMatchObject({ level: 'good', strikes: [] });
    await c.noShow('b2');
    expect(await c.standing()).toMatchObject({ level: 'warned', penalty: null });
  });

  it('three strikes: reduced support, lifted when one expires', async () => {
    const c = await customer();
    await c.noShow('b1');
    await env.sleep(DAY);
    await c.noShow('b2');
    await c.noShow('b3', 'late_cancel');
    expect(await c.standing()).toMatchObject({ level: 'reduced', canBook: false });
    expect((await c.standing()).channels).not.toContain('implementation_sessions');
    await expect(c.admit('b4', 10)).rejects.toMatchObject({ cause: { type: 'REDUCED_SUPPORT' } });
    await env.sleep(366 * DAY - DAY + 1000);
    expect((await c.standing()).strikes).toHaveLength(2);
    expect((await c.standing()).canBook).toBe(true);
  });

  it('penalty: refused without the fee, admitted with it (charged once), free after earliestFreeStart', async () => {
    const c = await customer();
    await c.noShow('b1');
    await c.noShow('b2');
    const refused = await c.admit('b3', 10).catch((e) => e);
    expect(refused.cause.type).toBe('PENALTY_APPLIES');
    expect(refused.cause.details[0]).toMatchObject({ fee: { amount: 5000, currency: 'EUR' } });
    const paid = await c.admit('b3', 10, true);
    expect(paid.fee).toEqual({ amount: 5000, currency: 'EUR' });
    expect(await c.admit('b3', 10, true)).toEqual(paid);
    const charges = await db.pool.query('SELECT amount, status FROM charges WHERE customer_id = $1', [c.customerId]);
    expect(charges.rows).toEqual([{ amount: 5000, status: 'due' }]);
    // After earliestFreeStart no fee applies.
    expect((await c.admit('b4', 200)).fee).toBeNull();
    await record('customer-v4-penalty-fee-fenced', c.handle);
  });

  it('a fee-carrying session cancelled in time gives the penalty back and voids its charge', async () => {
    const c = await customer();
    await c.noShow('b1');
    await c.noShow('b2');
    await c.admit('paid', 10, true);
    expect((await c.standing()).penalty).toBeNull(); // used up
    const at = new Date(await env.currentTimeMs()).toISOString();
    await c.handle.signal(bookingOutcomeSignal, { eventId: 'paid:cancelled:v1', bookingId: 'paid', kind: 'cancelled', countsAsStrike: false, at, sessionStart: at, policy: DEFAULT_POLICY });
    expect((await c.standing()).penalty).toMatchObject({ fee: { amount: 5000, currency: 'EUR' } });
    let status = '';
    for (let i = 0; i < 50 && status !== 'void'; i++) {
      status = (await db.pool.query(`SELECT status FROM charges WHERE booking_id = 'paid'`)).rows[0]?.status;
      if (status !== 'void') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('void');
  });

  it('a booking that takes nothing is admitted on the stored standing, without the Update; a fence, a fee or another policy goes to the Update', async () => {
    const c = await customer();
    const activities = createBookingActivities({ pool: db.pool, client: env.client, settings, logger: createLogger('test', 'silent') });
    const now = await env.currentTimeMs();
    const request = (bookingId: string, extra: object = {}) => ({ bookingId, sessionType: 'implementation' as const, start: new Date(now + 10 * DAY).toISOString(), policy: DEFAULT_POLICY, ...extra });
    const admit = (req: ReturnType<typeof request>) => activities.admitBooking({ customerId: c.customerId, request: req });
    const updates = async () => ((await c.handle.fetchHistory()).events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).length;
    const row = async () => (await db.pool.query('SELECT level, policy_fingerprint FROM customer_standings WHERE customer_id = $1', [c.customerId])).rows[0];
    const fences = async () => (await db.pool.query('SELECT event_id FROM customer_pending_changes WHERE customer_id = $1', [c.customerId])).rows.map((r) => r.event_id);
    await until(async () => (await row())?.policy_fingerprint === policyFingerprint(DEFAULT_POLICY));

    expect(await admit(request('n1'))).toEqual({ bookingId: 'n1', fee: null });
    expect(await updates()).toBe(0);
    // A strike on its way (fenced by the booking that hands it off): the Update decides until the standing has it.
    await fencePendingChange(db.pool, { customerId: c.customerId, eventId: 'b1:no_show:v1' });
    expect(await admit(request('n2'))).toEqual({ bookingId: 'n2', fee: null });
    expect(await updates()).toBe(1);
    await c.noShow('b1');
    await until(async () => (await fences()).length === 0 && (await row())?.level === 'warned');
    await admit(request('n3'));
    expect(await updates()).toBe(1);
    // The second strike brings the penalty: a session before its fee-free date goes to the Update, which refuses it.
    await fencePendingChange(db.pool, { customerId: c.customerId, eventId: 'b2:no_show:v1' });
    await c.noShow('b2');
    await until(async () => (await fences()).length === 0 && (await row())?.level === 'penalty');
    await expect(admit(request('n4'))).rejects.toMatchObject({ type: 'PENALTY_APPLIES' });
    // Run again after its task was lost, an admission whose claim stands is not decided again (the API may have
    // answered from that row): admitted as it was, without the Update, though the penalty would refuse it now.
    const claimed = await insertBooking(db.pool, c.customerId, await insertSlot(db.pool, new Date(now + 10 * DAY)));
    const penaltyUpdates = await updates();
    expect(await admit(request(claimed.bookingId))).toEqual({ bookingId: claimed.bookingId, fee: null });
    expect(await updates()).toBe(penaltyUpdates);
    const paid = await admit(request('n5', { acceptFee: true }));
    expect(paid.fee).toEqual({ amount: 5000, currency: 'EUR' });
    await until(async () => (await row())?.level === 'warned'); // the fee-carrying pass is used
    expect(await admit(request('n5', { acceptFee: true }))).toEqual(paid); // charged: the Update answers it again
    const before = await updates();
    await admit(request('n6', { policy: { ...DEFAULT_POLICY, version: 'next' }, start: new Date(now + 400 * DAY).toISOString() }));
    expect(await updates()).toBe(before + 1); // another policy: the Update admits, under it
  });

  it('two concurrent admissions against one fee-carrying pass: exactly one carries the fee', async () => {
    const c = await customer();
    await c.noShow('b1');
    await c.noShow('b2');
    const answers = await Promise.all([c.admit('x1', 5, true), c.admit('x2', 6, true)]);
    expect(answers.filter((a) => a.fee !== null)).toHaveLength(1);
    const charges = await db.pool.query('SELECT booking_id FROM charges WHERE customer_id = $1', [c.customerId]);
    expect(charges.rowCount).toBe(1);
  });

  it('the same hand-off delivered three times makes one strike', async () => {
    const c = await customer();
    await c.noShow('b1');
    await c.noShow('b1');
    await c.noShow('b1');
    expect((await c.standing()).strikes).toHaveLength(1);
  });

  it('a 30-day restriction lifts itself; a permanent one does not', async () => {
    const c = await customer();
    await c.handle.executeUpdate(conductReportUpdate, { args: [{ reportId: 'r1', reportedBy: 'agent:1' }] });
    const until = new Date((await env.currentTimeMs()) + 30 * DAY).toISOString();
    const st = await c.handle.executeUpdate(conductDecisionUpdate, { args: [{ reportId: 'r1', action: 'restrict', until, decidedBy: 'manager:1' }] });
    expect(st).toMatchObject({ level: 'restricted', canBook: false, restriction: { until } });
    await expect(c.admit('b1', 40)).rejects.toMatchObject({ cause: { type: 'SUPPORT_RESTRICTED' } });
    await env.sleep(30 * DAY + 1000);
    expect(await c.standing()).toMatchObject({ level: 'good', restriction: null });
    expect(await c.sent(2)).toEqual(['restriction_notice', 'restriction_lifted']);

    const p = await customer();
    await p.handle.executeUpdate(conductReportUpdate, { args: [{ reportId: 'r2', reportedBy: 'agent:1' }] });
    await p.handle.executeUpdate(conductDecisionUpdate, { args: [{ reportId: 'r2', action: 'restrict', decidedBy: 'manager:1' }] });
    await env.sleep(400 * DAY);
    expect(await p.standing()).toMatchObject({ level: 'restricted', restriction: { until: null } });
  });

  it('continue-as-new keeps strikes, penalty, restriction and open reports', async () => {
    const c = await customer(40);
    await c.noShow('b1');
    await c.noShow('b2');
    await c.handle.executeUpdate(conductReportUpdate, { args: [{ reportId: 'open-1', reportedBy: 'agent:1' }] });
    for (let i = 0; i < 15; i++) await c.noShow('b2'); // duplicates: history grows, state does not
    await env.sleep(1000);
    const desc = await c.handle.describe();
    expect(desc.runId).not.toBe(c.handle.firstExecutionRunId);
    const st = await env.client.workflow.getHandle(customerWorkflowId(c.customerId)).query(standingQuery);
    expect(st).toMatchObject({ level: 'penalty' });
    expect(st.strikes).toHaveLength(2);
    const decided = await env.client.workflow
      .getHandle(customerWorkflowId(c.customerId))
      .executeUpdate(conductDecisionUpdate, { args: [{ reportId: 'open-1', action: 'dismiss', decidedBy: 'manager:1' }] });
    expect(decided.level).toBe('penalty');
  });

  it('hostile values reach the workflow itself: prototype names as plans and kinds, junk admissions; no task fails', async () => {
    const c = await customer();
    const bad = DEFAULT_POLICY as never;
    for (const plan of ['toString', '__proto__', 'constructor']) await c.handle.signal(profileSignal, { profile: { plan, seats: 1, timeZone: 'UTC' }, policy: bad });
    await c.handle.signal(profileSignal, { profile: null as never, policy: bad });
    const at = new Date(await env.currentTimeMs()).toISOString();
    await c.handle.signal(bookingOutcomeSignal, { eventId: 'x:toString:v1', bookingId: 'x', kind: 'toString' as never, countsAsStrike: true, at, sessionStart: at, policy: DEFAULT_POLICY });
    await c.handle.signal(bookingOutcomeSignal, null as never);
    await c.handle.signal(releaseAdmissionSignal, { bookingId: '__proto__' });
    const st = await c.standing();
    expect(st).toMatchObject({ level: 'good', strikes: [], channels: [] });
    await expect(c.handle.executeUpdate(admitUpdate, { args: [{ bookingId: 'b1', sessionType: 'toString' as never, start: 'soon', policy: DEFAULT_POLICY }] })).rejects.toMatchObject({
      cause: { type: 'VALIDATION_FAILED' },
    });
    // A plan that is no plan includes no session type: a business refusal, not a crash.
    await expect(c.admit('b2', 10)).rejects.toMatchObject({ cause: { type: 'SESSION_TYPE_NOT_INCLUDED' } });
    await expect(c.handle.executeUpdate(conductDecisionUpdate, { args: [{ reportId: 'hasOwnProperty', action: 'warn', decidedBy: 'm' }] })).rejects.toMatchObject({
      cause: { type: 'NOT_FOUND' },
    });
  });

  it('bounded state: decided reports and admissions of past sessions are not carried across continue-as-new, nor any text', async () => {
    const c = await customer(60);
    await c.admit('past', 1);
    await c.admit('future', 100);
    await c.handle.executeUpdate(conductReportUpdate, { args: [{ reportId: 'r-done', reportedBy: 'agent:1' }] });
    await c.handle.executeUpdate(conductReportUpdate, { args: [{ reportId: 'r-open', reportedBy: 'agent:1' }] });
    await c.handle.executeUpdate(conductDecisionUpdate, { args: [{ reportId: 'r-done', action: 'dismiss', decidedBy: 'manager:1' }] });
    await env.sleep(9 * DAY);
    for (let i = 0; i < 20; i++) await c.noShow('dup'); // duplicates: history grows until it continues as new
    await env.sleep(1000);
    const first = env.client.workflow.getHandle(customerWorkflowId(c.customerId), c.handle.firstExecutionRunId);
    const events = (await first.fetchHistory()).events ?? [];
    const carried = events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
    expect(carried).toBeTruthy();
    const { state } = (await decodedJson(carried!)) as { state: Record<string, unknown> & { admissions: object; reports: { reportId: string }[] } };
    expect(Object.keys(state.admissions)).toEqual(['future']);
    expect(state.reports.map((r: { reportId: string }) => r.reportId)).toEqual(['r-open']);
    expect(state.decisions).toBeUndefined();
    expect(state.profile).toEqual({ plan: 'pro', seats: 3, timeZone: 'Europe/Madrid' });
  });
});
