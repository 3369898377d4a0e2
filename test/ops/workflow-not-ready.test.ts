// An Update that reaches a workflow whose task is failing (its worker died mid-task, the task timed out) is refused
// by the server; our clients wait that out and get the workflow's answer, or give up as "not ready" (a 503).
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { isWorkflowNotReady, notReadyRetry } from '../../config/temporal-client';
import { toApiError } from '../../api/errors';
import { failsItsTasksUntil, pingUpdate } from '../fixtures/foundation-workflows';
import { createLocalEnv, testDataConverter } from '../helpers/temporal';
import { until } from '../helpers/wait';

jest.setTimeout(90_000);

const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
/** From its third attempt on (about 10 s after the first), the server refuses Updates to a workflow whose task keeps failing. */
const REFUSING_ATTEMPT = 3;

beforeAll(async () => {
  env = await createLocalEnv();
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/foundation-workflows'), logger: quiet });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'not-ready', workflowBundle: bundle, dataConverter: testDataConverter() });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** A workflow whose tasks fail for the next `forMs`, once its task has failed often enough for the server to refuse Updates. */
async function failing(id: string, forMs: number) {
  const handle = await env.client.workflow.start(failsItsTasksUntil, { args: [Date.now() + forMs], taskQueue: 'not-ready', workflowId: id });
  await until(async () => {
    const task = (await handle.describe()).raw.pendingWorkflowTask;
    if (!task) throw new Error(`${id}: its task was mended before the server refused Updates`);
    return (task.attempt ?? 0) >= REFUSING_ATTEMPT;
  });
  return handle;
}

it('an Update (or Update-with-start) sent while the task is failing is answered once the task is mended', async () => {
  const handle = await failing('not-ready-waits', 16_000); // its third attempt (~10 s) fails, its fourth (~20 s) is mended;
  const withStart = new WithStartWorkflowOperation(failsItsTasksUntil, { args: [0], taskQueue: 'not-ready', workflowId: handle.workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
  const answers = await Promise.all([
    handle.executeUpdate(pingUpdate, { updateId: 'ping-1' }),
    env.client.workflow.executeUpdateWithStart(pingUpdate, { updateId: 'ping-2', startWorkflowOperation: withStart }),
  ]);
  expect(answers).toEqual(['pong', 'pong']);
});

it('without patience the same Update is refused as not ready, which the API answers 503', async () => {
  const impatient = new Client({ connection: env.connection, dataConverter: testDataConverter(), interceptors: { workflow: [notReadyRetry(0)] } });
  await failing('not-ready-refused', 30_000);
  const refused = await impatient.workflow.getHandle('not-ready-refused').executeUpdate(pingUpdate).catch((err: unknown) => err);
  expect(isWorkflowNotReady(refused)).toBe(true);
  expect(toApiError(refused)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
});
