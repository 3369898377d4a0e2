// What the workshop tests share: workshops, business customers and their registrations through the HTTP API.
import type { startTestStack } from '../helpers/stack';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let n = 0;
export const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 6)}`;
/** Whole minutes from now (iCalendar times carry whole seconds). */
export const inMinutes = (m: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + m * 60_000).toISOString();

export async function createWorkshop(stack: Stack, opts: { capacity: number; startInMs?: number; title?: string }) {
  const start = opts.startInMs !== undefined ? new Date(Date.now() + opts.startInMs).toISOString() : inMinutes(5 * 24 * 60);
  const end = new Date(Date.parse(start) + 3600_000).toISOString();
  const res = await stack.call('POST', '/v1/workshops', { title: opts.title ?? 'Informes avanzados', agentId: 'agent-w', start, end, capacity: opts.capacity, locale: 'es' });
  expect(res.status).toBe(201);
  return res.body as { id: string; start: string; end: string };
}

export async function customer(stack: Stack, plan = 'business', locale: 'es' | 'en' = 'es') {
  const id = unique('c-ws');
  const res = await stack.call('PUT', `/v1/customers/${id}`, { name: `Name ${id}`, email: `${id}@example.com`, phone: '+34600000000', locale, timeZone: 'Europe/Madrid', plan, seats: 3 }, 'booking_ui');
  expect(res.status).toBe(201);
  return id;
}

export const register = (stack: Stack, workshopId: string, customerId: string, headers: Record<string, string> = {}) =>
  stack.call('POST', `/v1/workshops/${workshopId}/registrations`, { customerId }, 'booking_ui', headers);
