import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres';
import { ensureTemporalServers } from '../scripts/temporal-servers';
import { freePort } from './helpers/ports';

// One folder per jest run, so that several runs at once (engineers, CI) never share a database or a bundle.
export const TMP = join(__dirname, '.tmp', `run-${process.pid}`);

/**
 * Once per `npm test`: the Temporal server binaries (built or cached), one embedded PostgreSQL (each test file
 * makes its own database in it) and one workflow bundle.
 */
export default async function globalSetup(): Promise<void> {
  const servers = ensureTemporalServers('all');
  if (servers.cli) process.env.TEMPORAL_CLI_PATH = servers.cli;
  if (servers.testServer) process.env.TEMPORAL_TEST_SERVER_PATH = servers.testServer;

  mkdirSync(TMP, { recursive: true });

  const pg = await startEmbeddedPostgres(join(TMP, 'postgres'), await freePort());
  process.env.TEST_DATABASE_URL = pg.url;
  (globalThis as { __pg__?: { stop(): Promise<void> } }).__pg__ = pg;

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined },
  });
  const bundlePath = join(TMP, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
}
