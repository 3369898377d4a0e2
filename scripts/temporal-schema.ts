import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

/** Temporal's two databases on the application's PostgreSQL server. */
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

export interface PgEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function pgEndpoint(databaseUrl: string): PgEndpoint {
  const u = new URL(databaseUrl);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

const withDatabase = (databaseUrl: string, name: string) => {
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * Creates Temporal's databases if missing and brings their schemas to the server's version with its SQL tool
 * (`setup-schema -v 0.0` on a new database, then `update-schema`): idempotent, safe on every start.
 */
export async function ensureTemporalSchemas(databaseUrl: string, serverDir: string, log: (line: string) => void): Promise<void> {
  const pg = pgEndpoint(databaseUrl);
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    for (const [kind, name] of Object.entries(TEMPORAL_DATABASES)) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
      const db = new Client({ connectionString: withDatabase(databaseUrl, name) });
      await db.connect();
      const versioned = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'").finally(() => db.end());
      const tool = (...args: string[]) =>
        execFileSync(join(serverDir, 'temporal-sql-tool'), ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '--db', name, ...args], {
          env: { ...process.env, SQL_USER: pg.user, SQL_PASSWORD: pg.password },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
      if (versioned.rowCount === 0) tool('setup-schema', '-v', '0.0');
      const schema = kind === 'default' ? 'temporal' : 'visibility';
      tool('update-schema', '-d', join(serverDir, 'schema/postgresql/v12', schema, 'versioned'));
      log(`Temporal database ${name}: schema current`);
    }
  } finally {
    await admin.end();
  }
}
