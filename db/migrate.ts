import { join } from 'node:path';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = join(__dirname, 'migrations');

/**
 * Applies every pending schema migration (node-pg-migrate; SQL files in db/migrations). Several processes may
 * start at once (worker, API): node-pg-migrate's lock refuses the others at once, so they wait their turn.
 */
export async function migrate(databaseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await runner({
        databaseUrl,
        dir: MIGRATIONS_DIR,
        direction: 'up',
        migrationsTable: 'pgmigrations',
        count: Infinity,
        log: () => undefined,
      });
      return;
    } catch (err) {
      if (!/Another migration is already running/.test(String(err)) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
