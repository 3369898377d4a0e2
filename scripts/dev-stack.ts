/**
 * `npm start`: the whole stack on embedded defaults — an embedded PostgreSQL, a Temporal dev server (Web UI on
 * 8233, search attributes registered, state under .data/), the worker and the API. Ctrl-C or SIGTERM stops
 * every child. Set DATABASE_URL or TEMPORAL_ADDRESS to use an existing PostgreSQL or Temporal instead.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSettings } from '../config/settings';
import { migrate } from '../db/migrate';
import { apiKeyLines, devApiKeys } from './dev-keys';
import { devServerArgs, waitForHealth, waitForTemporal } from './dev-server';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { appArgs } from './app-command';
import { runStack, Supervisor } from './supervisor';
import { ensureTemporalServers } from './temporal-servers';

const ROOT = resolve(__dirname, '..');
const TEMPORAL_PORT = Number(process.env.TEMPORAL_DEV_PORT || 7233);
const TEMPORAL_UI_PORT = Number(process.env.TEMPORAL_UI_PORT || 8233);
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT || 54320);

/** What the dev server logs about the operations its own shutdown cancelled: not shown once the stack is stopping. */
const SHUTDOWN_CHATTER = /context canceled|code = Canceled|shutting down/i;

const say = (line: string) => process.stdout.write(`[support-sessions] ${line}\n`);
const children = new Supervisor(say, (code) => void shutdown(code));
const run = children.run.bind(children);
let postgres: RunningPostgres | undefined;

async function shutdown(code: number): Promise<void> {
  if (children.stopping) return;
  say('stopping…');
  // API and worker first (they drain), then Temporal, then PostgreSQL: at most 12 + 8 + 8 s, whatever clients do.
  await children.stop(children.names().filter((n) => n !== 'temporal'), 12_000);
  await children.stop(['temporal'], 8_000);
  await Promise.race([postgres?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 8_000))]);
  say('stopped');
  process.exit(code);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ctrl-C signals the terminal's whole process group, and a supervisor (npm, systemd) may signal this process
 * alone. Either way the stack must stop in order, so it runs in a session of its own: this process only passes
 * any stop signal on, as SIGTERM, and exits with the stack's code.
 */
function superviseInOwnSession(): boolean {
  if (process.env.SUPPORT_SESSIONS_STACK === 'supervised') return false;
  const stack = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    cwd: ROOT,
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, SUPPORT_SESSIONS_STACK: 'supervised' },
  });
  for (const signal of SIGNALS) process.on(signal, () => stack.kill('SIGTERM'));
  stack.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Orphaned (whoever started us is gone without a word): stop the stack too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stack.kill('SIGTERM'), 500).unref();
  return true;
}

async function main(): Promise<void> {
  if (superviseInOwnSession()) return;
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(0));
  // Orphaned (the supervisor was killed): stop rather than run on unseen.
  const supervisor = process.ppid;
  setInterval(() => process.ppid !== supervisor && void shutdown(0), 500).unref();

  const settings = loadSettings(); // validates every setting and the policy file before anything starts
  mkdirSync(settings.dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: settings.dataDir };
  env.API_KEYS = process.env.API_KEYS || devApiKeys(settings.dataDir);

  if (!settings.databaseUrl) {
    postgres = await startEmbeddedPostgres(join(settings.dataDir, 'postgres'), EMBEDDED_PG_PORT);
    env.DATABASE_URL = postgres.url;
    say(`PostgreSQL (embedded): ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`);
  }
  await migrate(env.DATABASE_URL!);

  let temporalAddress = settings.temporalAddress;
  if (!temporalAddress) {
    const { cli } = ensureTemporalServers('cli');
    if (!cli) throw new Error('no Temporal CLI: install Go (to build it) or set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS');
    temporalAddress = `127.0.0.1:${TEMPORAL_PORT}`;
    run('temporal', cli, devServerArgs({ port: TEMPORAL_PORT, uiPort: TEMPORAL_UI_PORT, namespace: settings.temporalNamespace, dbFile: join(settings.dataDir, 'temporal.db'), codecEndpoint: `http://127.0.0.1:${settings.port}/codec` }), env, { guard: true, quietWhileStopping: SHUTDOWN_CHATTER });
    env.TEMPORAL_ADDRESS = temporalAddress;
    env.TEMPORAL_UI_URL = process.env.TEMPORAL_UI_URL || `http://127.0.0.1:${TEMPORAL_UI_PORT}`;
  }
  await waitForTemporal(temporalAddress);

  run('worker', process.execPath, appArgs('worker/main.ts', env), env);
  run('api', process.execPath, appArgs('api/main.ts', env), env);

  const base = `http://127.0.0.1:${settings.port}`;
  if (!(await waitForHealth(`${base}/health`, 120000, () => children.stopping))) throw new Error('the API did not become healthy');
  say(`API:          ${base}  (docs ${base}/docs)`);
  say(`Console:      ${base}/console  (sign in with the agent or manager key below)`);
  if (!settings.temporalAddress) say(`Temporal UI:  http://127.0.0.1:${TEMPORAL_UI_PORT}`);
  say(`Temporal:     ${temporalAddress}  namespace ${settings.temporalNamespace}, task queue ${settings.taskQueue}`);
  apiKeyLines(env.API_KEYS).forEach(say);
  say('ready — Ctrl-C stops everything');
}

runStack(main, say, shutdown);
