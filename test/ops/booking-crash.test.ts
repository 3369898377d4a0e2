// The booking path killed at each of its steps (real worker and API processes, SIGKILL at a failpoint, a real dev
// server): after a restart, no row without a workflow, no confirmed workflow without its row, no charge or used
// penalty without a booking.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Failpoint } from '../../observability/failpoints';
import { bookingWorkflowId } from '../../workflows/ids';
import { TEST_ENV } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';
import { freePort } from '../helpers/ports';
import { type AppProcess, killAppProcesses, startAppProcess } from '../helpers/processes';
import { createLocalEnv } from '../helpers/temporal';
import { sleep, until } from '../helpers/wait';

jest.setTimeout(240_000);

let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let port: number;
let worker: AppProcess;
let api: AppProcess;

const HOUR = 3600_000;
const KEYS = { booking_ui: 'ui-key-test-0000000000000000', manager: 'manager-key-test-000000000000' };
const processEnv = (failpoint?: Failpoint) => ({
  DATABASE_URL: db.url,
  TEMPORAL_ADDRESS: env.address,
  PORT: String(port),
  ...TEST_ENV,
  SUPPORT_SESSIONS_FAILPOINT: failpoint,
});
const startWorker = (failpoint?: Failpoint) =>
  (worker = startAppProcess('worker/main.ts', processEnv(failpoint)));
async function startApi(failpoint?: Failpoint) {
  api = startAppProcess('api/main.ts', processEnv(failpoint));
  await until(
    async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok === true,
  );
}
async function stop(p: AppProcess) {
  p.child.kill('SIGTERM');
  await p.exited;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  role: keyof typeof KEYS = 'booking_ui',
  headers: Record<string, string> = {},
) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS[role]}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let agents = 0;
async function slot(startIn: number) {
  const res = await call(
    'POST',
    '/v1/slots',
    {
      agentId: `crash-agent-${++agents}`,
      sessionType: 'quick_assist',
      start: at(startIn),
      end: at(startIn + 30 * 60_000),
    },
    'manager',
  );
  expect(res.status).toBe(201);
  return res.body.id as string;
}
async function customer(id: string) {
  expect(
    (
      await call('PUT', `/v1/customers/${id}`, {
        name: 'Ana',
        email: 'ana@example.com',
        locale: 'es',
        timeZone: 'Europe/Madrid',
        plan: 'pro',
        seats: 2,
      })
    ).status,
  ).toBe(201);
}
const bookingRows = async (customerId: string) =>
  (
    await db.pool.query('SELECT id, status, fee FROM bookings WHERE customer_id = $1 ORDER BY created_at', [
      customerId,
    ])
  ).rows;
const charges = async (customerId: string) =>
  (
    await db.pool.query('SELECT booking_id, status FROM charges WHERE customer_id = $1 ORDER BY id', [
      customerId,
    ])
  ).rows;

beforeAll(async () => {
  [env, db, port] = await Promise.all([createLocalEnv(), createTestDatabase(), freePort()]);
  startWorker();
  await startApi();
  // A customer with two late cancellations: the next session carries a fee (or waits six months).
  await customer('c-pen');
  for (const startIn of [2 * HOUR, 3 * HOUR]) {
    const booked = await call('POST', '/v1/bookings', { customerId: 'c-pen', slotId: await slot(startIn) });
    expect(
      (await call('POST', `/v1/bookings/${booked.body.booking.id}/cancel`, {})).body.booking.status,
    ).toBe('cancelled_late');
  }
  await until(async () => (await call('GET', '/v1/customers/c-pen/standing')).body.level === 'penalty');
});
afterAll(async () => {
  killAppProcesses();
  await db?.drop();
  await env?.teardown();
});

