import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/ports';

/** Every descendant pid of `pid`, from /proc (ps is not guaranteed on every machine). */
function descendants(pid: number): number[] {
  const out = execFileSync('bash', ['-c', `for p in /proc/[0-9]*; do echo "\${p#/proc/} $(awk '{print $4}' $p/stat 2>/dev/null)"; done`], {
    encoding: 'utf8',
  });
  const parentOf = new Map<number, number>();
  for (const line of out.trim().split('\n')) {
    const [child, parent] = line.split(' ').map(Number);
    if (parent) parentOf.set(child, parent);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** A process that still runs (a zombie waiting to be reaped does not count). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** `npm start` as a person runs it: in a process group of its own, as a terminal's foreground job. */
async function startStack() {
  const [port, pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const stack = spawn('npm', ['start'], {
    cwd: join(__dirname, '../..'),
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(stack);
  const out = { text: '' };
  stack.stdout!.on('data', (d) => (out.text += d));
  stack.stderr!.on('data', (d) => (out.text += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${out.text}`)), 150000);
    stack.stdout!.on('data', () => out.text.includes('ready') && (clearTimeout(timer), resolve()));
    stack.on('exit', () => (clearTimeout(timer), reject(new Error(`exited:\n${out.text}`))));
  });
  const exited = new Promise<number | null>((r) => stack.once('exit', (code) => r(code)));
  return { stack, out, exited, port, uiPort };
}

/** After a stop: the exit code, and whether anything of the stack still runs 30 s later. */
async function afterStop(children: number[], exited: Promise<number | null>) {
  const code = await exited;
  for (let i = 0; i < 150 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 200));
  return { code, left: children.filter(alive) };
}

/**
 * A client that keeps four keep-alive connections busy with requests, reconnecting at once whenever one closes,
 * until told to stop: what a polling booking UI or a load balancer does to a stopping API.
 */
function busyClient(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const state = { running: true, answered: 0, closing: 0 };
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
        state.answered++;
        if (res.headers.connection === 'close') state.closing++;
        res.resume().on('end', resolve).on('error', resolve);
      });
      req.on('error', () => setTimeout(resolve, 20));
      req.end();
    });
  const loops = Array.from({ length: 4 }, async () => {
    while (state.running) await one();
  });
  return {
    state,
    async stop() {
      state.running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** The stack's own supervisor (npm start runs it in a session of its own), found among the descendants of npm. */
function stackSupervisor(npmPid: number): number {
  const found = descendants(npmPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').includes('SUPPORT_SESSIONS_STACK=supervised') && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dev-stack');
    } catch {
      return false;
    }
  });
  return found[0];
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const s of started) if (s.exitCode === null) process.kill(-s.pid!, 'SIGKILL');
});

describe('npm start', () => {
  it('brings up PostgreSQL, Temporal (with Web UI), worker and API, and SIGTERM to npm alone leaves no process behind', async () => {
    const { stack, out, exited, port, uiPort } = await startStack();
    expect(out.text).toMatch(/API key booking_ui\s+\S+/);
    expect(out.text).toContain(`Temporal UI:  http://127.0.0.1:${uiPort}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { db: 'ok', temporal: 'ok' } });
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);

    const children = descendants(stack.pid!);
    expect(children.length).toBeGreaterThanOrEqual(4); // postgres, temporal, worker, api
    stack.kill('SIGTERM'); // as a supervisor sends it: to the npm process alone
    expect(await afterStop(children, exited)).toEqual({ code: 0, left: [] });
    expect(out.text).toContain('stopped');
    expect(out.text).not.toMatch(/Error|\n\s+at /);
  });

  it('Ctrl-C (SIGINT to the whole process group) stops everything in order, exit 0, no stack trace', async () => {
    const { stack, out, exited } = await startStack();
    const children = descendants(stack.pid!);
    process.kill(-stack.pid!, 'SIGINT');
    expect(await afterStop(children, exited)).toEqual({ code: 0, left: [] });
    expect(out.text).toMatch(/stopping…[\s\S]*stopped/);
    expect(out.text).not.toMatch(/Error|\n\s+at /);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s while a client keeps four keep-alive connections busy: every process gone, exit 0', async (signal) => {
    const { stack, out, exited, port } = await startStack();
    const children = descendants(stack.pid!);
    const client = busyClient(port);
    for (let i = 0; i < 100 && client.state.answered < 50; i++) await new Promise((r) => setTimeout(r, 50));
    expect(client.state.answered).toBeGreaterThanOrEqual(50);
    if (signal === 'SIGINT') process.kill(-stack.pid!, 'SIGINT'); // Ctrl-C: the terminal's whole process group
    else stack.kill('SIGTERM');
    const result = await afterStop(children, exited);
    await client.stop();
    expect(result).toEqual({ code: 0, left: [] });
    expect(out.text).toContain('stopped');
  });

  it('none of its processes survives the stack being SIGKILLed', async () => {
    const { stack, port } = await startStack();
    const supervisor = stackSupervisor(stack.pid!);
    const children = descendants(supervisor);
    expect(children.length).toBeGreaterThanOrEqual(4);
    const client = busyClient(port);
    process.kill(supervisor, 'SIGKILL');
    const result = await afterStop(children, Promise.resolve(null));
    await client.stop();
    expect(result.left).toEqual([]);
  });
});
