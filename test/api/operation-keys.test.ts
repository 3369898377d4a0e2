// One Idempotency-Key names one operation; a reschedule's pre-check refuses a time the customer already holds.
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const slot = async (agentId: string, startH: number) =>
  (await stack.call('POST', '/v1/slots', { agentId, sessionType: 'implementation', start: at(startH), end: at(startH + 1) })).body;

it('the same Idempotency-Key for a reschedule and then a cancel: the cancel is carried out, not answered with the reschedule', async () => {
  await stack.call('PUT', '/v1/customers/c-keys', { name: 'K', email: 'k@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 }, 'booking_ui');
  const first = await slot('ag-k1', 100);
  const second = await slot('ag-k2', 120);
  const booking = (await stack.call('POST', '/v1/bookings', { customerId: 'c-keys', slotId: first.id }, 'booking_ui')).body.booking;
  const key = { 'Idempotency-Key': 'key-1' };
  const moved = await stack.call('POST', `/v1/bookings/${booking.id}/reschedule`, { slotId: second.id }, 'booking_ui', key);
  expect(moved.body.booking).toMatchObject({ slotId: second.id, status: 'scheduled' });
  const cancelled = await stack.call('POST', `/v1/bookings/${booking.id}/cancel`, {}, 'booking_ui', key);
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.booking.status).toBe('cancelled');
});

it('a reschedule to a time the customer already has a session is refused before the workflow', async () => {
  await stack.call('PUT', '/v1/customers/c-busy', { name: 'B', email: 'b@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 }, 'booking_ui');
  const a = await slot('ag-b1', 200);
  const b = await slot('ag-b2', 220);
  const overlapping = await slot('ag-b3', 220);
  const moving = (await stack.call('POST', '/v1/bookings', { customerId: 'c-busy', slotId: a.id }, 'booking_ui')).body.booking;
  expect((await stack.call('POST', '/v1/bookings', { customerId: 'c-busy', slotId: b.id }, 'booking_ui')).status).toBe(201);
  const refused = await stack.call('POST', `/v1/bookings/${moving.id}/reschedule`, { slotId: overlapping.id }, 'booking_ui');
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
  expect((await stack.call('GET', `/v1/bookings/${moving.id}`, undefined, 'booking_ui')).body).toMatchObject({ slotId: a.id, version: 1 });
});
