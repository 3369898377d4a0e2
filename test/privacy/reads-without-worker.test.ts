// Reads never need a worker: with every worker stopped, the link page, the standing, the change terms and the
// console's session page answer 200 with current data, from PostgreSQL's read models (issue 23).
import { consoleCookies } from '../helpers/console-session';
import { startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

it('with every worker stopped, GET /b/:token, the standing, the change terms and the console session page answer 200 with current data', async () => {
  await stack.call('PUT', '/v1/customers/c-noworker', { name: 'Wen Noworker', email: 'wen@example.com', locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const slot = async (h: number) =>
    (await stack.call('POST', '/v1/slots', { agentId: 'ag-noworker', sessionType: 'implementation', start: new Date(Date.now() + h * 3600_000).toISOString(), end: new Date(Date.now() + (h + 1) * 3600_000).toISOString() })).body;
  const [s1, s2, s3] = [await slot(72), await slot(96), await slot(10)];
  const first = (await stack.call('POST', '/v1/bookings', { customerId: 'c-noworker', slotId: s1.id }, 'booking_ui')).body;
  // A late cancellation makes a strike: the standing read later must show it.
  const late = (await stack.call('POST', '/v1/bookings', { customerId: 'c-noworker', slotId: s3.id }, 'booking_ui')).body;
  expect((await stack.call('POST', `/v1/bookings/${late.booking.id}/cancel`, {}, 'booking_ui')).body.countedAsNoShow).toBe(true);
  await until(async () => (await stack.call('GET', '/v1/customers/c-noworker/standing', undefined, 'booking_ui')).body.strikes?.length === 1);
  const cookies = await consoleCookies(stack.base);

  await stack.stopWorker();

  const page = await fetch(`${stack.base}/b/${first.links.change.split('/b/')[1]}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(s2.id);

  const standing = await stack.call('GET', '/v1/customers/c-noworker/standing', undefined, 'booking_ui');
  expect(standing.status).toBe(200);
  expect(standing.body).toMatchObject({ customerId: 'c-noworker', level: 'warned', canBook: true, strikes: [{ bookingId: late.booking.id, reason: 'late_cancel' }] });

  const terms = await stack.call('GET', `/v1/bookings/${first.booking.id}/change-terms`, undefined, 'booking_ui');
  expect(terms.status).toBe(200);
  expect(terms.body).toMatchObject({ late: false, wouldCountAsNoShow: false, consequence: 'none' });

  const session = await fetch(`${stack.base}/console/sessions/${first.booking.id}`, { headers: { cookie: cookies } });
  expect(session.status).toBe(200);
  expect(await session.text()).toContain('Wen Noworker');
  const customer = await fetch(`${stack.base}/console/customers/c-noworker`, { headers: { cookie: cookies } });
  expect(customer.status).toBe(200);
});
