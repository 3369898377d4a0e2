import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'draining';
  checks: { db: 'ok' | 'down'; temporal: 'ok' | 'down' };
}

const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** PostgreSQL answers `SELECT 1` and the Temporal frontend answers its system info, each within 2 s. */
export async function checkHealth(pool: Pool, client: Client): Promise<HealthReport> {
  const [db, temporal] = await Promise.all([
    within(2000, pool.query('SELECT 1')).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    within(2000, client.connection.workflowService.getSystemInfo({})).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
  ]);
  return { status: db === 'ok' && temporal === 'ok' ? 'ok' : 'degraded', checks: { db, temporal } };
}
