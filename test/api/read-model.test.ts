// A change sent the moment a booking answers: the read model (every GET, every list, the free slots) shows the final
// state. Real dev server, real timing, through HTTP.
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const N = 100;
const HOUR = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

/** `n` customers and, per customer, slots starting at `hours` from now (one agent each, so none overlap). */
async function setUp(prefix: string, hours: number[]) {
  const ids = Array.from({ length: N }, (_, i) => `${prefix}-${i}`);
  await Promise.all(
    ids.map((id) =>
      stack.call(
        'PUT',
        `/v1/customers/${id}`,
        {
          name: 'Ana',
          email: 'ana@example.com',
          locale: 'en',
          timeZone: 'Europe/Madrid',
          plan: 'pro',
          seats: 2,
        },
        'booking_ui',
      ),
    ),
  );
  // Half the sessions start within the change notice (a change is late), half well after it.
  const slots = hours.map((h) =>
    ids.map((id, i) => ({
      agentId: `${id}-agent-${h}`,
      sessionType: 'implementation',
      start: at((i % 2 ? h : 2) * HOUR + i * 60_000),
      end: at((i % 2 ? h : 2) * HOUR + i * 60_000 + 30 * 60_000),
    })),
  );
  const created = await stack.call('POST', '/v1/slots', { slots: slots.flat() });
  expect(created.status).toBe(201);
  return { ids, slots: hours.map((_, k) => created.body.slice(k * N, (k + 1) * N) as { id: string }[]) };
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const freeSlotIds = async () =>
  new Set(
    (await stack.call('GET', '/v1/slots?sessionType=implementation', undefined, 'booking_ui')).body.map(
      (s: { id: string }) => s.id,
    ),
  );

/** Books slot i for customer i and, the moment each booking answers, sends its change; the changed bookings. */
const bookAndChange = (
  ids: string[],
  slots: { id: string }[],
  change: (i: number) => ['cancel' | 'reschedule', object],
) =>
  pool(ids, 16, async (customerId, i) => {
    const booked = await stack.call(
      'POST',
      '/v1/bookings',
      { customerId, slotId: slots[i].id },
      'booking_ui',
    );
    expect(booked.status).toBe(201);
    const [action, body] = change(i);
    const changed = await stack.call(
      'POST',
      `/v1/bookings/${booked.body.booking.id}/${action}`,
      body,
      'booking_ui',
    );
    expect(changed.status).toBe(200);
    return changed.body.booking as { id: string; status: string; slotId: string; version: number };
  });

it('100 bookings each cancelled the moment they answer: every GET and list says cancelled, every slot is offered and bookable again', async () => {
  const { ids, slots } = await setUp('rm-cancel', [72]);
  const results = await bookAndChange(ids, slots[0], () => ['cancel', {}]);
  expect(new Set(results.map((b) => b.status))).toEqual(new Set(['cancelled', 'cancelled_late']));
  for (const [i, b] of results.entries()) {
    expect((await stack.call('GET', `/v1/bookings/${b.id}`, undefined, 'booking_ui')).body.status).toBe(
      b.status,
    );
    const list = (await stack.call('GET', `/v1/customers/${ids[i]}/bookings`, undefined, 'booking_ui')).body;
    expect(list.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([[b.id, b.status]]);
  }
  const free = await freeSlotIds();
  expect(slots[0].filter((s) => !free.has(s.id))).toEqual([]);
  // The customer can take the same time again.
  const again = await pool(ids, 16, (customerId, i) =>
    stack.call('POST', '/v1/bookings', { customerId, slotId: slots[0][i].id }, 'booking_ui'),
  );
  expect(again.map((r) => r.status)).toEqual(ids.map(() => 201));
});

it('100 bookings each rescheduled the moment they answer: every GET and list shows the new slot, the old one is offered again', async () => {
  const { ids, slots } = await setUp('rm-move', [72, 96]);
  const results = await bookAndChange(ids, slots[0], (i) => ['reschedule', { slotId: slots[1][i].id }]);
  for (const [i, b] of results.entries()) {
    expect(b).toMatchObject({ slotId: slots[1][i].id, version: 2 });
    expect((await stack.call('GET', `/v1/bookings/${b.id}`, undefined, 'booking_ui')).body).toMatchObject({
      slotId: slots[1][i].id,
      version: 2,
      status: 'scheduled',
    });
    const list = (await stack.call('GET', `/v1/customers/${ids[i]}/bookings`, undefined, 'booking_ui')).body;
    expect(list.map((x: { id: string; slotId: string }) => [x.id, x.slotId])).toEqual([
      [b.id, slots[1][i].id],
    ]);
  }
  const free = await freeSlotIds();
  expect(slots[0].filter((s) => !free.has(s.id))).toEqual([]);
  expect(slots[1].filter((s) => free.has(s.id))).toEqual([]);
});
