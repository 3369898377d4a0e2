import { allRemindersSent, bookAll, type Cluster, compressedPolicy, customersAndSlots, deliveriesTo, startCluster } from '../helpers/cluster';
import { sleep, until } from '../helpers/wait';

// PostgreSQL (the application's database and Temporal's) stopped for 30 s while reminders fall due: the APIs say
// 503 meanwhile; afterwards every pending reminder goes out, none twice, and no booking is lost.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(compressedPolicy('PT90S'));
});
afterAll(async () => {
  await cluster?.stop();
});

const BOOKINGS = 20;
const OUTAGE_MS = 30_000;

it('PostgreSQL stopped for 30 s: 503 with the contract body meanwhile; afterwards every reminder once, no booking lost', async () => {
  const t0 = Date.now();
  // Reminders fall due 90 s from now, inside the outage that begins at 75 s.
  const { customers, slots } = await customersAndSlots(cluster, BOOKINGS + 2, new Date(t0 + 180_000));
  const booked = customers.slice(0, BOOKINGS);
  const bookingIds = await bookAll(cluster, booked, slots);
  const emails = booked.map((c) => c.email);
  await until(async () => deliveriesTo(cluster, emails).every((n) => n === 1)); // confirmations only
  await sleep(Math.max(0, t0 + 75_000 - Date.now()));
  expect(deliveriesTo(cluster, emails).every((n) => n === 1)).toBe(true); // every reminder still pending

  await cluster.stopPostgres();
  const stoppedAt = Date.now();
  const answers: { api: number; what: string; status: number; body: { error?: { code?: string; message?: string } } }[] = [];
  const health: number[] = [];
  for (let i = 0; Date.now() - stoppedAt < OUTAGE_MS; i++) {
    const api = i % 2;
    const [book, list, free, h] = await Promise.all([
      cluster.call(api, 'POST', '/v1/bookings', { customerId: customers[BOOKINGS].id, slotId: slots[BOOKINGS].id }, 'booking_ui'),
      cluster.call(api, 'GET', `/v1/customers/${booked[0].id}/bookings`, undefined, 'booking_ui'),
      cluster.call(api, 'GET', '/v1/slots?sessionType=implementation', undefined, 'booking_ui'),
      cluster.call(api, 'GET', '/health', undefined, null),
    ]);
    answers.push({ api, what: 'book', ...book }, { api, what: 'list', ...list }, { api, what: 'slots', ...free });
    health.push(h.status);
    await sleep(1000);
  }
  await cluster.startPostgres();

  expect(answers.length).toBeGreaterThan(6);
  for (const a of answers) {
    expect({ what: a.what, status: a.status, code: a.body.error?.code }).toEqual({ what: a.what, status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(typeof a.body.error?.message).toBe('string');
  }
  expect(new Set(answers.map((a) => a.api))).toEqual(new Set([0, 1]));
  expect(health.every((s) => s === 503)).toBe(true);

  // Back: every reminder goes out once, every booking is there, and both APIs book again.
  await allRemindersSent(cluster, bookingIds);
  expect(deliveriesTo(cluster, emails)).toEqual(Array(BOOKINGS).fill(2));
  for (const [i, id] of bookingIds.entries()) {
    const mine = await cluster.call(i, 'GET', `/v1/customers/${booked[i].id}/bookings`, undefined, 'booking_ui');
    expect(mine.body.map((b: { id: string; status: string }) => `${b.id}:${b.status}`)).toEqual([`${id}:scheduled`]);
  }
  for (const api of [0, 1]) {
    const res = await cluster.call(api, 'POST', '/v1/bookings', { customerId: customers[BOOKINGS + api].id, slotId: slots[BOOKINGS + api].id }, 'booking_ui');
    expect(res.status).toBe(201);
  }
});
