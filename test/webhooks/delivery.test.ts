// Webhooks end to end on a real Temporal dev server and PostgreSQL: events from the projections, one durable delivery
// per subscription and event, signed per Standard Webhooks (verified here with the `standardwebhooks` library).
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../../observability/logger';
import { registry } from '../../observability/metrics';
import { webhookDeliveryWorkflowId } from '../../workflows/ids';
import { startWebhookDispatcher, type WebhookDispatcher } from '../../webhooks/dispatcher';
import { record } from '../helpers/histories';
import { KEYS, startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';
import { bookingSteps, workflowTaskFailures } from '../helpers/webhook-flow';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(150_000);

let stack: Awaited<ReturnType<typeof startTestStack>>;
let dispatcher: WebhookDispatcher;
let steps: ReturnType<typeof bookingSteps>;
const receivers: Receiver[] = [];
const receiver = async (...args: Parameters<typeof startReceiver>) => {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  stack = await startTestStack({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_SCHEDULE: 'PT1S,PT1S' });
  dispatcher = startWebhookDispatcher({ pool: stack.db.pool, client: stack.env.client, settings: stack.settings, logger: createLogger('test', 'silent'), intervalMs: 200 });
  steps = bookingSteps(stack.call);
  await steps.customer('c-wh');
});
afterAll(async () => {
  await dispatcher?.stop();
  for (const r of receivers) await r.close();
  await stack?.close();
});

const attemptsCounted = async (status: string): Promise<number> =>
  (await registry.getSingleMetric('support_sessions_webhook_attempts_total')!.get()).values.filter((v) => v.labels.status === status).reduce((n, v) => n + v.value, 0);

const forBooking = (r: Receiver, id: string) => r.received.filter((x) => x.json.data.id === id);

