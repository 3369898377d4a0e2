import { type Cluster, compressedPolicy, customersAndSlots, startCluster } from '../helpers/cluster';
import { until } from '../helpers/wait';

// Two API instances and two workers on the Temporal server and PostgreSQL: nothing may assume one process.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(compressedPolicy('PT1H'));
});
afterAll(async () => {
  await cluster?.stop();
});

const DAY = 24 * 3600_000;

it('20 customers race for one slot through both API instances: exactly one booking wins, the rest hear SLOT_TAKEN', async () => {
  for (let round = 0; round < 3; round++) {
    const { customers, slots } = await customersAndSlots(cluster, 20, new Date(Date.now() + (3 + round) * DAY), `race${round}`);
    const slotId = slots[0].id;
    const answers = await Promise.all(customers.map((cu, i) => cluster.call(i, 'POST', '/v1/bookings', { customerId: cu.id, slotId }, 'booking_ui')));
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.error?.code}`)).toEqual(Array(19).fill('409 SLOT_TAKEN'));

    // Either instance shows the one booking; the slot is no longer offered by either.
    const booking = won[0].body.booking;
    for (const api of [0, 1]) {
      expect((await cluster.call(api, 'GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body).toMatchObject({ id: booking.id, slotId, status: 'scheduled' });
      const free = await cluster.call(api, 'GET', '/v1/slots?sessionType=implementation', undefined, 'booking_ui');
      expect(free.body.map((s: { id: string }) => s.id)).not.toContain(slotId);
    }
  }
});

it('a booking made through one instance is changed through the other, with the same Idempotency-Key answer on both', async () => {
  const { customers, slots } = await customersAndSlots(cluster, 2, new Date(Date.now() + 7 * DAY), 'cross');
  const body = { customerId: customers[0].id, slotId: slots[0].id };
  const key = { 'idempotency-key': 'cross-instance-1' };
  const first = await cluster.call(0, 'POST', '/v1/bookings', body, 'booking_ui', key);
  const again = await cluster.call(1, 'POST', '/v1/bookings', body, 'booking_ui', key);
  expect(first.status).toBe(201);
  expect(again.body.booking.id).toBe(first.body.booking.id);
  const a = first.body;

  const moved = await cluster.call(1, 'POST', `/v1/bookings/${a.booking.id}/reschedule`, { slotId: slots[1].id }, 'booking_ui');
  expect(moved.status).toBe(200);
  expect((await cluster.call(0, 'GET', `/v1/bookings/${a.booking.id}`, undefined, 'booking_ui')).body.slotId).toBe(slots[1].id);
  const cancelled = await cluster.call(0, 'POST', `/v1/bookings/${a.booking.id}/cancel`, {}, 'booking_ui');
  expect(cancelled.body.booking.status).toBe('cancelled');
});

it('the link rate limit holds across instances: requests spread over both APIs hit one limit together', async () => {
  const answers = [];
  for (let i = 0; i < 70; i++) answers.push(await cluster.call(i, 'GET', `/s/no-such-code-${i}`, undefined, null));
  // 60 a minute per client, counted once for both instances.
  expect(answers.slice(0, 60).map((a) => a.status)).toEqual(Array(60).fill(410));
  expect(answers.slice(60).map((a) => a.status)).toEqual(Array(10).fill(429));
  // A page route refused answers a page (in the browser's language), never a JSON body.
  for (const refused of answers.slice(60, 62)) expect(String(refused.body)).toMatch(/<html[^>]*>[\s\S]*(Demasiadas solicitudes|Too many requests)/);
});

it('the Web UI finds a booking by its search attributes (SQL visibility on the Temporal server)', async () => {
  const { customers, slots } = await customersAndSlots(cluster, 1, new Date(Date.now() + 9 * DAY), 'ui');
  const booked = await cluster.call(1, 'POST', '/v1/bookings', { customerId: customers[0].id, slotId: slots[0].id }, 'booking_ui');
  const id = booked.body.booking.id;
  const query = encodeURIComponent(`BookingId = '${id}' AND CustomerId = '${customers[0].id}' AND BookingStatus = 'scheduled' AND SessionType = 'implementation'`);
  let found: { execution: { workflowId: string } }[] = [];
  await until(async () => {
    const res = await fetch(`${cluster.ui}/api/v1/namespaces/default/workflows?query=${query}`);
    found = res.ok ? (((await res.json()) as { executions?: typeof found }).executions ?? []) : [];
    return found.length > 0;
  });
  expect(found.map((w) => w.execution.workflowId)).toEqual([`booking:${id}`]);
});

it('stops on SIGTERM to npm with exit code 0, leaving no process behind', async () => {
  const pids = Object.values(cluster.pids());
  expect(await cluster.stop()).toBe(0);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  cluster = undefined as unknown as Cluster;
});
