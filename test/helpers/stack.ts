import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { testSettings } from './booking-fixtures';
import { createTestDatabase } from './database';
import { apiCall, KEYS } from './http';
import { createLocalEnv } from './temporal';
import { createTestWorker } from './workflow-harness';

export { KEYS };

/**
 * The real stack in one process: a Temporal dev server, a fresh database, a worker and the API on a free port.
 * `env` adds settings (e.g. the provider fake's, so email goes through the real Mailgun client); `wrap` the worker's activities.
 */
export async function startTestStack(env: Record<string, string> = {}, wrap?: (a: Activities) => object) {
  const [temporal, db]: [TestWorkflowEnvironment, Awaited<ReturnType<typeof createTestDatabase>>] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  const settings = testSettings(env);
  // The API's log lines, kept for the tests that read them.
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger('api', 'info', { write: (line: string) => logLines.push(JSON.parse(line)) });
  let worker = await createTestWorker(temporal, db, settings, wrap);
  let running = worker.run();
  const lifecycle = { draining: false };
  let workerStopped = false;
  const stopWorker = async () => {
    if (!workerStopped) {
      workerStopped = true;
      worker.shutdown();
    }
    await running;
  };
  const app = createApp({ pool: db.pool, client: temporal.client, settings, logger, lifecycle });
  const server: Server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  settings.publicBaseUrl = base;

  const call = (method: string, path: string, body?: unknown, role: keyof typeof KEYS | null = 'manager', headers: Record<string, string> = {}) =>
    apiCall(base, method, path, body, role, headers);

  return {
    env: temporal,
    db,
    settings,
    base,
    call,
    logLines,
    /** Set `draining` to see the API as it stops. */
    lifecycle,
    /** Stops the only worker (reads must still answer; changes wait). */
    stopWorker,
    async startWorker() {
      workerStopped = false;
      worker = await createTestWorker(temporal, db, settings, wrap);
      running = worker.run();
    },
    async close() {
      await new Promise((r) => server.close(r));
      await stopWorker();
      await db.drop();
      await temporal.teardown();
    },
  };
}
