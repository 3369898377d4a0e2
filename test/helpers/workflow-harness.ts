import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { type Activities, createActivities } from '../../activities';
import type { Settings } from '../../config/settings';
import { dataConverterFor } from '../../codec/payload-codec';
import { createLogger } from '../../observability/logger';
import { testSettings } from './booking-fixtures';
import { createTestDatabase } from './database';
import { createTimeSkippingEnv, workflowBundle } from './temporal';

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** A worker running the production workflow bundle and activities against `env` and `db`. */
export async function createTestWorker(env: TestWorkflowEnvironment, db: TestDatabase, settings: Settings, wrap?: (a: Activities) => object) {
  const activities = createActivities({ pool: db.pool, client: env.client, settings, logger: createLogger('test', 'silent') });
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: settings.taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter: dataConverterFor(settings.payloadKeys),
    activities: wrap ? wrap(activities) : activities,
  });
}

/** The time-skipping server, a fresh database and a running worker; `close()` in afterAll. */
export async function startWorkflowHarness(opts: { settings?: Settings; wrap?: (a: Activities) => object } = {}) {
  const [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const settings = opts.settings ?? testSettings();
  const worker = await createTestWorker(env, db, settings, opts.wrap);
  const running = worker.run();
  return {
    env,
    db,
    settings,
    async close() {
      worker.shutdown();
      await running;
      await db.drop();
      await env.teardown();
    },
  };
}