describe('webhook deliveries', () => {
  it('a booking created, moved and cancelled: three events in revision order, each verified with the library', async () => {
    const rx = await receiver();
    const sub = await steps.subscribe(rx.url, ['booking.created', 'booking.rescheduled', 'booking.cancelled']);
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    expect(Buffer.from(sub.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const [s1, s2] = [await steps.slot(), await steps.slot()];
    const id = await steps.book('c-wh', s1);
    expect((await stack.call('POST', `/v1/bookings/${id}/reschedule`, { slotId: s2 }, 'booking_ui')).status).toBe(200);
    expect((await stack.call('POST', `/v1/bookings/${id}/cancel`, {}, 'booking_ui')).status).toBe(200);
    await until(async () => forBooking(rx, id).length >= 3);

    const events = forBooking(rx, id);
    expect(events.map((e) => e.json.type)).toEqual(['booking.created', 'booking.rescheduled', 'booking.cancelled']);
    const wh = new Webhook(sub.secret);
    for (const e of events) expect(wh.verify(e.body, e.headers)).toEqual(e.json);
    const revisions = events.map((e) => e.json.data.revision as number);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(3);
    expect(events[1].json.data.slotId).toBe(s2);
    // The last event carries what the API answers for the booking now.
    const now = (await stack.call('GET', `/v1/bookings/${id}`, undefined, 'booking_ui')).body;
    expect(events[2].json.data).toMatchObject({ ...now, status: 'cancelled' });
    expect(events.every((e) => typeof e.json.timestamp === 'string' && /^\d+$/.test(e.headers['webhook-timestamp']))).toBe(true);
    // Another secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(events[0].body, events[0].headers)).toThrow();
  });

  it('a receiver answering 500 twice: delivered on the third attempt with one webhook-id; the log says 3 attempts', async () => {
    const [pendingBefore, deliveredBefore] = [await attemptsCounted('pending'), await attemptsCounted('delivered')];
    const rx = await receiver((n) => (n < 2 ? 500 : 200));
    const sub = await steps.subscribe(rx.url, ['booking.created']);
    const id = await steps.book('c-wh', await steps.slot());
    await until(async () => (await steps.deliveries(sub.id)).some((d) => d.status === 'delivered'));

    const attempts = forBooking(rx, id);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const a of attempts) expect(new Webhook(sub.secret).verify(a.body, a.headers)).toMatchObject({ type: 'booking.created' });
    const [log] = await steps.deliveries(sub.id);
    expect(log).toMatchObject({ id: attempts[0].headers['webhook-id'], event: 'booking.created', status: 'delivered', attempts: 3, lastStatus: 200, nextAttemptAt: null });
    expect(log.deliveredAt).not.toBeNull();
    // support_sessions_webhook_attempts_total counts them by the delivery's status after each.
    expect(await attemptsCounted('pending')).toBeGreaterThanOrEqual(pendingBefore + 2);
    expect(await attemptsCounted('delivered')).toBeGreaterThanOrEqual(deliveredBefore + 1);
    await record('webhook-delivery-third-attempt', stack.env.client.workflow.getHandle(webhookDeliveryWorkflowId(log.id)));
  });

  it('a receiver that never answers holds up no other subscription; after the schedule it is failed, the managers are told, a retry makes one more attempt', async () => {
    const dead = await receiver(() => 'hang');
    const alive = await receiver();
    const deadSub = await steps.subscribe(dead.url, ['booking.created']);
    await steps.subscribe(alive.url, ['booking.created']);
    const id = await steps.book('c-wh', await steps.slot());

    // The other subscription's event arrives while the dead receiver still holds its first attempt.
    await until(async () => forBooking(alive, id).length === 1);
    const [first] = await steps.deliveries(deadSub.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 0 });

    // Three attempts of 15 s without an answer, a second between them: failed, and one email to the managers.
    await until(async () => (await steps.deliveries(deadSub.id))[0].status === 'failed', 500);
    const [failed] = await steps.deliveries(deadSub.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatus: null, nextAttemptAt: null, deliveredAt: null });
    expect(forBooking(dead, id)).toHaveLength(3);
    const alerts = () => stack.db.pool.query(`SELECT recipient, subject, body, status FROM notifications WHERE kind = 'webhook_failed' AND key LIKE $1`, [`%${failed.id}%`]);
    await until(async () => (await alerts()).rows[0]?.status === 'sent');
    const mail = await alerts();
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0].recipient).toBe(stack.settings.managerAlertEmail);
    expect(mail.rows[0].body).toContain(failed.id);

    // A manual retry makes exactly one more attempt (now answered), with the same webhook-id.
    dead.setBehaviour(() => 200);
    const retried = await stack.call('POST', `/v1/webhooks/${deadSub.id}/deliveries/${failed.id}/retry`, undefined, 'manager');
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending' });
    await until(async () => (await steps.deliveries(deadSub.id))[0].status === 'delivered');
    expect(forBooking(dead, id)).toHaveLength(4);
    expect(new Set(forBooking(dead, id).map((a) => a.headers['webhook-id']))).toEqual(new Set([failed.id]));
    expect((await steps.deliveries(deadSub.id))[0]).toMatchObject({ attempts: 4, lastStatus: 200 });
    const mails = await stack.db.pool.query(`SELECT 1 FROM notifications WHERE kind = 'webhook_failed' AND key LIKE $1`, [`%${failed.id}%`]);
    expect(mails.rowCount).toBe(1);
  });

  it('a retry while the delivery waits for its next attempt makes it now, in the same run, and only once', async () => {
    const saved = stack.settings.webhookRetrySchedule;
    stack.settings.webhookRetrySchedule = ['PT1H'];
    try {
      const rx = await receiver((n) => (n < 1 ? 500 : 200));
      const sub = await steps.subscribe(rx.url, ['booking.created']);
      const id = await steps.book('c-wh', await steps.slot());
      await until(async () => (await steps.deliveries(sub.id))[0]?.attempts === 1);
      const [waiting] = await steps.deliveries(sub.id);
      expect(waiting).toMatchObject({ status: 'pending', lastStatus: 500 });
      const handle = stack.env.client.workflow.getHandle(webhookDeliveryWorkflowId(waiting.id));
      const { runId } = await handle.describe();

      const retried = await stack.call('POST', `/v1/webhooks/${sub.id}/deliveries/${waiting.id}/retry`, undefined, 'manager');
      expect(retried.status).toBe(200);
      await until(async () => (await steps.deliveries(sub.id))[0].status === 'delivered');
      expect(await handle.result()).toBe('delivered');
      expect((await handle.describe()).runId).toBe(runId);
      expect(forBooking(rx, id)).toHaveLength(2);
      expect((await steps.deliveries(sub.id))[0]).toMatchObject({ attempts: 2, lastStatus: 200 });
    } finally {
      stack.settings.webhookRetrySchedule = saved;
    }
  });

  it('a receiver answering 410 disables its subscription after one attempt', async () => {
    const rx = await receiver(() => 410);
    const sub = await steps.subscribe(rx.url, ['booking.created', 'booking.cancelled']);
    const id = await steps.book('c-wh', await steps.slot());
    await until(async () => (await stack.call('GET', '/v1/webhooks', undefined, 'manager')).body.find((w: { id: string }) => w.id === sub.id).status === 'disabled');
    const [d] = await steps.deliveries(sub.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410 });
    // Later events are not delivered to a disabled subscription.
    expect((await stack.call('POST', `/v1/bookings/${id}/cancel`, {}, 'booking_ui')).status).toBe(200);
    const other = await receiver();
    await steps.subscribe(other.url, ['booking.cancelled']);
    await steps.book('c-wh', await steps.slot()).then((b) => stack.call('POST', `/v1/bookings/${b}/cancel`, {}, 'booking_ui'));
    await until(async () => other.received.length >= 1);
    expect(forBooking(rx, id)).toHaveLength(1);
    expect(await steps.deliveries(sub.id)).toHaveLength(1);
    const retry = await stack.call('POST', `/v1/webhooks/${sub.id}/deliveries/${d.id}/retry`, undefined, 'manager');
    expect(retry.status).toBe(409);
  });

  it('the subscription API: secret shown once, events validated, lists paged with Link rel="next", deletion', async () => {
    const bad = [
      { url: 'http://127.0.0.1/x', events: [] },
      { url: 'http://127.0.0.1/x', events: ['booking.nope'] },
      { url: 'http://127.0.0.1/x', events: ['toString'] },
      { url: 'not a url', events: ['*'] },
      { url: `http://127.0.0.1/${'x'.repeat(2100)}`, events: ['*'] },
      { url: 'http://127.0.0.1/x', events: ['*'], description: 'a\u0000b' },
      { url: 'http://127.0.0.1/x', events: ['*'], description: 'x'.repeat(501) },
      { url: 'http://127.0.0.1/x', events: ['*'], extra: true },
    ];
    for (const body of bad) {
      const res = await stack.call('POST', '/v1/webhooks', body, 'manager');
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // An event said twice, or beside "*", is the same subscription: each event once, or all of them.
    const twice = await stack.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1/x', events: ['booking.created', 'booking.created'] }, 'manager');
    expect([twice.status, twice.body.events]).toEqual([201, ['booking.created']]);
    const star = await stack.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1/x', events: ['*', 'booking.created'] }, 'manager');
    expect([star.status, star.body.events]).toEqual([201, ['*']]);
    for (const id of [twice.body.id, star.body.id]) expect((await stack.call('DELETE', `/v1/webhooks/${id}`, undefined, 'manager')).status).toBe(204);
    expect((await stack.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1/x', events: ['*'] }, 'agent')).status).toBe(403);
    expect((await stack.call('GET', '/v1/webhooks', undefined, 'agent')).status).toBe(403);

    const made = [];
    for (let i = 0; i < 3; i++) made.push((await stack.call('POST', '/v1/webhooks', { url: `http://127.0.0.1:9/p${i}`, events: ['*'] }, 'manager')).body);
    const all = (await stack.call('GET', '/v1/webhooks?limit=500', undefined, 'manager')).body;
    expect(JSON.stringify(all)).not.toContain('whsec_');
    const ids: string[] = [];
    let next: string | undefined = '/v1/webhooks?limit=2';
    while (next) {
      const page = await stack.call('GET', next, undefined, 'manager');
      ids.push(...page.body.map((w: { id: string }) => w.id));
      const link = (page as unknown as { headers: Headers }).headers.get('link');
      next = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]).pathname + new URL(/^<([^>]+)>/.exec(link)![1]).search : undefined;
    }
    expect(ids).toEqual(all.map((w: { id: string }) => w.id));
    expect(ids).toEqual(expect.arrayContaining(made.map((m) => m.id)));

    const gone = made[0].id;
    expect((await stack.call('DELETE', `/v1/webhooks/${gone}`, undefined, 'manager')).status).toBe(204);
    expect((await stack.call('DELETE', `/v1/webhooks/${gone}`, undefined, 'manager')).status).toBe(404);
    expect((await stack.call('GET', `/v1/webhooks/${gone}/deliveries`, undefined, 'manager')).status).toBe(404);
    for (const m of made.slice(1)) await stack.call('DELETE', `/v1/webhooks/${m.id}`, undefined, 'manager');
  });

  it('private URLs are refused without WEBHOOK_ALLOW_PRIVATE_URLS, when subscribing and again when delivering', async () => {
    const rx = await receiver();
    const sub = await steps.subscribe(rx.url, ['booking.rescheduled']);
    stack.settings.webhookAllowPrivateUrls = false;
    try {
      // What the API refuses, its document says: a fuzzer's schema-valid URL is one it takes.
      const doc = (await stack.call('GET', '/openapi.json', undefined, null)).body;
      expect(doc.components.schemas.WebhookInput.properties.url.pattern).toBe('^[^\\x00]*$');
      expect((await stack.call('POST', '/v1/webhooks', { url: 'https://example.com/\u0000', events: ['*'] }, 'manager')).status).toBe(400);
      for (const url of ['http://example.com/hook', 'https://127.0.0.1/hook', 'https://localhost/hook', 'https://[::1]/hook', 'https://10.1.2.3/hook', 'https://169.254.169.254/latest', 'https://[::ffff:127.0.0.1]/x', 'https://user:pw@example.com/x']) {
        const res = await stack.call('POST', '/v1/webhooks', { url, events: ['*'] }, 'manager');
        expect([url, res.status, res.body.error?.details?.fields?.[0]?.path]).toEqual([url, 400, 'url']);
      }
      // The subscription made while it was allowed is now refused at delivery: no request reaches the receiver.
      const [s1, s2] = [await steps.slot(), await steps.slot()];
      const id = await steps.book('c-wh', s1);
      await stack.call('POST', `/v1/bookings/${id}/reschedule`, { slotId: s2 }, 'booking_ui');
      await until(async () => (await steps.deliveries(sub.id)).some((d) => d.attempts >= 1));
      const [d] = await steps.deliveries(sub.id);
      expect(d).toMatchObject({ status: 'pending', lastStatus: null });
      expect((d as unknown as { lastError: string }).lastError).toMatch(/refused/);
      expect(rx.received).toHaveLength(0);
    } finally {
      stack.settings.webhookAllowPrivateUrls = true;
    }
    // Allowed again: a later attempt (or, if the schedule ran out meanwhile, a manual retry) reaches the receiver.
    await until(async () => rx.received.length === 1 || (await steps.deliveries(sub.id))[0].status === 'failed');
    const [after] = await steps.deliveries(sub.id);
    if (after.status === 'failed') expect((await stack.call('POST', `/v1/webhooks/${sub.id}/deliveries/${after.id}/retry`, undefined, 'manager')).status).toBe(200);
    await until(async () => rx.received.length === 1);
    expect(new Webhook(sub.secret).verify(rx.received[0].body, rx.received[0].headers)).toMatchObject({ type: 'booking.rescheduled' });
  });

  it('attendance and standing: booking.started, booking.no_show and customer.standing_changed with its revision', async () => {
    const rx = await receiver();
    const sub = await steps.subscribe(rx.url, ['booking.started', 'booking.no_show', 'customer.standing_changed']);
    await steps.customer('c-wh-noshow');
    const id = await steps.book('c-wh-noshow', await steps.slot(8000));
    await until(async () => forBooking(rx, id).some((e) => e.json.type === 'booking.started'));
    expect((await stack.call('POST', `/v1/bookings/${id}/attendance`, { outcome: 'no_show' }, 'agent')).status).toBe(200);
    const standing = () => rx.received.filter((e) => e.json.type === 'customer.standing_changed' && e.json.data.customerId === 'c-wh-noshow');
    await until(async () => standing().some((e) => e.json.data.level === 'warned'));
    // Each entity's events arrive in order; the booking's and the customer's are delivered apart, in either order.
    await until(async () => forBooking(rx, id).length >= 2);
    expect(forBooking(rx, id).map((e) => e.json.type)).toEqual(['booking.started', 'booking.no_show']);
    const warned = standing().find((e) => e.json.data.level === 'warned')!;
    expect(warned.json.data).toMatchObject({ customerId: 'c-wh-noshow', strikes: [{ bookingId: id, reason: 'no_show' }] });
    expect(warned.json.data.revision).toBeGreaterThan(0);
    for (const e of rx.received) new Webhook(sub.secret).verify(e.body, e.headers);
  });

  it('the console: a manager subscribes (the secret shown once), sees the delivery log and retries; an agent cannot', async () => {
    const jar = new Map<string, string>();
    const browse = async (path: string, fields?: Record<string, string | string[]>) => {
      const body = fields ? new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]))) : undefined;
      const res = await fetch(`${stack.base}${path}`, { method: fields ? 'POST' : 'GET', body, redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) jar.set(c.split('=')[0], c.split('=')[1].split(';')[0]);
      return { status: res.status, location: res.headers.get('location'), html: await res.text() };
    };
    const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const signIn = async (key: string) => {
      jar.clear();
      const login = await browse('/console/login');
      expect((await browse('/console/login', { _csrf: csrf(login.html), key })).status).toBe(303);
    };

    await signIn(KEYS.agent);
    expect((await browse('/console/webhooks')).status).toBe(403);

    await signIn(KEYS.manager);
    const list = await browse('/console/webhooks');
    expect(list.status).toBe(200);
    const rx = await receiver();
    const made = await browse('/console/webhooks', { _csrf: csrf(list.html), url: rx.url, events: 'booking.created', description: 'console receiver' });
    expect(made.status).toBe(201);
    const secret = /<code id="secret">([^<]+)<\/code>/.exec(made.html)![1];
    expect(secret).toMatch(/^whsec_/);
    const again = await browse('/console/webhooks');
    expect(again.html).toContain(rx.url);
    expect(again.html).not.toContain(secret);
    const subId = /href="\/console\/webhooks\/(wh_[0-9a-f]+)"/.exec(again.html.slice(again.html.indexOf(rx.url)))![1];

    const id = await steps.book('c-wh', await steps.slot());
    await until(async () => forBooking(rx, id).length === 1);
    expect(new Webhook(secret).verify(forBooking(rx, id)[0].body, forBooking(rx, id)[0].headers)).toMatchObject({ type: 'booking.created' });
    await until(async () => (await steps.deliveries(subId))[0]?.status === 'delivered');
    const log = await browse(`/console/webhooks/${subId}`);
    const [delivery] = await steps.deliveries(subId);
    expect(log.html).toContain(delivery.id);
    const retried = await browse(`/console/webhooks/${subId}/deliveries/${delivery.id}/retry`, { _csrf: csrf(log.html) });
    expect([retried.status, retried.location]).toEqual([303, `/console/webhooks/${subId}?done=retried`]);
    await until(async () => forBooking(rx, id).length === 2);
    await until(async () => (await steps.deliveries(subId))[0].attempts === 2);
    const removed = await browse(`/console/webhooks/${subId}/delete`, { _csrf: csrf((await browse('/console/webhooks')).html) });
    expect(removed.status).toBe(303);
    expect((await stack.call('GET', `/v1/webhooks/${subId}/deliveries`, undefined, 'manager')).status).toBe(404);
  });

  it('no delivery or booking workflow task failed', async () => {
    const deliveries = await workflowTaskFailures(stack.env.client, `WorkflowType = 'webhookDeliveryWorkflow'`);
    const bookings = await workflowTaskFailures(stack.env.client, `WorkflowType = 'bookingWorkflow'`);
    expect(deliveries.checked).toBeGreaterThan(5);
    expect(bookings.checked).toBeGreaterThan(5);
    expect([...deliveries.failed, ...bookings.failed]).toEqual([]);
  });
});
