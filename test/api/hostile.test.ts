// Hostile values through every endpoint (issue 18): prototype names as plans and ids, NUL bytes, lone surrogates,
// huge and tiny instants, odd paging. Each is a 4xx with the error body, never a 500, and afterwards no workflow
// holds a failed workflow task (read from every history).
import { failedWorkflowTasks } from '../../scripts/failed-workflow-tasks';
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let bookingId: string;
const customer = { name: 'H', email: 'h@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 };
const inDays = (d: number, h = 0) => new Date(Date.now() + d * 86400_000 + h * 3600_000).toISOString();

beforeAll(async () => {
  stack = await startTestStack();
  expect((await stack.call('PUT', '/v1/customers/c-hostile', customer, 'booking_ui')).status).toBe(201);
  const slot = await stack.call('POST', '/v1/slots', { agentId: 'ag-hostile', sessionType: 'quick_assist', start: inDays(5), end: inDays(5, 1) });
  bookingId = (await stack.call('POST', '/v1/bookings', { customerId: 'c-hostile', slotId: slot.body.id }, 'booking_ui')).body.booking.id;
});
afterAll(async () => {
  await stack?.close();
});

const PROTO = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const NUL = 'a\u0000b';
const LONE = ['\ud800', 'x\udfffy', '\udbff'];
const BAD_INSTANTS = ['2030-01-07T10:00:00-21:20', '2030-01-07T10:00:00+14:01', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '10000-01-01T00:00:00Z', '2030-02-30T10:00:00Z', '2030-01-07T10:00Z', '2030-01-07', ''];
/** A JSON text with a lone surrogate as an escape (JSON.stringify keeps it as `\udXXX`). */
const raw = (body: object) => JSON.stringify(body);

type Case = [method: string, path: string, body?: unknown, headers?: Record<string, string>];

function cases(): Case[] {
  const b = `/v1/bookings/${bookingId}`;
  const out: Case[] = [];
  for (const plan of PROTO) out.push(['PUT', '/v1/customers/c-hostile', { ...customer, plan }]);
  for (const id of ['__proto__', '_x', '-x', 'a'.repeat(65), 'a.b', 'a:b', 'a%00b', '%F0%9F%98%80', 'a%20b']) {
    out.push(['PUT', `/v1/customers/${id}`, customer], ['GET', `/v1/customers/${id}/standing`], ['GET', `/v1/bookings/${id}`], ['POST', `/v1/bookings/${id}/cancel`, {}]);
    out.push(['POST', '/v1/bookings', { customerId: id, slotId: 'x' }], ['GET', `/v1/notifications?customerId=${id}`]);
  }
  for (const id of PROTO.filter((p) => /^[A-Za-z]/.test(p))) {
    out.push(['GET', `/v1/customers/${id}/standing`], ['GET', `/v1/bookings/${id}`], ['POST', '/v1/bookings', { customerId: id, slotId: id }]);
    out.push(['POST', `/v1/customers/c-hostile/conduct-reports/${id}/decision`, { action: 'warn' }], ['POST', `${b}/reschedule`, { slotId: id }]);
  }
  for (const bad of [NUL, ...LONE, 'x'.repeat(201)]) out.push(['PUT', '/v1/customers/c-hostile', raw({ ...customer, name: bad })]);
  for (const bad of [NUL, ...LONE, 'x'.repeat(5001), '']) out.push(['POST', '/v1/customers/c-hostile/conduct-reports', raw({ description: bad })]);
  for (const bad of [NUL, ...LONE, 'x'.repeat(2001)]) {
    out.push(['POST', `${b}/attendance`, raw({ outcome: 'attended', note: bad })], ['POST', `${b}/cancel`, raw({ reason: bad })]);
    out.push(['POST', '/v1/customers/c-hostile/restriction/lift', raw({ note: bad })], ['POST', '/v1/customers/c-hostile/penalty/waive', raw({ note: bad })]);
  }
  for (const bad of [{ note: { nested: 'x'.repeat(1000) } }, { note: 1 }, { other: 1 }]) out.push(['POST', '/v1/customers/c-hostile/penalty/waive', bad]);
  for (const outcome of [...PROTO, 'ATTENDED', '']) out.push(['POST', `${b}/attendance`, { outcome }]);
  for (const action of PROTO) out.push(['POST', '/v1/customers/c-hostile/conduct-reports/r1/decision', { action }]);
  for (const sessionType of PROTO) out.push(['POST', '/v1/slots', { agentId: 'a', sessionType, start: inDays(6), end: inDays(6, 1) }], ['GET', `/v1/slots?sessionType=${sessionType}`]);
  for (const t of BAD_INSTANTS) {
    out.push(['POST', '/v1/slots', { agentId: 'a', sessionType: 'quick_assist', start: t, end: inDays(6, 1) }], ['GET', `/v1/slots?from=${encodeURIComponent(t)}`]);
    out.push(['GET', `/v1/feedback?to=${encodeURIComponent(t)}`], ['POST', '/v1/customers/c-hostile/conduct-reports/r1/decision', { action: 'restrict', until: t }]);
  }
  out.push(['POST', '/v1/slots', { agentId: 'a', sessionType: 'quick_assist', start: '4125-01-01T00:00:00Z', end: '6192-01-01T00:00:00Z' }]);
  out.push(['POST', '/v1/slots', { agentId: 'a', sessionType: 'quick_assist', start: inDays(6), end: inDays(7, 1) }]);
  out.push(['POST', '/v1/slots', { agentId: 'a', sessionType: 'quick_assist', start: inDays(6), end: inDays(6) }]);
  for (const tz of ['toString', 'Mars/Olympus', 'utc', '']) out.push(['PUT', '/v1/customers/c-hostile', { ...customer, timeZone: tz }]);
  for (const q of ['limit=0', 'limit=501', 'limit=1e2', 'limit=-1', 'cursor=%00', 'cursor=a.b', 'limit=1&limit=2', 'bookingId=a&bookingId=b']) out.push(['GET', `/v1/notifications?${q}`]);
  for (const q of ['limit=0', 'cursor=99999999999999999999.x', 'cursor=1.a%00']) out.push(['GET', `/v1/customers/c-hostile/bookings?${q}`], ['GET', `/v1/slots?${q}`]);
  out.push(['POST', '/v1/bookings', '{"customerId":', {}], ['PUT', '/v1/customers/c-hostile', raw(customer), { 'content-type': 'text/plain' }]);
  out.push(['POST', '/v1/bookings', { customerId: 'c-hostile', slotId: 'x' }, { 'idempotency-key': 'k'.repeat(201) }]);
  out.push(['POST', `${b}/cancel`, {}, { 'idempotency-key': 'k\u00e9y' }], ['POST', '/v1/bookings', '[]'], ['POST', '/v1/bookings', 'null']);
  return out;
}

describe('hostile values through every endpoint', () => {
  it('are each refused with a 4xx and the error body, never a 500', async () => {
    const answers: { request: string; status: number; code: unknown }[] = [];
    for (const [method, path, body, headers] of cases()) {
      const res = await stack.call(method, path, body, 'manager', headers);
      answers.push({ request: `${method} ${path} ${typeof body === 'string' ? body.slice(0, 80) : JSON.stringify(body)?.slice(0, 80)}`, status: res.status, code: res.body?.error?.code });
    }
    expect(answers.filter((a) => a.status < 400 || a.status >= 500 || typeof a.code !== 'string')).toEqual([]);
    // The shapes the issue saw: plan "toString", a NUL in a name, an offset of -21:20, a 2,000-year slot.
    expect(answers.filter((a) => /"plan":"toString"|a\\u0000b|-21:20|6192/.test(a.request)).every((a) => a.code === 'VALIDATION_FAILED')).toBe(true);
  });

  it('prototype names are fine as ids where the pattern allows them, and leave every workflow able to proceed', async () => {
    for (const id of ['toString', 'constructor', 'valueOf']) {
      expect((await stack.call('PUT', `/v1/customers/${id}`, customer, 'booking_ui')).status).toBe(201);
      expect((await stack.call('GET', `/v1/customers/${id}/standing`, undefined, 'booking_ui')).body).toMatchObject({ customerId: id, level: 'good' });
    }
    // The customer and booking workflows the hostile requests reached answer still.
    expect((await stack.call('GET', '/v1/customers/c-hostile/standing', undefined, 'booking_ui')).status).toBe(200);
    expect((await stack.call('GET', `/v1/bookings/${bookingId}/change-terms`, undefined, 'booking_ui')).status).toBe(200);
    expect(await failedWorkflowTasks(stack.env.client)).toEqual([]);
  });
});
