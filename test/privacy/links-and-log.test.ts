// Links grant only their scope; the agents' notification log holds no usable link; tokens never reach the logs;
// link pages are never cached; a malformed console cookie is not a 500.
import { createLinkToken } from '../../links/tokens';
import { KEYS, startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let n = 0;
async function booked() {
  const customerId = `c-scope-${++n}`;
  await stack.call('PUT', `/v1/customers/${customerId}`, { name: 'Ann Scope', email: `${customerId}@example.com`, locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const slot = async (h: number) => (await stack.call('POST', '/v1/slots', { agentId: `ag-scope-${n}-${h}`, sessionType: 'implementation', start: at(h * HOUR), end: at(h * HOUR + HOUR) })).body;
  const [s1, s2] = [await slot(72), await slot(96)];
  const res = await stack.call('POST', '/v1/bookings', { customerId, slotId: s1.id }, 'booking_ui');
  expect(res.status).toBe(201);
  const token = (url: string) => url.split('/b/')[1];
  return { customerId, booking: res.body.booking, change: token(res.body.links.change), cancel: token(res.body.links.cancel), s2 };
}

/** Every `/b/<token>` in a page, with the scopes the tokens claim. */
const tokensIn = (html: string) => [...html.matchAll(/\/b\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]);
const scopeOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).scope as string;

it("a cancel link's page shows the session and Cancel only: no change form, no change token; a cancel token cannot reschedule", async () => {
  const { booking, cancel, s2 } = await booked();
  const page = await fetch(`${stack.base}/b/${cancel}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-store');
  const html = await page.text();
  expect(html).toContain('id="cancel-button"');
  expect(html).not.toContain('id="move"');
  expect(html).not.toContain('name="slotId"');
  expect(html).not.toContain(s2.id);
  expect(tokensIn(html).length).toBeGreaterThan(0);
  expect(tokensIn(html).every((t) => t === cancel)).toBe(true);
  expect(tokensIn(html).map(scopeOf)).not.toContain('change');

  const viaForm = await fetch(`${stack.base}/b/${cancel}/reschedule`, { method: 'POST', body: new URLSearchParams({ slotId: s2.id }), redirect: 'manual' });
  expect(viaForm.status).toBe(401);
  const viaApi = await stack.call('POST', `/v1/links/${cancel}/reschedule`, { slotId: s2.id }, null);
  expect(viaApi.body.error.code).toBe('LINK_INVALID');
  const shown = await stack.call('GET', `/v1/links/${cancel}`, undefined, null);
  expect(shown.body.freeSlots).toEqual([]);
  expect((await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body).toMatchObject({ slotId: booking.slotId, version: 1 });
});

it("a change link's page offers the move and mints no cancel token", async () => {
  const { change, s2 } = await booked();
  const html = await (await fetch(`${stack.base}/b/${change}`)).text();
  expect(html).toContain(s2.id);
  expect(html).not.toContain('id="cancel-button"');
  expect(tokensIn(html).map(scopeOf).every((s) => s === 'change')).toBe(true);
});

it('a feedback token opens neither the booking page nor its actions', async () => {
  const { booking } = await booked();
  const feedback = await createLinkToken({ bookingId: booking.id, version: 1, scope: 'feedback' }, new Date(Date.now() + 10 * 86400_000), stack.settings.linkSecret);
  expect((await fetch(`${stack.base}/b/${feedback}`)).status).toBe(401);
  expect((await stack.call('POST', `/v1/links/${feedback}/cancel`, {}, null)).body.error.code).toBe('LINK_INVALID');
  const f = await fetch(`${stack.base}/f/${feedback}`);
  expect(f.headers.get('cache-control')).toBe('no-store');
});

it("the agents' notification list holds no link that still opens a page; the stored bytes keep theirs", async () => {
  const { booking } = await booked();
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND kind = 'confirmation' AND status = 'sent'`, [booking.id])).rowCount === 1);
  const list = await stack.call('GET', `/v1/notifications?bookingId=${booking.id}`, undefined, 'agent');
  expect(list.status).toBe(200);
  const confirmation = list.body.find((x: { kind: string }) => x.kind === 'confirmation');
  expect(confirmation.body).toContain(`${stack.base}/b/…`);
  const urls = list.body.flatMap((x: { body: string }) => x.body.match(/https?:\/\/\S+/g) ?? []);
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    const res = await fetch(url.replace(/[).,]+$/, ''), { redirect: 'manual' });
    expect([401, 404, 410]).toContain(res.status);
  }
  const stored = (await stack.db.pool.query(`SELECT body FROM notifications WHERE booking_id = $1 AND kind = 'confirmation'`, [booking.id])).rows[0].body as string;
  const live = /\/b\/(\S+)/.exec(stored)![1];
  expect((await fetch(`${stack.base}/b/${live}`)).status).toBe(200);
});

it('logs no token of any link kind', async () => {
  const { change, cancel, booking } = await booked();
  const feedback = await createLinkToken({ bookingId: booking.id, version: 1, scope: 'feedback' }, new Date(Date.now() + 10 * 86400_000), stack.settings.linkSecret);
  await fetch(`${stack.base}/b/${change}`);
  await fetch(`${stack.base}/v1/links/${cancel}`);
  await fetch(`${stack.base}/f/${feedback}`);
  await fetch(`${stack.base}/v1/feedback/${feedback}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rating":9}' });
  const logged = JSON.stringify(stack.logLines);
  for (const t of [change, cancel, feedback]) expect(logged).not.toContain(t.split('.')[2]);
  expect(logged).toContain('/f/…');
  expect(logged).toContain('/v1/feedback/…');
  for (const key of Object.values(KEYS)) expect(logged).not.toContain(key);
});

it('a malformed console cookie is not a 500', async () => {
  const res = await fetch(`${stack.base}/console/login`, { headers: { cookie: 'console_session=%E0%A4; console_csrf=%E0%A4' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
});
