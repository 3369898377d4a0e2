import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import { dataConverterFor } from '../codec/payload-codec';
import { exitOnConfigError, loadSettings, requireDatabaseUrl, temporalAddressOf } from '../config/settings';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { createApp } from './app';

/** The API process. Starts even while Temporal is unreachable (health answers 503 until it is back). */
async function main(): Promise<void> {
  const settings = loadSettings();
  const databaseUrl = requireDatabaseUrl(settings);
  const logger = createLogger('api', settings.logLevel);

  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const connection = Connection.lazy({ address: temporalAddressOf(settings) });
  const client = new Client({ connection, namespace: settings.temporalNamespace, dataConverter: dataConverterFor(settings.payloadKeys) });
  const app = createApp({ pool, client, settings, logger });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(settings.port, () => resolve(s));
  });
  logger.info({ port: settings.port }, 'api listening');
  if (settings.apiKeysGenerated) {
    for (const [key, role] of settings.apiKeys) process.stdout.write(`API key (${role}): ${key}\n`);
  }

  // SIGTERM / Ctrl-C: stop taking requests, finish those in flight, then exit 0.
  // Listening stays on: a repeated signal changes nothing (and never kills the process mid-drain).
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => resolve());
  });
  logger.info('api stopping');
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await pool.end();
  await connection.close();
  logger.info('api stopped');
}

main().then(
  () => process.exit(0),
  (err) => {
    exitOnConfigError(err);
  },
);
