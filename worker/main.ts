import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { exitOnConfigError, loadSettings, requireDatabaseUrl, temporalAddressOf } from '../config/settings';
import { temporalClientOptions } from '../config/temporal-client';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { watchParent } from '../observability/parent-watch';
import { installWorkerRuntime } from '../observability/worker-telemetry';
import { startWebhookDispatcher } from '../webhooks/dispatcher';
import { createWorker } from './create-worker';

/** Activities' Updates (admission, a termination's cancellations) wait less than their local activity's 30 s. */
const WORKER_NOT_READY_PATIENCE_MS = 20_000;

/** The worker process: runs the booking and customer workflows and their activities. */
async function main(): Promise<void> {
  const settings = loadSettings();
  const databaseUrl = requireDatabaseUrl(settings);
  const logger = createLogger('worker', settings.logLevel);
  const address = temporalAddressOf(settings);
  installWorkerRuntime(process.env.WORKER_METRICS_ADDRESS || undefined, settings.logLevel);

  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: settings.temporalNamespace, ...temporalClientOptions(settings.payloadKeys, WORKER_NOT_READY_PATIENCE_MS) });
  const worker = await createWorker({ connection, client, pool, settings, logger });

  // SIGTERM / Ctrl-C: stop polling, let running tasks finish, then exit 0. The SDK's runtime hears the first signal
  // too and listens no more; a repeated one must neither throw nor kill the process, so shutting down is idempotent.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (worker.getState() !== 'RUNNING') return;
      logger.info({ signal }, 'draining worker');
      worker.shutdown();
    });
  }
  // Orphaned (the stack that started it was SIGKILLed): stop as if told to.
  watchParent(() => process.kill(process.pid, 'SIGTERM'));
  logger.info({ address, namespace: settings.temporalNamespace, taskQueue: settings.taskQueue }, 'worker running');
  // Webhook events go from the outbox to one delivery workflow each, while the worker runs.
  const dispatcher = startWebhookDispatcher({ pool, client, settings, logger });
  await worker.run();
  await dispatcher.stop();
  await pool.end();
  await clientConnection.close();
  await connection.close();
  logger.info('worker stopped');
}

main().then(
  () => process.exit(0),
  (err) => {
    exitOnConfigError(err);
  },
);
