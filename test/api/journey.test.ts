import type { components } from '../../client';
import { apiClient, type KEYS } from '../helpers/http';
import { startTestStack } from '../helpers/stack';

type Slot = components['schemas']['Slot'];

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
/** The typed client generated from /openapi.json: a drift between the API and its document breaks this file's build. */
const api = (role: keyof typeof KEYS = 'booking_ui') => apiClient(stack.base, role);
let agentSeq = 0;
async function slot(startIn: number, sessionType: 'implementation' | 'quick_assist' = 'implementation') {
  const { data, response } = await api('manager').POST('/v1/slots', { body: { agentId: `agent-${++agentSeq}`, sessionType, start: at(startIn), end: at(startIn + HOUR) } });
  expect(response.status).toBe(201);
  return data as Slot;
}
async function customer(id: string, plan: 'essentials' | 'pro' | 'business' = 'pro') {
  const { response } = await api().PUT('/v1/customers/{customerId}', {
    params: { path: { customerId: id } },
    body: { name: 'Ana', email: 'ana@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan, seats: 3 },
  });
  expect([200, 201]).toContain(response.status);
}
const byId = (id: string) => ({ params: { path: { id } } });

describe('the booking journey through the API', () => {
  it('customer → slot → book → change-terms → reschedule → cancel', async () => {
    await customer('c-journey');
    const standing = await api().GET('/v1/customers/{customerId}/standing', { params: { path: { customerId: 'c-journey' } } });
    expect(standing.data).toMatchObject({ customerId: 'c-journey', level: 'good', strikes: [], penalty: null, restriction: null, canBook: true });
    expect(standing.data!.channels).toContain('implementation_sessions');

    const s1 = await slot(72 * HOUR);
    const s2 = await slot(96 * HOUR);
    const free = await api().GET('/v1/slots', { params: { query: { sessionType: 'implementation' } } });
    expect(free.data!.map((s) => s.id)).toEqual(expect.arrayContaining([s1.id, s2.id]));

    const booked = await api().POST('/v1/bookings', { body: { customerId: 'c-journey', slotId: s1.id } });
    expect(booked.response.status).toBe(201);
    const b = booked.data!.booking;
    expect(b).toMatchObject({ customerId: 'c-journey', slotId: s1.id, sessionType: 'implementation', status: 'scheduled', timeZone: 'Europe/Madrid', locale: 'es', policyVersion: '2024-06-06', fee: null });
    expect(b.reminders.map((r) => `${r.offset}:${r.status}`)).toEqual(['P2D:pending', 'PT24H:pending', 'PT1H:pending', 'PT30M:pending']);
    expect(booked.data!.links.change).toMatch(/\/b\//);

    const terms = await api().GET('/v1/bookings/{id}/change-terms', byId(b.id));
    expect(terms.data).toMatchObject({ late: false, wouldCountAsNoShow: false, consequence: 'none' });

    const moved = await api().POST('/v1/bookings/{id}/reschedule', { ...byId(b.id), body: { slotId: s2.id } });
    expect(moved.response.status).toBe(200);
    expect(moved.data).toMatchObject({ late: false, countedAsNoShow: false, booking: { slotId: s2.id, status: 'scheduled' } });
    expect((await api().GET('/v1/bookings/{id}', byId(b.id))).data!.slotId).toBe(s2.id);

    const cancelled = await api().POST('/v1/bookings/{id}/cancel', { ...byId(b.id), body: { reason: 'plans changed' } });
    expect(cancelled.data).toMatchObject({ late: false, countedAsNoShow: false, booking: { status: 'cancelled' } });
    const again = await api().POST('/v1/bookings/{id}/cancel', { ...byId(b.id), body: {} });
    expect(again.response.status).toBe(409);
    expect(again.error!.error.code).toBe('BOOKING_NOT_CHANGEABLE');

    // Messages go out right after the change, from the workflow.
    let kinds: string[] = [];
    for (let i = 0; i < 50 && !kinds.includes('cancellation_confirmation'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      kinds = (await api('agent').GET('/v1/notifications', { params: { query: { bookingId: b.id } } })).data!.map((n) => n.kind);
    }
    expect(kinds).toEqual(expect.arrayContaining(['confirmation', 'reschedule_confirmation', 'cancellation_confirmation']));

    // What an engineer finds in the Web UI: the run by its search attributes, kept current.
    let found: { status?: unknown; start?: unknown; customer?: unknown; type?: unknown; id: string }[] = [];
    for (let i = 0; i < 50 && found[0]?.status !== 'cancelled'; i++) {
      found = [];
      for await (const wf of stack.env.client.workflow.list({ query: `BookingId = '${b.id}'` })) {
        const sa = wf.searchAttributes as Record<string, unknown[]>;
        found.push({ id: wf.workflowId, status: sa.BookingStatus?.[0], start: sa.SessionStart?.[0], customer: sa.CustomerId?.[0], type: sa.SessionType?.[0] });
      }
      if (found[0]?.status !== 'cancelled') await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toEqual([{ id: `booking:${b.id}`, status: 'cancelled', customer: 'c-journey', type: 'implementation', start: new Date(s2.start) }]);
    const standingRuns = [];
    for await (const wf of stack.env.client.workflow.list({ query: `WorkflowId = 'customer:c-journey'` })) standingRuns.push((wf.searchAttributes as Record<string, unknown[]>).Standing?.[0]);
    expect(standingRuns).toEqual(['good']);
  });

  it('a late cancel counts as a no-show and brings the warning', async () => {
    await customer('c-late');
    const s = await slot(5 * HOUR);
    const b = (await api().POST('/v1/bookings', { body: { customerId: 'c-late', slotId: s.id } })).data!.booking;
    const terms = await api().GET('/v1/bookings/{id}/change-terms', byId(b.id));
    expect(terms.data).toMatchObject({ late: true, wouldCountAsNoShow: true, consequence: 'warning' });
    const res = await api().POST('/v1/bookings/{id}/cancel', { ...byId(b.id), body: {} });
    expect(res.data).toMatchObject({ late: true, countedAsNoShow: true, booking: { status: 'cancelled_late' } });
    let standing;
    for (let i = 0; i < 50; i++) {
      standing = (await api().GET('/v1/customers/{customerId}/standing', { params: { path: { customerId: 'c-late' } } })).data!;
      if (standing.strikes.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(standing).toMatchObject({ level: 'warned', strikes: [{ bookingId: b.id, reason: 'late_cancel' }] });
  });

  it('25 concurrent bookings of one slot: exactly one wins', async () => {
    const s = await slot(48 * HOUR);
    await Promise.all(Array.from({ length: 25 }, (_, i) => customer(`c-race-${i}`)));
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => stack.call('POST', '/v1/bookings', { customerId: `c-race-${i}`, slotId: s.id }, 'booking_ui')),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'SLOT_TAKEN')).toHaveLength(24);
    const rows = await stack.db.pool.query('SELECT id FROM bookings WHERE slot_id = $1', [s.id]);
    expect(rows.rowCount).toBe(1);
  });

  it('a retried booking with the same Idempotency-Key is the same booking', async () => {
    await customer('c-idem');
    const s = await slot(30 * HOUR);
    const book = () => api().POST('/v1/bookings', { params: { header: { 'Idempotency-Key': 'k-1' } }, body: { customerId: 'c-idem', slotId: s.id } });
    const first = await book();
    const second = await book();
    expect(first.response.status).toBe(201);
    expect(second.data!.booking.id).toBe(first.data!.booking.id);
  });

  it('refuses what a plan does not include, and bad input with the error body', async () => {
    await customer('c-ess', 'essentials');
    const s = await slot(50 * HOUR);
    const res = await api().POST('/v1/bookings', { body: { customerId: 'c-ess', slotId: s.id } });
    expect(res.response.status).toBe(403);
    expect(res.error!.error.code).toBe('SESSION_TYPE_NOT_INCLUDED');
    const bad = await stack.call('POST', '/v1/bookings', '{not json', 'booking_ui');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await stack.call('POST', '/v1/bookings', { slotId: 3 }, 'booking_ui');
    expect(missing.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['customerId', 'slotId']);
  });

  it.each([
    ['PUT', '/v1/customers/x', null, 401],
    ['POST', '/v1/slots', 'booking_ui', 403],
    ['POST', '/v1/slots', 'agent', 403],
    ['POST', '/v1/bookings/x/attendance', 'booking_ui', 403],
    ['POST', '/v1/customers/x/conduct-reports', 'booking_ui', 403],
    ['POST', '/v1/customers/x/conduct-reports/r/decision', 'agent', 403],
    ['POST', '/v1/customers/x/restriction/lift', 'agent', 403],
    ['POST', '/v1/customers/x/penalty/waive', 'agent', 403],
    ['GET', '/v1/notifications', 'booking_ui', 403],
    ['GET', '/v1/slots', null, 401],
  ] as const)('%s %s as %s → %d', async (method, path, role, status) => {
    const res = await stack.call(method, path, method === 'GET' ? undefined : {}, role);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  });

  it('serves health and the OpenAPI description', async () => {
    expect((await stack.call('GET', '/health', undefined, null)).body).toMatchObject({ status: 'ok', checks: { db: 'ok', temporal: 'ok' } });
    const spec = await stack.call('GET', '/openapi.json', undefined, null);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/v1/bookings', '/v1/bookings/{id}/reschedule']));
    const metrics: string = (await stack.call('GET', '/metrics', undefined, null)).body;
    expect(metrics).toMatch(/support_sessions_bookings_total\{outcome="created"\} [1-9]/);
    expect(metrics).toMatch(/support_sessions_notifications_total\{kind="confirmation",channel="email",status="sent"\} [1-9]/);
    expect(metrics).toMatch(/support_sessions_http_requests_total\{method="POST",route="\/v1\/bookings",status="201"\} [1-9]/);
  });
  it('logs each request as one JSON line with its request id and the ids it names, never personal data or link tokens', async () => {
    await customer('c-logs');
    const s = await slot(80 * HOUR);
    const booked = await stack.call('POST', '/v1/bookings', { customerId: 'c-logs', slotId: s.id }, 'booking_ui', { 'x-request-id': 'ui-req-7' });
    expect(booked.headers.get('x-request-id')).toBe('ui-req-7');
    const id = booked.body.booking.id;
    const read = await stack.call('GET', `/v1/bookings/${id}`, undefined, 'booking_ui');
    expect(read.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const token = new URL(booked.body.links.change).pathname.split('/').pop()!;
    expect((await stack.call('GET', `/b/${token}`, undefined, null)).status).toBe(200);

    const lines = stack.logLines.filter((l) => l.msg === 'request completed');
    expect(lines.find((l) => l.requestId === 'ui-req-7')).toMatchObject({ req: { method: 'POST', path: '/v1/bookings' }, res: { status: 201 }, bookingId: id, customerId: 'c-logs' });
    expect(lines.find((l) => l.requestId === read.headers.get('x-request-id'))).toMatchObject({ bookingId: id, res: { status: 200 } });
    expect(lines.find((l) => (l.req as { path: string }).path === '/b/…')).toMatchObject({ bookingId: id, customerId: 'c-logs' });
    const all = JSON.stringify(stack.logLines);
    expect(all).not.toContain('ana@example.com');
    expect(all).not.toContain(token);
  });
});
