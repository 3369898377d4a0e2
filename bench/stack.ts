/**
 * The stack under test. Either its own, on free ports — embedded PostgreSQL, the Temporal dev server launched as
 * `npm start` launches it (scripts/dev-server.ts), the worker and the API as child processes, the provider fakes of
 * test/fakes — or a running one (`--target URL`), whose keys and addresses come from the environment.
 */
import { Connection } from '@temporalio/client';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newPayloadKeys } from '../codec/payload-codec';
import { migrate } from '../db/migrate';
import { appArgs } from '../scripts/app-command';
import { devServerArgs, waitForHealth, waitForTemporal } from '../scripts/dev-server';
import { stopChild } from '../scripts/supervisor';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres';
import { ensureTemporalServers } from '../scripts/temporal-servers';
import { startProviderFake } from '../test/fakes/providers';
import { freePort } from '../test/helpers/ports';
import { type Keys, parseKeys } from './api-client';
import type { ProcessPids } from './cpu';
import { progress, waitFor } from './util';

const ROOT = resolve(__dirname, '..');
export type ProviderFake = Awaited<ReturnType<typeof startProviderFake>>;

export interface Stack {
  base: string;
  keys: Keys;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string | undefined;
  /** The provider fake the worker sends through (own stack only): the lateness clock. */
  fake: ProviderFake | undefined;
  /** The worker's process id (own stack only), for its memory. */
  workerPid: number | undefined;
  /** The environment a worker of this stack is started with (own stack only). */
  workerEnv: NodeJS.ProcessEnv | undefined;
  /** The stack's processes (own stack only), for their CPU time: api, worker, temporal, postgres (the postmaster). */
  pids: ProcessPids | undefined;
  /** The Temporal server's Prometheus endpoint (own stack only): heartbeats, which no history shows. */
  temporalMetricsUrl: string | undefined;
  /** The stack's PAYLOAD_KEYS, for the bench's own client (it reads booking results); unset = no codec. */
  payloadKeys: string | undefined;
  stop(): Promise<void>;
}

/** Node runs the process itself (tsx as a loader), so its pid is the worker's and SIGTERM reaches it. */
export function spawnApp(
  entry: 'worker/main.ts' | 'api/main.ts',
  env: NodeJS.ProcessEnv,
  logFile?: string,
): ChildProcess {
  const child = spawn(process.execPath, appArgs(entry, env), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (c: Buffer) => {
    if (logFile) appendFileSync(logFile, c);
    tail = (tail + c.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL')
      progress(`${entry} exited (${signal ?? code}): ${tail.slice(-1500)}`);
  });
  return child;
}

/** Waits until a worker polls the task queue, so no measurement runs while the worker is still starting. */
async function waitForPoller(address: string, namespace: string, taskQueue: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const ready = await waitFor(async () => {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1,
      });
      return (pollers?.length ?? 0) > 0;
    }, 120_000);
    if (!ready) throw new Error(`no worker polls ${taskQueue}`);
  } finally {
    await connection.close();
  }
}

/** The postmaster's pid, the first line of its pid file; its backends are its children. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function startOwnStack(policyFile: string): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'support-sessions-bench-'));
  // The processes' own logs outlive the run, for whoever wants to know why a figure is what it is.
  const logs = mkdtempSync(join(tmpdir(), 'support-sessions-bench-logs-'));
  progress(`starting the stack under ${dir}; its logs go to ${logs}`);
  const [pgPort, temporalPort, uiPort, apiPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const { cli } = ensureTemporalServers('cli');
  if (!cli)
    throw new Error('no Temporal CLI: install Go (to build it) or set TEMPORAL_CLI_PATH, or use --target');
  const namespace = 'default';
  const temporal = spawn(
    cli,
    devServerArgs({ port: temporalPort, uiPort, namespace, dbFile: join(dir, 'temporal.db'), metricsPort }),
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', openSync(join(logs, 'temporal.log'), 'a')],
    },
  );
  const [postgres, fake] = await Promise.all([
    startEmbeddedPostgres(join(dir, 'postgres'), pgPort),
    startProviderFake(),
  ]);
  await migrate(postgres.url);
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  await waitForTemporal(temporalAddress);

  const payloadKeys = newPayloadKeys('bench1');
  const keys: Keys = { booking_ui: 'bench-ui-key-000000000000000', agent: 'bench-agent-key-0000000000000', manager: 'bench-manager-key-00000000000' };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    POLICY_FILE: policyFile,
    API_KEYS: Object.entries(keys)
      .map(([role, key]) => `${role}:${key}`)
      .join(','),
    LINK_SECRET: 'bench-link-secret-bench-link-secret-0000',
    PAYLOAD_KEYS: payloadKeys,
    PORT: String(apiPort),
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    ...fake.env,
  };
  const worker = spawnApp('worker/main.ts', env, join(logs, 'worker.log'));
  const api = spawnApp('api/main.ts', env, join(logs, 'api.log'));
  const base = `http://127.0.0.1:${apiPort}`;
  if (!(await waitForHealth(`${base}/health`, 120000))) throw new Error('the API did not become healthy');
  await waitForPoller(temporalAddress, namespace, 'support-sessions');
  progress(`stack ready: API ${base}, Temporal ${temporalAddress}`);
  return {
    base,
    keys,
    temporalAddress,
    namespace,
    taskQueue: 'support-sessions',
    databaseUrl: postgres.url,
    fake,
    workerPid: worker.pid,
    workerEnv: env,
    pids: { api: api.pid, worker: worker.pid, temporal: temporal.pid, postgres: postmasterPid(join(dir, 'postgres')) },
    temporalMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    payloadKeys,
    async stop() {
      await Promise.all([stopChild(api, 40000), stopChild(worker, 40000)]);
      await stopChild(temporal, 10000);
      await postgres.stop().catch(() => undefined);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      progress(`logs of the worker, the API and Temporal kept in ${logs}`);
    },
  };
}

/** A running stack: `--target URL`, keys from BENCH_KEYS or API_KEYS, Temporal and PostgreSQL from the usual settings. */
export function targetStack(base: string): Stack {
  const raw = process.env.BENCH_KEYS || process.env.API_KEYS;
  if (!raw)
    throw new Error(
      '--target needs the API keys: set BENCH_KEYS (or API_KEYS) to booking_ui:…,agent:…,manager:…',
    );
  return {
    base: base.replace(/\/$/, ''),
    keys: parseKeys(raw),
    temporalAddress: process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE || 'support-sessions',
    databaseUrl: process.env.DATABASE_URL || undefined,
    fake: undefined,
    workerPid: undefined,
    workerEnv: undefined,
    pids: undefined,
    temporalMetricsUrl: process.env.BENCH_TEMPORAL_METRICS_URL || undefined,
    payloadKeys: process.env.PAYLOAD_KEYS || undefined,
    stop: async () => undefined,
  };
}
