// A worker SIGKILLed while a delivery's attempt waits for the receiver: another worker makes the attempt again, so
// the event arrives once more (at least once), never zero times.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { TEST_ENV, testSettings } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';
import { apiCall } from '../helpers/http';
import { type AppProcess, killAppProcesses, startAppProcess } from '../helpers/processes';
import { createLocalEnv } from '../helpers/temporal';
import { until } from '../helpers/wait';
import { bookingSteps, workflowTaskFailures } from '../helpers/webhook-flow';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(240_000);

const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_SCHEDULE: 'PT1S,PT1S' };
let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let rx: Receiver;
let worker: AppProcess;

beforeAll(async () => {
  [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  rx = await startReceiver();
});
afterAll(async () => {
  killAppProcesses();
  await rx?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await db?.drop();
  await env?.teardown();
});

const startWorker = () => (worker = startAppProcess('worker/main.ts', { DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, ...TEST_ENV, ...WEBHOOK_ENV }));

it('a worker killed mid-delivery: the event is delivered once more by the next worker', async () => {
  const settings = testSettings(WEBHOOK_ENV);
  const app = createApp({ pool: db.pool, client: env.client, settings, logger: createLogger('api', 'silent') });
  server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const steps = bookingSteps((method, path, body, role = 'manager') => apiCall(base, method, path, body, role));

  // The first request is held unanswered; every later one is answered 200.
  rx.setBehaviour((n) => (n === 0 ? 'hang' : 200));
  const sub = await steps.subscribe(rx.url, ['booking.created']);
  startWorker();
  await steps.customer('c-kill');
  const id = await steps.book('c-kill', await steps.slot());
  await until(async () => rx.received.length === 1, 100);

  worker.child.kill('SIGKILL');
  await worker.exited;
  startWorker();
  await until(async () => (await steps.deliveries(sub.id))[0]?.status === 'delivered', 500);

  expect(rx.received.length).toBe(2);
  expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  for (const r of rx.received) expect(new Webhook(sub.secret).verify(r.body, r.headers)).toMatchObject({ type: 'booking.created', data: { id } });
  expect((await steps.deliveries(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
  const tasks = await workflowTaskFailures(env.client, `WorkflowType = 'webhookDeliveryWorkflow'`);
  expect(tasks).toEqual({ checked: 1, failed: [] });
  worker.child.kill('SIGTERM');
  await worker.exited;
});
