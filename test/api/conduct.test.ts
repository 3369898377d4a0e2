import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const eventually = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
  let v = await read();
  for (let i = 0; i < 50 && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
};

describe('conduct decisions through the API', () => {
  it('termination cancels future bookings by support, counts no strike, and is recorded for billing', async () => {
    await stack.call('PUT', '/v1/customers/c-term', { name: 'T', email: 't@example.com', locale: 'en', timeZone: 'UTC', plan: 'pro', seats: 1 }, 'booking_ui');
    const slot = (await stack.call('POST', '/v1/slots', { agentId: 'ag-term', sessionType: 'implementation', start: at(100), end: at(101) })).body;
    const booking = (await stack.call('POST', '/v1/bookings', { customerId: 'c-term', slotId: slot.id }, 'booking_ui')).body.booking;

    const report = await stack.call('POST', '/v1/customers/c-term/conduct-reports', { description: 'abusive language', bookingId: booking.id }, 'agent');
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ status: 'open' });
    const standing = await stack.call('POST', `/v1/customers/c-term/conduct-reports/${report.body.id}/decision`, { action: 'terminate', note: 'repeated abuse' }, 'manager');
    expect(standing.body).toMatchObject({ level: 'terminated', canBook: false, strikes: [], channels: [] });

    const after = await eventually(
      async () => (await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body,
      (b) => b.status === 'cancelled_by_support',
    );
    expect(after.status).toBe('cancelled_by_support');
    const terminations = await stack.db.pool.query('SELECT customer_id FROM subscription_terminations');
    expect(terminations.rows).toEqual([{ customer_id: 'c-term' }]);
    const again = await stack.call('POST', '/v1/bookings', { customerId: 'c-term', slotId: slot.id }, 'booking_ui');
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('SUPPORT_RESTRICTED');
    expect((await stack.call('GET', '/v1/customers/c-term/standing', undefined, 'booking_ui')).body.strikes).toEqual([]);
  });

  it('a restriction blocks booking until a manager lifts it', async () => {
    await stack.call('PUT', '/v1/customers/c-res', { name: 'R', email: 'r@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan: 'business', seats: 1 }, 'booking_ui');
    const report = (await stack.call('POST', '/v1/customers/c-res/conduct-reports', { description: 'rude' }, 'agent')).body;
    const restricted = await stack.call('POST', `/v1/customers/c-res/conduct-reports/${report.id}/decision`, { action: 'restrict', until: at(24 * 30) }, 'manager');
    expect(restricted.body).toMatchObject({ level: 'restricted', canBook: false });
    const slot = (await stack.call('POST', '/v1/slots', { agentId: 'ag-res', sessionType: 'quick_assist', start: at(50), end: at(51) })).body;
    const refused = await stack.call('POST', '/v1/bookings', { customerId: 'c-res', slotId: slot.id }, 'booking_ui');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'SUPPORT_RESTRICTED' });
    expect(refused.body.error.details.until).toBeTruthy();
    const lifted = await stack.call('POST', '/v1/customers/c-res/restriction/lift', {}, 'manager');
    expect(lifted.body).toMatchObject({ level: 'good', restriction: null, canBook: true });
    expect((await stack.call('POST', '/v1/bookings', { customerId: 'c-res', slotId: slot.id }, 'booking_ui')).status).toBe(201);
  });
});

describe('attendance through the API', () => {
  it('opens at the start; the same outcome twice is a no-op; another outcome is refused', async () => {
    await stack.call('PUT', '/v1/customers/c-att', { name: 'A', email: 'a@example.com', locale: 'en', timeZone: 'UTC', plan: 'pro', seats: 1 }, 'booking_ui');
    const start = new Date(Date.now() + 3000);
    const slot = (await stack.call('POST', '/v1/slots', { agentId: 'ag-att', sessionType: 'quick_assist', start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() })).body;
    const booking = (await stack.call('POST', '/v1/bookings', { customerId: 'c-att', slotId: slot.id }, 'booking_ui')).body.booking;
    const early = await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'attended' }, 'agent');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ATTENDANCE_NOT_OPEN');
    await new Promise((r) => setTimeout(r, start.getTime() - Date.now() + 500));
    const first = await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'attended', note: 'went well' }, 'agent');
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('attended');
    const again = await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'attended' }, 'agent');
    expect(again.body.status).toBe('attended');
    const other = await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'no_show' }, 'agent');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('BOOKING_NOT_CHANGEABLE');
  });
});
