import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import type { Policy } from '../../policy/types';
import { allTemporalPorts, temporalPorts } from '../../scripts/temporal-server-config';
import { startProviderFake } from '../fakes/providers';
import { TEST_ENV } from './booking-fixtures';
import { freePort } from './ports';
import { apiCall, type KEYS } from './http';
import { until } from './wait';

const ROOT = join(__dirname, '../..');

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** A first port from which every port `offsets` names is free a moment ago. */
async function freePorts(lowest: number, highest: number, offsets: number[]): Promise<number> {
  for (;;) {
    const base = lowest + Math.floor(Math.random() * (highest - lowest));
    const all = await Promise.all(offsets.map((o) => canListen(base + o)));
    if (all.every(Boolean)) return base;
  }
}

/** PostgreSQL in a process of its own, so that a test can stop it and start it again on the same data. */
async function startPostgresProcess(dir: string, port: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'postgres-process.ts'), dir, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await Promise.race([
    until(async () => out.includes('postgres ready')),
    exited.then(() => {
      throw new Error('PostgreSQL did not start');
    }),
  ]);
  return {
    url: /postgres ready (\S+)/.exec(out)![1],
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** A policy on real time, in seconds: one email reminder `reminderBefore` before the start. */
export function compressedPolicy(reminderBefore: string): Policy {
  return { ...DEFAULT_POLICY, version: 'cluster-test', reminders: [{ channel: 'email', before: reminderBefore }], changeNotice: 'PT5S', attendanceGrace: 'PT1H' };
}

/**
 * `npm run cluster` as a user runs it: its own process group, on a PostgreSQL server this test owns (so that it
 * can stop and start it), with the providers faked, `WORKERS` workers and `APIS` APIs.
 */
export async function startCluster(policy: Policy, { workers = 2, apis = 2 } = {}) {
  const dir = join(ROOT, 'test', '.tmp', `cluster-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const pgDir = join(dir, 'pg', 'data');
  const pgPort = await freePort();
  let pg: Awaited<ReturnType<typeof startPostgresProcess>> | undefined = await startPostgresProcess(pgDir, pgPort);
  const fake = await startProviderFake();
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
  const apiPort = await freePorts(33000, 40000, [...Array(apis).keys()]);
  // Temporal keeps membership ports in a smallint column: every port of the server stays below 32768.
  const temporalPort = await freePorts(10400, 31500, allTemporalPorts(temporalPorts(0)));
  const uiPort = await freePort();

  const child: ChildProcess = spawn('npm', ['run', 'cluster'], {
    cwd: ROOT,
    detached: true, // its own process group, as in a terminal
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.SUPPORT_SESSIONS_CACHE ? { SUPPORT_SESSIONS_CACHE: process.env.SUPPORT_SESSIONS_CACHE } : {}),
      DATA_DIR: dir,
      DATABASE_URL: pg.url,
      PORT: String(apiPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      WORKERS: String(workers),
      APIS: String(apis),
      POLICY_FILE: join(dir, 'policy.json'),
      ...TEST_ENV,
      ...fake.env,
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let gone = false;
  try {
    await Promise.race([
      until(async () => gone || output.includes('cluster ready')),
      exited.then((code) => {
        throw new Error(`npm run cluster exited (${code}) before it was ready:\n${output}`);
      }),
    ]);
  } catch (err) {
    gone = true;
    await pg.stop();
    await fake.close();
    throw err;
  }
  const bases = [...Array(apis).keys()].map((i) => `http://127.0.0.1:${apiPort + i}`);
  const pids = (): Record<string, number> => JSON.parse(readFileSync(join(dir, 'cluster', 'processes.json'), 'utf8'));

  const call = (api: number, method: string, path: string, body?: unknown, role: keyof typeof KEYS | null = 'manager', headers: Record<string, string> = {}) =>
    apiCall(bases[api % bases.length], method, path, body, role, headers);

  return {
    bases,
    /** The Temporal Web UI server (its HTTP API is what the UI shows). */
    ui: `http://127.0.0.1:${uiPort}`,
    fake,
    call,
    pids,
    output: () => output,
    log: (name: string) => readFileSync(join(dir, 'cluster', 'logs', `${name}.log`), 'utf8'),
    /** Sends `signal` to one process of the cluster (`worker-1`, `api-2`, `temporal`…); returns its pid. */
    kill(name: string, signal: NodeJS.Signals) {
      const pid = pids()[name];
      process.kill(pid, signal);
      return pid;
    },
    /** Until the cluster has started `name` again after `pid` died. */
    restarted: (name: string, pid: number) => until(async () => pids()[name] !== pid && output.includes(`${name} started again`)),
    async stopPostgres() {
      await pg!.stop();
      pg = undefined;
    },
    async startPostgres() {
      pg = await startPostgresProcess(pgDir, pgPort);
    },
    /**
     * SIGTERM to npm, as a service manager stops it, or SIGINT to the whole process group, as Ctrl-C in a terminal;
     * resolves with npm's exit code once it is gone.
     */
    async stop(how: 'sigterm' | 'ctrl-c' = 'sigterm'): Promise<number | null> {
      if (how === 'ctrl-c') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 90_000).unref())]);
      try {
        process.kill(-child.pid!, 'SIGKILL'); // anything left behind (there should be nothing)
      } catch {
        // the group is gone
      }
      await pg?.stop();
      await fake.close();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
export type Cluster = Awaited<ReturnType<typeof startCluster>>;

let seq = 0;
/** Customers (one address each) and slots of distinct agents starting at `start`, made through the API. */
export async function customersAndSlots(c: Cluster, n: number, start: Date, prefix = `cl${randomBytes(2).toString('hex')}`) {
  const customers = [...Array(n).keys()].map((i) => ({ id: `${prefix}-c${i}`, email: `${prefix}-c${i}@example.com` }));
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      customers.slice(i, i + 10).map(async (cu, j) => {
        const res = await c.call(i + j, 'PUT', `/v1/customers/${cu.id}`, { name: 'Ana', email: cu.email, locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 3 }, 'booking_ui');
        if (res.status >= 300) throw new Error(`PUT customer: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
  const end = new Date(start.getTime() + 3600_000).toISOString();
  const made = await c.call(0, 'POST', '/v1/slots', { slots: customers.map(() => ({ agentId: `${prefix}-a${++seq}`, sessionType: 'implementation', start: start.toISOString(), end })) });
  if (made.status !== 201) throw new Error(`POST slots: ${made.status} ${JSON.stringify(made.body)}`);
  return { customers, slots: made.body as { id: string }[] };
}

/** One booking per customer on the slot of the same index, ten at a time, spread over the APIs. */
export async function bookAll(c: Cluster, customers: { id: string }[], slots: { id: string }[]) {
  const ids: string[] = [];
  for (let i = 0; i < customers.length; i += 10) {
    const batch = await Promise.all(
      customers.slice(i, i + 10).map(async (cu, j) => {
        const res = await c.call(i + j, 'POST', '/v1/bookings', { customerId: cu.id, slotId: slots[i + j].id }, 'booking_ui');
        if (res.status !== 201) throw new Error(`POST booking: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.booking.id as string;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

/** Messages the provider fake took for each address. */
export function deliveriesTo(c: Cluster, emails: string[]) {
  const all = c.fake.accepted();
  return emails.map((email) => all.filter((m) => m.to === email).length);
}

/** The notification log of a booking, as an agent sees it. */
export async function notificationsOf(c: Cluster, bookingId: string, api = 0): Promise<{ kind: string; status: string; channel: string }[]> {
  const res = await c.call(api, 'GET', `/v1/notifications?bookingId=${bookingId}`, undefined, 'agent');
  return res.status === 200 ? res.body : [];
}

/** Until every booking's reminder is recorded as sent (the log is the guard: after that nothing resends it). */
export async function allRemindersSent(c: Cluster, bookingIds: string[]) {
  const pending = new Set(bookingIds);
  await until(async () => {
    for (const id of [...pending]) {
      const reminders = (await notificationsOf(c, id)).filter((n) => n.kind === 'reminder');
      if (reminders.length > 0 && reminders.every((n) => n.status === 'sent')) pending.delete(id);
    }
    return pending.size === 0;
  }, 1000);
}
