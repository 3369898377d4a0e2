import { type Cluster, compressedPolicy, startCluster } from '../helpers/cluster';

// Two API instances and two workers: a workshop's seats hold whichever instance a registration comes through.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(compressedPolicy('PT1H'));
});
afterAll(async () => {
  await cluster?.stop();
});

it('30 registrations at once through both API instances for 10 seats: exactly 10 registered, 20 waitlisted at positions 1–20', async () => {
  const start = new Date(Date.now() + 3 * 24 * 3600_000);
  const created = await cluster.call(0, 'POST', '/v1/workshops', { title: 'Cluster workshop', agentId: 'cl-host', start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString(), capacity: 10 });
  expect(created.status).toBe(201);
  const ids = [...Array(30).keys()].map((i) => `clw-${created.body.id.slice(0, 6)}-c${i}`);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map(async (id, j) => {
        const res = await cluster.call(i + j, 'PUT', `/v1/customers/${id}`, { name: 'Ana', email: `${id}@example.com`, locale: 'es', timeZone: 'Europe/Madrid', plan: 'business', seats: 3 }, 'booking_ui');
        expect(res.status).toBeLessThan(300);
      }),
    );
  }
  const answers = await Promise.all(ids.map((id, i) => cluster.call(i, 'POST', `/v1/workshops/${created.body.id}/registrations`, { customerId: id }, 'booking_ui')));
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
  const regs = answers.map((a) => a.body.registration as { status: string; position: number | null });
  expect(regs.filter((r) => r.status === 'registered')).toHaveLength(10);
  expect(regs.filter((r) => r.status === 'waitlisted').map((r) => r.position).sort((a, b) => a! - b!)).toEqual([...Array(20).keys()].map((i) => i + 1));
  for (const api of [0, 1]) {
    expect((await cluster.call(api, 'GET', `/v1/workshops/${created.body.id}`, undefined, 'booking_ui')).body).toMatchObject({ registered: 10, waitlisted: 20, seatsLeft: 0 });
  }
});
