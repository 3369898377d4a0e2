// A message that failed (its deadline passed, or the provider refused it for good) is visible on the session's page.
import { KEYS, startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

it("the session page flags a failed message and shows it as failed in the notification log", async () => {
  await stack.call('PUT', '/v1/customers/c-failed', { name: 'F', email: 'f@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 }, 'booking_ui');
  const slot = (await stack.call('POST', '/v1/slots', { agentId: 'ag-f', sessionType: 'implementation', start: at(60), end: at(61) })).body;
  const booking = (await stack.call('POST', '/v1/bookings', { customerId: 'c-failed', slotId: slot.id }, 'booking_ui')).body.booking;
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND status <> 'pending'`, [booking.id])).rowCount === 1);

  // Sign in as a browser does: the login form's CSRF token and cookies, then the session cookie.
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await keep(await fetch(`${stack.base}/console/login?lang=en`, { redirect: 'manual' })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const login = keep(
    await fetch(`${stack.base}/console/login`, { method: 'POST', body: new URLSearchParams({ key: KEYS.agent, _csrf: csrf }), headers: { cookie: cookieHeader() }, redirect: 'manual' }),
  );
  expect(login.status).toBe(303);
  const cookie = cookieHeader();
  const page = async () => (await fetch(`${stack.base}/console/sessions/${booking.id}?lang=en`, { headers: { cookie } })).text();
  expect(await page()).not.toContain('could not be delivered');

  // As the message step leaves a message whose deadline passed while the provider kept refusing it.
  await stack.db.pool.query(`UPDATE notifications SET status = 'failed', error = 'mailgun 503: Service Unavailable (then: deadline passed)' WHERE booking_id = $1`, [booking.id]);
  const html = await page();
  expect(html).toContain('role="alert"');
  expect(html).toContain('could not be delivered before their deadline');
  expect(html).toContain('<strong class="failed">failed</strong>');
  expect(html).toContain('deadline passed');
});
