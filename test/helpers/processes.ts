import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { appArgs } from '../../scripts/app-command';

const running: ChildProcess[] = [];

/**
 * A production process (`worker/main.ts`, `api/main.ts`) as a child: Node itself runs it (tsx as a loader, not its
 * CLI, which would put a second process in between), so SIGTERM and SIGKILL reach it for real.
 */
export function startAppProcess(script: 'worker/main.ts' | 'api/main.ts', env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, appArgs(script, env), {
    cwd: join(__dirname, '../..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, output: () => output, logLines: () => output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}
export type AppProcess = ReturnType<typeof startAppProcess>;

/** Kills whatever a test file left running (afterAll). */
export function killAppProcesses(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
