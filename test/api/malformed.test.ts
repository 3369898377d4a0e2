import fc from 'fast-check';
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let bookingId: string;
beforeAll(async () => {
  stack = await startTestStack();
  await stack.call('PUT', '/v1/customers/c-fuzz', { name: 'F', email: 'f@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 }, 'booking_ui');
  const slot = await stack.call('POST', '/v1/slots', { agentId: 'fuzz', sessionType: 'quick_assist', start: new Date(Date.now() + 96 * 3600_000).toISOString(), end: new Date(Date.now() + 97 * 3600_000).toISOString() });
  bookingId = (await stack.call('POST', '/v1/bookings', { customerId: 'c-fuzz', slotId: slot.body.id }, 'booking_ui')).body.booking.id;
});
afterAll(async () => {
  await stack?.close();
});

const counts = async () =>
  (await stack.db.pool.query(`SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM slots) s, (SELECT count(*) FROM bookings) b, (SELECT string_agg(status || version, ',') FROM bookings) st`)).rows[0];

const json = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.record({ customerId: json, slotId: json, acceptFee: json, outcome: json, action: json, until: json, start: json, end: json }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
);

describe('malformed bodies against every write endpoint', () => {
  it('always get a 4xx with the error body, never a 500, and change nothing', async () => {
    const before = await counts();
    const endpoints = [
      ['PUT', '/v1/customers/c-fuzz-new'],
      ['POST', '/v1/slots'],
      ['POST', '/v1/bookings'],
      ['POST', `/v1/bookings/${bookingId}/reschedule`],
      ['POST', `/v1/bookings/${bookingId}/attendance`],
      ['POST', '/v1/customers/c-fuzz/conduct-reports/none/decision'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, async ([method, path], raw) => {
        const res = await stack.call(method, path, raw, 'manager');
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof res.body.error.code).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect(await counts()).toEqual(before);
  });
});
