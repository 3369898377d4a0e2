/** Customers, slots and bookings made through the API (CONTRACT §5), the way the booking UI and a manager make them. */
import type { ApiClient } from './api-client';
import { mapLimit } from './util';

export interface BookingView {
  id: string;
  customerId: string;
  status: string;
  start: string;
  reminders: { channel: 'email' | 'sms'; offset: string; dueAt: string; status: string }[];
}

/** A distinct e-mail address and phone number per customer, so each message at the fake names its customer. */
export const customerBody = (id: string, n: number) => ({
  name: `Bench ${n}`,
  email: `${id}@bench.example.com`,
  phone: `+3460${String(n % 10_000_000).padStart(7, '0')}`,
  locale: 'en' as const,
  timeZone: 'Europe/Madrid',
  plan: 'pro',
  seats: 5,
});

export async function putCustomers(api: ApiClient, prefix: string, n: number, firstNumber = 0): Promise<string[]> {
  const ids = [...Array(n).keys()].map((i) => `${prefix}-${i}`);
  await mapLimit(ids, 16, (id, i) => api.ok('PUT', `/v1/customers/${id}`, customerBody(id, firstNumber + i)));
  return ids;
}

/** One slot per start, each with its own agent (so any number may start at the same instant); returns slot ids. */
export async function postSlots(api: ApiClient, prefix: string, starts: Date[], minutes = 60): Promise<string[]> {
  const slots = starts.map((start, i) => ({
    agentId: `${prefix}-agent-${i}`,
    sessionType: 'implementation' as const,
    start: start.toISOString(),
    end: new Date(start.getTime() + minutes * 60000).toISOString(),
  }));
  const batches: (typeof slots)[] = [];
  for (let i = 0; i < slots.length; i += 500) batches.push(slots.slice(i, i + 500));
  const created = await mapLimit(batches, 4, async (batch) => (await api.ok<{ id: string }[]>('POST', '/v1/slots', { slots: batch }, 'manager')).body);
  return created.flat().map((s) => s.id);
}

export async function book(api: ApiClient, customerId: string, slotId: string): Promise<{ booking: BookingView; ms: number }> {
  const r = await api.ok<{ booking: BookingView }>('POST', '/v1/bookings', { customerId, slotId });
  return { booking: r.body.booking, ms: r.ms };
}
