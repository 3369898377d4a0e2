import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { exitOnConfigError } from '../config/settings';

const ROOT = resolve(__dirname, '..');
export const ORPHAN_GUARD = resolve(__dirname, 'orphan-guard.sh');

export interface RunOptions {
  /** Started again (after a growing pause) when it exits on its own, as an orchestrator's `restart` does. */
  restart?: boolean;
  /** Output appended to this file instead of the terminal. */
  logFile?: string;
  cwd?: string;
  /** Watched by scripts/orphan-guard.sh, which stops it if this process dies without a word (a binary that cannot
   * watch its parent itself, e.g. the Temporal server). */
  guard?: boolean;
  /** Terminal lines matching this are dropped once the stack is stopping: a server's complaints about the operations
   * its own shutdown cancelled, which are not news to whoever pressed Ctrl-C. */
  quietWhileStopping?: RegExp;
}

interface Managed {
  name: string;
  proc: ChildProcess;
  start: () => ChildProcess;
  options: RunOptions;
  failures: number;
}

/**
 * The child processes of `npm start` and `npm run cluster`. A child that exits while nothing is stopping either
 * stops everything (`onFatal`) or, with `restart`, is started again. `stop` sends SIGTERM (SIGKILL after a grace).
 */
export class Supervisor {
  private readonly children = new Map<string, Managed>();
  stopping = false;

  constructor(
    private readonly say: (line: string) => void,
    private readonly onFatal: (code: number) => void,
    private readonly onSpawn: (pids: Record<string, number>) => void = () => undefined,
  ) {}

  run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): ChildProcess {
    const start = () => {
      const out = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
      const piped = out || options.quietWhileStopping ? 'pipe' : 'inherit';
      const proc = spawn(command, args, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', piped, piped] });
      if (out) {
        proc.stdout!.pipe(out, { end: false });
        proc.stderr!.pipe(out, { end: false });
        proc.once('close', () => out.end());
      } else if (options.quietWhileStopping) {
        this.passLines(proc.stdout!, process.stdout, options.quietWhileStopping);
        this.passLines(proc.stderr!, process.stderr, options.quietWhileStopping);
      }
      if (options.guard && proc.pid) guardAgainstOrphaning(proc.pid);
      const startedAt = Date.now();
      proc.on('exit', (code, signal) => this.exited(name, startedAt, signal ?? code));
      return proc;
    };
    const managed: Managed = { name, proc: start(), start, options, failures: 0 };
    this.children.set(name, managed);
    this.onSpawn(this.pids());
    return managed.proc;
  }

  private passLines(from: Readable, to: Writable, quiet: RegExp): void {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
      if (!(this.stopping && quiet.test(line))) to.write(`${line}\n`);
    });
  }

  private exited(name: string, startedAt: number, how: string | number | null): void {
    const managed = this.children.get(name);
    if (this.stopping || !managed) return;
    if (!managed.options.restart) {
      this.say(`${name} exited (${how}); stopping everything`);
      this.onFatal(1);
      return;
    }
    // A child that ran for a while starts again at once; one that keeps failing waits longer each time (≤ 10 s).
    managed.failures = Date.now() - startedAt > 30_000 ? 0 : managed.failures + 1;
    const pause = Math.min(10_000, 500 * 2 ** Math.max(0, managed.failures - 1));
    this.say(`${name} exited (${how}); starting it again in ${pause / 1000} s`);
    setTimeout(() => {
      if (this.stopping) return;
      managed.proc = managed.start();
      this.say(`${name} started again (pid ${managed.proc.pid})`);
      this.onSpawn(this.pids());
    }, pause).unref();
  }

  pids(): Record<string, number> {
    return Object.fromEntries([...this.children.values()].map((c) => [c.name, c.proc.pid ?? -1]));
  }

  names(): string[] {
    return [...this.children.keys()];
  }

  /** SIGTERM to the named children (every one by default), SIGKILL to those still running after `graceMs`. */
  async stop(names: string[] = this.names(), graceMs = 40_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      names.map((name) => {
        const proc = this.children.get(name)?.proc;
        return proc && stopChild(proc, graceMs);
      }),
    );
  }
}

/** Runs a stack's `main`: a bad setting ends it with its one line; any other start-up failure stops what started. */
export function runStack(main: () => Promise<void>, say: (line: string) => void, shutdown: (code: number) => Promise<void>): void {
  main().catch((err) => {
    try {
      exitOnConfigError(err);
    } catch {
      say(`start-up failed: ${(err as Error).message}`);
      void shutdown(1);
    }
  });
}

/**
 * A watcher (scripts/orphan-guard.sh) that stops `pid` with `signal` once this process is gone: SIGKILL on a stack
 * must not leave its Temporal server or PostgreSQL running. The watcher ends by itself when `pid` ends.
 */
export function guardAgainstOrphaning(pid: number, signal: 'TERM' | 'INT' = 'TERM'): void {
  spawn('bash', [ORPHAN_GUARD, String(pid), signal], { stdio: 'ignore' }).unref();
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. */
export function stopChild(proc: ChildProcess, timeoutMs = 20000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    proc.kill('SIGTERM');
  });
}
