import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Pool } from 'pg';
import { findRateLimit, hitRateLimit, resetRateLimit, type RateLimitCount, sweepRateLimits, unhitRateLimit } from '../db/rate-limits';

const info = (c: RateLimitCount): ClientRateLimitInfo => ({ totalHits: c.hits, resetTime: c.resetAt });

/** An express-rate-limit store in PostgreSQL (db/rate-limits.ts), so that every API instance counts against the same limit. */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private hitsSinceSweep = 0;

  constructor(
    private readonly pool: Pool,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (++this.hitsSinceSweep >= 500) {
      this.hitsSinceSweep = 0;
      void sweepRateLimits(this.pool).catch(() => undefined);
    }
    return info(await hitRateLimit(this.pool, this.key(key), this.windowMs));
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const found = await findRateLimit(this.pool, this.key(key));
    return found && info(found);
  }

  async decrement(key: string): Promise<void> {
    await unhitRateLimit(this.pool, this.key(key));
  }

  async resetKey(key: string): Promise<void> {
    await resetRateLimit(this.pool, this.key(key));
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
