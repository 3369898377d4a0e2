// The reusable reminder engine (workflows/reminders.ts) run by a workflow of its own, as a workshop seat runs it.
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createLogger } from '../../observability/logger';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import type { sessionRemindersWorkflow } from '../fixtures/workflows/session-reminders';
import { startProviderFake } from '../fakes/providers';
import { insertCustomer, testSettings } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { createTimeSkippingEnv, testDataConverter } from '../helpers/temporal';

const HOUR = 3600_000;
let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startProviderFake>>;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'session-reminders';

beforeAll(async () => {
  [env, db, fake] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), startProviderFake()]);
  const settings = testSettings(fake.env);
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/workflows/session-reminders'), logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    dataConverter: testDataConverter(),
    activities: createActivities({ pool: db.pool, client: env.client, settings, logger: createLogger('test', 'silent') }),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await db?.drop();
  await fake?.close();
  await env?.teardown();
});

const start = async (customerId: string, inMs: number, id: string) =>
  env.client.workflow.start<typeof sessionRemindersWorkflow>('sessionRemindersWorkflow', {
    workflowId: id,
    taskQueue,
    args: [{ customerId, start: new Date((await env.currentTimeMs()) + inMs).toISOString(), timeZone: 'Europe/Madrid', rules: DEFAULT_POLICY.reminders }],
  });

it('runs a session\u2019s reminders to its start: past ones skipped, due ones sent, one refused for good failed', async () => {
  const customerId = await insertCustomer(db.pool);
  fake.queue(/Messages\.json$/, { status: 400, body: { code: 21610, message: 'Unsubscribed recipient', status: 400 } });
  const handle = await start(customerId, 3 * HOUR, 'seat-1');
  await env.sleep(3 * HOUR + 60_000);
  const { final, changes } = await handle.result();
  expect(final.map((r) => `${r.offset}:${r.status}`)).toEqual(['P2D:skipped', 'PT24H:skipped', 'PT1H:sent', 'PT30M:failed']);
  expect(changes).toBeGreaterThan(1);
  const rows = (await db.pool.query(`SELECT key, channel, status FROM notifications WHERE customer_id = $1 ORDER BY id`, [customerId])).rows;
  expect(rows.map((r) => `${r.channel}:${r.status}`)).toEqual(['email:sent', 'sms:failed', 'email:sent']); // the SMS's fallback email
  expect(rows[2].key).toBe(`${rows[1].key}:fallback-email`);
  await expectNoFailedWorkflowTask(handle);
});

it('a stopped session sends nothing more: the pending reminders are cancelled', async () => {
  const customerId = await insertCustomer(db.pool);
  const handle = await start(customerId, 50 * HOUR, 'seat-2');
  await env.sleep(3 * HOUR); // the P2D reminder has gone
  await handle.signal('stop');
  const { final } = await handle.result();
  expect(final.map((r) => `${r.offset}:${r.status}`)).toEqual(['P2D:sent', 'PT24H:cancelled', 'PT1H:cancelled', 'PT30M:cancelled']);
  await expectNoFailedWorkflowTask(handle);
});
