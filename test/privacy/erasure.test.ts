// Erasure on request: live bookings cancelled by support (never counted), personal data gone from PostgreSQL
// (profile, stored messages, conduct texts), strikes and counts kept, the standing still answering; idempotent.
import { consoleCookies, csrfOf } from '../helpers/console-session';
import { KEYS, startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const NAME = 'Erin Erasable';
const EMAIL = 'erin.erasable@example.com';
const PHONE = '+34600999888';
const CONDUCT = 'Shouted at the agent about the invoice';

async function customerWithHistory(id: string) {
  await stack.call('PUT', `/v1/customers/${id}`, { name: NAME, email: EMAIL, phone: PHONE, locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const slot = async (h: number) =>
    (await stack.call('POST', '/v1/slots', { agentId: `ag-${id}-${h}`, sessionType: 'implementation', start: new Date(Date.now() + h * 3600_000).toISOString(), end: new Date(Date.now() + (h + 1) * 3600_000).toISOString() })).body;
  // A late cancellation: a strike that must survive the erasure.
  const late = (await stack.call('POST', '/v1/bookings', { customerId: id, slotId: (await slot(5)).id }, 'booking_ui')).body.booking;
  await stack.call('POST', `/v1/bookings/${late.id}/cancel`, {}, 'booking_ui');
  const live = (await stack.call('POST', '/v1/bookings', { customerId: id, slotId: (await slot(80)).id }, 'booking_ui')).body.booking;
  expect((await stack.call('POST', `/v1/customers/${id}/conduct-reports`, { description: CONDUCT, bookingId: live.id }, 'agent')).status).toBe(201);
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND kind = 'confirmation' AND status = 'sent'`, [live.id])).rowCount === 1);
  await until(async () => (await stack.call('GET', `/v1/customers/${id}/standing`, undefined, 'booking_ui')).body.strikes?.length === 1);
  return { live, late };
}

/** Every stored text of the customer, as one string. */
async function storedTexts(id: string): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await stack.db.pool.query(sql, [id])).rows);
  return [
    await q('SELECT * FROM customers WHERE id = $1'),
    await q('SELECT * FROM notifications WHERE customer_id = $1'),
    await q('SELECT * FROM conduct_reports WHERE customer_id = $1'),
    await q('SELECT * FROM customer_standings WHERE customer_id = $1'),
  ].join('\n');
}

it('cancels live bookings by support and removes the personal data; strikes, statuses and the standing stay; idempotent', async () => {
  const { live, late } = await customerWithHistory('c-erase');
  expect(await storedTexts('c-erase')).toContain(EMAIL);
  // Who reported: the role and a keyed fingerprint of the key, never the key or a prefix of it.
  const reportedBy = (await stack.db.pool.query(`SELECT reported_by FROM conduct_reports WHERE customer_id = 'c-erase'`)).rows[0].reported_by as string;
  expect(reportedBy).toMatch(/^agent:[0-9a-f]{16}$/);
  expect(reportedBy).not.toContain(KEYS.agent.slice(0, 6));

  expect((await stack.call('POST', '/v1/customers/c-erase/erase', {}, 'agent')).status).toBe(403);
  const erased = await stack.call('POST', '/v1/customers/c-erase/erase', {}, 'manager');
  expect(erased.status).toBe(200);
  expect(erased.body).toEqual({ customerId: 'c-erase', erasedAt: expect.any(String) });

  expect((await stack.call('GET', `/v1/bookings/${live.id}`, undefined, 'booking_ui')).body.status).toBe('cancelled_by_support');
  expect((await stack.call('GET', `/v1/bookings/${late.id}`, undefined, 'booking_ui')).body.status).toBe('cancelled_late');
  // The cancellation's own message, rendered after the erasure began, is stored without recipient or text too.
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND kind = 'cancellation_confirmation'`, [live.id])).rowCount === 1);
  const texts = await storedTexts('c-erase');
  for (const secret of [NAME, 'Erin', EMAIL, PHONE, CONDUCT]) expect(texts).not.toContain(secret);
  const agents = await stack.call('GET', '/v1/notifications?customerId=c-erase', undefined, 'agent');
  expect(agents.body.length).toBeGreaterThan(0);
  for (const secret of [NAME, EMAIL, PHONE]) expect(JSON.stringify(agents.body)).not.toContain(secret);

  const standing = await stack.call('GET', '/v1/customers/c-erase/standing', undefined, 'booking_ui');
  expect(standing.status).toBe(200);
  expect(standing.body).toMatchObject({ customerId: 'c-erase', strikes: [{ bookingId: late.id, reason: 'late_cancel' }] });

  const again = await stack.call('POST', '/v1/customers/c-erase/erase', {}, 'manager');
  expect(again.body).toEqual(erased.body);
  expect((await stack.call('POST', '/v1/customers/nobody/erase', {}, 'manager')).status).toBe(404);
});

it("the console's Erase button asks first, stating what goes and what is kept", async () => {
  await stack.call('PUT', '/v1/customers/c-erase-console', { name: 'Cora Console', email: 'cora@example.com', locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const agentCookies = await consoleCookies(stack.base, 'agent');
  expect(await (await fetch(`${stack.base}/console/customers/c-erase-console`, { headers: { cookie: agentCookies } })).text()).not.toContain('id="erase"');
  const cookies = await consoleCookies(stack.base, 'manager');
  const page = await (await fetch(`${stack.base}/console/customers/c-erase-console`, { headers: { cookie: cookies } })).text();
  expect(page).toContain('id="erase"');
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies };
  const confirm = await fetch(`${stack.base}/console/customers/c-erase-console/erase/confirm`, { method: 'POST', headers: form, body: new URLSearchParams({ _csrf: csrfOf(page) }) });
  const html = await confirm.text();
  expect(confirm.status).toBe(200);
  expect(html).toContain('What goes: the name, email address and phone');
  expect(html).toContain('What is kept, by id only: strikes');
  expect((await stack.db.pool.query(`SELECT name FROM customers WHERE id = 'c-erase-console'`)).rows[0].name).toBe('Cora Console');
  const done = await fetch(`${stack.base}/console/customers/c-erase-console/erase`, { method: 'POST', headers: form, body: new URLSearchParams({ _csrf: csrfOf(html) }), redirect: 'manual' });
  expect(done.status).toBe(303);
  expect((await stack.db.pool.query(`SELECT name, email, erased_at FROM customers WHERE id = 'c-erase-console'`)).rows[0]).toMatchObject({ name: '', email: '' });
});
