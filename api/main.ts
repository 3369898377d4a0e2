import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import { exitOnConfigError, loadSettings, requireDatabaseUrl, temporalAddressOf } from '../config/settings';
import { temporalClientOptions } from '../config/temporal-client';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { watchParent } from '../observability/parent-watch';
import { createApp } from './app';
import { drain, type Lifecycle } from './lifecycle';

/** How long requests in flight may still run once the API is stopping; then their connections are cut. */
const DRAIN_GRACE_MS = 5_000;
const within = (ms: number, p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

/** The API process. Starts even while Temporal is unreachable (health answers 503 until it is back). */
async function main(): Promise<void> {
  const settings = loadSettings();
  const databaseUrl = requireDatabaseUrl(settings);
  const logger = createLogger('api', settings.logLevel);
  const stopping = new Promise<string>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => resolve(signal));
    watchParent(() => resolve('orphaned'));
  });

  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const connection = Connection.lazy({ address: temporalAddressOf(settings) });
  const client = new Client({ connection, namespace: settings.temporalNamespace, ...temporalClientOptions(settings.payloadKeys) });
  const lifecycle: Lifecycle = { draining: false };
  const app = createApp({ pool, client, settings, logger, lifecycle });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(settings.port, () => resolve(s));
  });
  logger.info({ port: settings.port }, 'api listening');
  if (settings.apiKeysGenerated) {
    for (const [key, role] of settings.apiKeys) process.stdout.write(`API key (${role}): ${key}\n`);
  }

  // SIGTERM / Ctrl-C / orphaned: stop taking requests on every connection, answer those in flight (with
  // `Connection: close`) for a short grace, then exit 0. A repeated signal changes nothing.
  const why = await stopping;
  logger.info({ why }, 'api stopping');
  await drain(server, lifecycle, DRAIN_GRACE_MS);
  await within(3_000, pool.end());
  await within(2_000, connection.close());
  logger.info('api stopped');
}

main().then(
  () => process.exit(0),
  (err) => {
    exitOnConfigError(err);
  },
);
