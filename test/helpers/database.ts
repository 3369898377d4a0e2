import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';

/** A fresh, migrated database in the test run's PostgreSQL; one per test file. */
export async function createTestDatabase(): Promise<{ url: string; pool: import('pg').Pool; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = admin.replace(/\/[^/]+$/, `/${name}`);
  await migrate(url);
  const pool = createPool(url);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
    },
  };
}
