/**
 * `npm run cluster`: the production topology on this machine, without Docker. PostgreSQL (embedded, or
 * DATABASE_URL's server) holds the application's database and Temporal's two; the Temporal server (not the dev
 * server) runs on it with SQL visibility; WORKERS workers and APIS API instances (on PORT, PORT+1, …) run
 * against it, each restarted if it dies. Prints `cluster ready` once every API answers /health. Ctrl-C or
 * SIGTERM stops everything. State under $DATA_DIR/cluster/.
 */
import { Connection } from '@temporalio/client';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import { formatPayloadKeys } from '../codec/payload-codec';
import { loadSettings } from '../config/settings';
import { migrate } from '../db/migrate';
import { apiKeyLines, devApiKeys } from './dev-keys';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { appArgs } from './app-command';
import { runStack, Supervisor } from './supervisor';
import { ensureNamespace, registerSearchAttributes } from './temporal-namespace';
import { ensureTemporalSchemas, pgEndpoint } from './temporal-schema';
import { temporalPorts, writeTemporalServerConfig } from './temporal-server-config';
import { ensureTemporalServer, ensureTemporalUiServer } from './temporal-servers';
import { writeTemporalUiConfig } from './temporal-ui-config';
import { waitForHealth, waitForTemporal } from './dev-server';

const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 32) throw new ConfigError(`${name} is invalid: a whole number from 1 to 32 (got "${raw}")`);
  return Number(raw);
}

let dir = '';
let postgres: RunningPostgres | undefined;
const children = new Supervisor(say, (code) => void shutdown(code), (pids) => {
  if (dir) writeFileSync(join(dir, 'processes.json'), JSON.stringify(pids, null, 2));
});

async function shutdown(code: number): Promise<void> {
  if (children.stopping) return;
  say('stopping…');
  // APIs and workers first (they drain), then the Web UI and Temporal, then PostgreSQL.
  const apps = children.names().filter((n) => n.startsWith('api-') || n.startsWith('worker-'));
  await children.stop(apps, 12_000);
  await children.stop(children.names().filter((n) => !apps.includes(n)), 8_000);
  await Promise.race([postgres?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 8_000))]);
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  // Whoever started us died without a signal to us (npm killed outright): nothing of the cluster may outlive it.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void shutdown(0), 1000).unref();

  if (process.env.TEMPORAL_ADDRESS) throw new ConfigError('TEMPORAL_ADDRESS is not used: npm run cluster runs its own Temporal server (TEMPORAL_PORT sets its port)');
  const workers = count('WORKERS', 2);
  const apis = count('APIS', 2);
  const temporalPort = Number(process.env.TEMPORAL_PORT || 7233);
  const uiPort = Number(process.env.TEMPORAL_UI_PORT || 8233);
  dir = join(resolve(process.env.DATA_DIR || '.data'), 'cluster');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  // Validates every setting and the policy file before anything starts; keys and link secret live in the cluster's folder.
  const settings = loadSettings({ ...process.env, DATA_DIR: dir });

  const serverDir = ensureTemporalServer();
  const uiServer = ensureTemporalUiServer();

  let databaseUrl = settings.databaseUrl;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres(join(dir, 'postgres'), Number(process.env.EMBEDDED_PG_PORT || 54320));
    databaseUrl = postgres.url;
  }
  say(`PostgreSQL:   ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}${postgres ? ' (embedded)' : ''}`);
  await migrate(databaseUrl);
  await ensureTemporalSchemas(databaseUrl, serverDir, say);

  const ports = temporalPorts(temporalPort);
  const address = `127.0.0.1:${ports.frontend}`;
  const serverArgs = writeTemporalServerConfig(join(dir, 'temporal'), pgEndpoint(databaseUrl), ports);
  const logFile = (name: string) => ({ restart: true, guard: true, logFile: join(dir, 'logs', `${name}.log`) });
  children.run('temporal', join(serverDir, 'temporal-server'), serverArgs, process.env, logFile('temporal'));
  await waitForTemporal(address, 120_000);
  const connection = await Connection.connect({ address });
  try {
    if (await ensureNamespace(connection, settings.temporalNamespace)) say(`namespace ${settings.temporalNamespace} registered`);
    // A namespace registered a moment ago reaches every service's cache within seconds.
    const added = await retrying(() => registerSearchAttributes(connection, settings.temporalNamespace));
    if (added.length) say(`search attributes registered: ${added.join(', ')}`);
    await retrying(() => connection.workflowService.listWorkflowExecutions({ namespace: settings.temporalNamespace, query: "BookingId = 'probe'", pageSize: 1 }));
  } finally {
    await connection.close();
  }

  if (uiServer) {
    const uiArgs = writeTemporalUiConfig(join(dir, 'ui'), address, uiPort, settings.temporalNamespace, `http://127.0.0.1:${settings.port}/codec`);
    children.run('temporal-ui', uiServer, uiArgs, process.env, logFile('temporal-ui'));
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    API_KEYS: process.env.API_KEYS || devApiKeys(dir),
    LINK_SECRET: settings.linkSecret,
    PAYLOAD_KEYS: formatPayloadKeys(settings.payloadKeys),
    PUBLIC_BASE_URL: settings.publicBaseUrl,
  };
  for (let i = 1; i <= workers; i++) children.run(`worker-${i}`, process.execPath, appArgs('worker/main.ts', env), env, logFile(`worker-${i}`));
  const bases: string[] = [];
  for (let i = 1; i <= apis; i++) {
    const port = settings.port + i - 1;
    bases.push(`http://127.0.0.1:${port}`);
    children.run(`api-${i}`, process.execPath, appArgs('api/main.ts', env), { ...env, PORT: String(port) }, logFile(`api-${i}`));
  }
  const healthy = await Promise.all(bases.map((base) => waitForHealth(`${base}/health`, 180_000, () => children.stopping)));
  if (healthy.includes(false)) throw new Error(`an API did not become healthy (logs in ${join(dir, 'logs')})`);

  say('cluster ready');
  bases.forEach((base, i) => say(`API ${i + 1}:        ${base}  (docs ${base}/docs)`));
  say(`Temporal:     ${address}  namespace ${settings.temporalNamespace}, task queue ${settings.taskQueue}`);
  say(uiServer ? `Temporal UI:  http://127.0.0.1:${uiPort}` : 'Temporal UI:  not available (the UI server did not build here)');
  say(`workers:      ${workers}`);
  apiKeyLines(env.API_KEYS!).forEach(say);
  say(`logs:         ${join(dir, 'logs')}; pids: ${join(dir, 'processes.json')}`);
  say('Ctrl-C stops everything');
}

async function retrying<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

runStack(main, say, shutdown);
