// The `rate_limits` table: one hit count per key and window, shared by every API instance.
import type { Queryable } from './pool';

export interface RateLimitCount {
  hits: number;
  resetAt: Date;
}

/** Counts a hit: the window restarts when it has passed, else its count goes up. One statement. */
export async function hitRateLimit(db: Queryable, key: string, windowMs: number): Promise<RateLimitCount> {
  const { rows } = await db.query<{ hits: number; reset_at: Date }>(
    `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0))
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
       reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
     RETURNING hits, reset_at`,
    [key, windowMs],
  );
  return { hits: rows[0].hits, resetAt: rows[0].reset_at };
}

export async function findRateLimit(db: Queryable, key: string): Promise<RateLimitCount | undefined> {
  const { rows } = await db.query<{ hits: number; reset_at: Date }>('SELECT hits, reset_at FROM rate_limits WHERE key = $1 AND reset_at > now()', [key]);
  return rows[0] && { hits: rows[0].hits, resetAt: rows[0].reset_at };
}

export async function unhitRateLimit(db: Queryable, key: string): Promise<void> {
  await db.query('UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0', [key]);
}

export async function resetRateLimit(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
}

/** Drops windows that have passed. */
export async function sweepRateLimits(db: Queryable): Promise<void> {
  await db.query('DELETE FROM rate_limits WHERE reset_at < now()');
}
