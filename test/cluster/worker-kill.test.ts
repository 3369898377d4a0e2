import { allRemindersSent, bookAll, type Cluster, compressedPolicy, customersAndSlots, deliveriesTo, startCluster } from '../helpers/cluster';
import { until } from '../helpers/wait';

// A worker SIGKILLed in the middle of a burst of reminders: the other worker and the restarted one send every
// reminder, none twice.
let cluster: Cluster;
beforeAll(async () => {
  // Sessions four minutes away, each with one email reminder two minutes before: all fall due together.
  cluster = await startCluster(compressedPolicy('PT120S'));
});
afterAll(async () => {
  await cluster?.stop();
});

const BOOKINGS = 100;

it(`a worker SIGKILLed during a burst of ${BOOKINGS} reminders falling due together: each goes out exactly once`, async () => {
  const start = new Date(Date.now() + 240_000);
  const { customers, slots } = await customersAndSlots(cluster, BOOKINGS, start);
  const bookingIds = await bookAll(cluster, customers, slots);
  const emails = customers.map((c) => c.email);
  // Each customer has had the confirmation; every reminder is still to come.
  await until(async () => deliveriesTo(cluster, emails).every((n) => n === 1));
  for (const id of bookingIds.slice(0, 5)) {
    const booking = (await cluster.call(0, 'GET', `/v1/bookings/${id}`, undefined, 'booking_ui')).body;
    expect(booking.reminders.map((r: { status: string }) => r.status)).toEqual(['pending']);
  }

  // The burst begins: once a few reminders are out, worker-1 dies without a chance to finish anything.
  await until(async () => deliveriesTo(cluster, emails).filter((n) => n >= 2).length >= 5, 20);
  const pid = cluster.kill('worker-1', 'SIGKILL');
  const sentBeforeKill = deliveriesTo(cluster, emails).filter((n) => n >= 2).length;
  expect(sentBeforeKill).toBeLessThan(BOOKINGS); // the kill fell inside the burst
  await cluster.restarted('worker-1', pid);

  await allRemindersSent(cluster, bookingIds);
  // Confirmation and reminder: two messages per customer, neither repeated.
  expect(deliveriesTo(cluster, emails)).toEqual(Array(BOOKINGS).fill(2));
});
