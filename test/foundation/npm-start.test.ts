import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
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

describe('npm start', () => {
  let stack: ChildProcess | undefined;
  afterAll(() => {
    if (stack && stack.exitCode === null) stack.kill('SIGKILL');
  });

  it('brings up PostgreSQL, Temporal (with Web UI), worker and API, and SIGTERM leaves no process behind', async () => {
    const [port, pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-stack.ts'], {
      cwd: join(__dirname, '../..'),
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
    let output = '';
    stack.stdout!.on('data', (d) => (output += d));
    stack.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 150000);
      stack!.stdout!.on('data', () => output.includes('ready') && (clearTimeout(timer), resolve()));
      stack!.on('exit', () => (clearTimeout(timer), reject(new Error(`exited:\n${output}`))));
    });

    expect(output).toMatch(/API key booking_ui\s+\S+/);
    expect(output).toContain(`Temporal UI:  http://127.0.0.1:${uiPort}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { db: 'ok', temporal: 'ok' } });
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);

    const children = descendants(stack.pid!);
    expect(children.length).toBeGreaterThanOrEqual(4); // postgres, temporal, worker, api
    const exited = new Promise<number | null>((r) => stack!.once('exit', (code) => r(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Give init a moment to reap what the stack's children left as zombies, then nothing may remain.
    for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 200));
    expect(children.filter(alive)).toEqual([]);
  });
});
