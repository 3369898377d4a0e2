import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { dataConverterFor } from '../codec/payload-codec';
import type { Settings } from '../config/settings';
import type { Logger } from '../observability/logger';

export interface WorkerDeps {
  connection: NativeConnection;
  client: Client;
  pool: Pool;
  settings: Settings;
  logger: Logger;
  /** A pre-built bundle (tests bundle once per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.settings.temporalNamespace,
    taskQueue: deps.taskQueue ?? deps.settings.taskQueue,
    // On shutdown, a send in flight gets this long to hear its provider's answer and record it before it is cancelled
    // (and retried by another worker, which asks the provider first). Compose's stop_grace_period is longer.
    shutdownGraceTime: '30 seconds',
    // Bookings sleep for weeks: keeping each in memory makes the worker grow with the number open. A bounded cache
    // keeps its memory flat; a booking outside it is replayed (a few dozen events) when its timer fires.
    maxCachedWorkflows: deps.settings.workerCachedWorkflows,
    // A reminder's step waits for its instant on the worker (REMINDER_LEAD): a burst of sessions at one instant holds
    // one slot per reminder for the lead. Activities are I/O (PostgreSQL, providers), so slots are cheap.
    maxConcurrentActivityTaskExecutions: 2000,
    // Every payload encrypted (codec/): the same converter as every client of the project.
    dataConverter: dataConverterFor(deps.settings.payloadKeys),
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({
      pool: deps.pool,
      client: deps.client,
      settings: deps.settings,
      logger: deps.logger,
    }),
  });
}
