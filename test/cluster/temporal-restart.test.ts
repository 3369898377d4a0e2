import { allRemindersSent, bookAll, type Cluster, compressedPolicy, customersAndSlots, deliveriesTo, startCluster } from '../helpers/cluster';
import { until } from '../helpers/wait';

// The Temporal server process killed outright while the reminders' timers are pending, and again while they
// are going out: its state is in PostgreSQL, so every reminder still goes out, once.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(compressedPolicy('PT90S'));
});
afterAll(async () => {
  await cluster?.stop();
});

const BOOKINGS = 30;

it('the Temporal server SIGKILLed and restarted while timers are pending: every reminder goes out once', async () => {
  const { customers, slots } = await customersAndSlots(cluster, BOOKINGS, new Date(Date.now() + 180_000));
  const bookingIds = await bookAll(cluster, customers, slots);
  const emails = customers.map((c) => c.email);
  await until(async () => deliveriesTo(cluster, emails).every((n) => n === 1)); // confirmations only

  const first = cluster.kill('temporal', 'SIGKILL'); // every reminder timer pending
  expect(deliveriesTo(cluster, emails).every((n) => n === 1)).toBe(true);
  await cluster.restarted('temporal', first);

  // And once more while the reminders are going out.
  await until(async () => deliveriesTo(cluster, emails).some((n) => n >= 2), 20);
  const second = cluster.kill('temporal', 'SIGKILL');
  await cluster.restarted('temporal', second);

  await allRemindersSent(cluster, bookingIds);
  expect(deliveriesTo(cluster, emails)).toEqual(Array(BOOKINGS).fill(2));
  for (const id of bookingIds) {
    const booking = (await cluster.call(1, 'GET', `/v1/bookings/${id}`, undefined, 'booking_ui')).body;
    expect(booking).toMatchObject({ status: 'scheduled', reminders: [expect.objectContaining({ status: 'sent' })] });
  }
});

it('stops on Ctrl-C (SIGINT to the process group) with exit code 0, leaving no process behind', async () => {
  const pids = Object.values(cluster.pids());
  expect(await cluster.stop('ctrl-c')).toBe(0);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  cluster = undefined as unknown as Cluster;
});