it('killed after admission and again before the release of a refused booking: no row, the charge void, the penalty still in force', async () => {
  await stop(worker);
  startWorker('booking.after-admission');
  const startsSoon = await slot(8_000);
  const answer = call('POST', '/v1/bookings', { customerId: 'c-pen', slotId: startsSoon, acceptFee: true });
  await worker.exited; // admitted with a fee (a charge is due), then killed before the slot is claimed
  expect(await charges('c-pen')).toEqual([{ booking_id: expect.any(String), status: 'due' }]);
  await sleep(9_000); // meanwhile the slot starts: the claim will be refused
  startWorker('booking.before-release');
  await worker.exited; // refused, then killed before giving back what admission took
  startWorker();
  expect(await answer).toMatchObject({ status: 409, body: { error: { code: 'SLOT_UNAVAILABLE' } } });
  await until(async () => (await charges('c-pen'))[0].status === 'void');
  expect(await bookingRows('c-pen')).toHaveLength(2); // the two cancelled ones only
  // The penalty was given back: the next session still carries the fee.
  const next = await call('POST', '/v1/bookings', { customerId: 'c-pen', slotId: await slot(24 * HOUR) });
  expect(next).toMatchObject({ status: 409, body: { error: { code: 'PENALTY_APPLIES' } } });
});

it('killed after an admission with a fee: the restarted worker makes the booking that the charge is for', async () => {
  await stop(worker);
  startWorker('booking.after-admission');
  const answer = call(
    'POST',
    '/v1/bookings',
    { customerId: 'c-pen', slotId: await slot(48 * HOUR), acceptFee: true },
    'booking_ui',
    { 'idempotency-key': 'fee-1' },
  );
  await worker.exited;
  startWorker();
  const booked = await answer;
  expect(booked).toMatchObject({
    status: 201,
    body: { booking: { status: 'scheduled', fee: { amount: 5000, currency: 'EUR' } } },
  });
  expect((await charges('c-pen')).filter((c) => c.status === 'due')).toEqual([
    { booking_id: booked.body.booking.id, status: 'due' },
  ]);
});

it('killed after the claim: the booking is confirmed once, row and workflow together', async () => {
  await customer('c-claim');
  await stop(worker);
  startWorker('booking.after-claim');
  const answer = call(
    'POST',
    '/v1/bookings',
    { customerId: 'c-claim', slotId: await slot(48 * HOUR) },
    'booking_ui',
    { 'idempotency-key': 'claim-1' },
  );
  await worker.exited;
  startWorker();
  const booked = await answer;
  expect(booked.status).toBe(201);
  expect(await bookingRows('c-claim')).toEqual([
    { id: booked.body.booking.id, status: 'scheduled', fee: null },
  ]);
  expect(
    (await env.client.workflow.getHandle(bookingWorkflowId(booked.body.booking.id)).describe()).status.name,
  ).toBe('RUNNING');
});

it('an API killed after the confirmation, before its answer: the retried POST gets the same booking from the next API', async () => {
  await customer('c-api');
  await stop(api);
  await startApi('api.after-confirm');
  const slotId = await slot(48 * HOUR);
  const first = await call('POST', '/v1/bookings', { customerId: 'c-api', slotId }, 'booking_ui', {
    'idempotency-key': 'api-1',
  }).then(
    () => 'answered',
    () => 'dropped',
  );
  expect(first).toBe('dropped'); // the connection dropped with the process
  await api.exited;
  await startApi();
  const retried = await call('POST', '/v1/bookings', { customerId: 'c-api', slotId }, 'booking_ui', {
    'idempotency-key': 'api-1',
  });
  expect(retried.status).toBe(201);
  expect(await bookingRows('c-api')).toEqual([
    { id: retried.body.booking.id, status: 'scheduled', fee: null },
  ]);
});

it('after every crash: every row has its workflow, every confirmed workflow its row, every due charge its booking', async () => {
  const rows = (await db.pool.query('SELECT id FROM bookings')).rows.map((r) => r.id as string);
  for (const id of rows)
    await expect(env.client.workflow.getHandle(bookingWorkflowId(id)).describe()).resolves.toBeTruthy();
  const confirmed: string[] = [];
  for await (const wf of env.client.workflow.list({
    query: `WorkflowType = 'bookingWorkflow' AND BookingStatus != 'refused'`,
  })) {
    confirmed.push(wf.workflowId.replace(/^booking:/, ''));
  }
  expect(confirmed.sort()).toEqual([...rows].sort());
  const orphanCharges = await db.pool.query(
    `SELECT c.booking_id FROM charges c LEFT JOIN bookings b ON b.id = c.booking_id WHERE c.status = 'due' AND b.id IS NULL`,
  );
  expect(orphanCharges.rows).toEqual([]);
});
