// The `customer_standings` table: the read model of each customer workflow's standing.
import type { Standing } from '../domain/customer';
import { atomically, type Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';

/**
 * Projects the standing; one that differs from the stored one gets the next revision and emits
 * `customer.standing_changed` in the same transaction (a retried write of the same standing changes nothing).
 */
export async function saveStanding(db: Queryable, st: Standing): Promise<void> {
  await atomically(db, async (tx) => {
    const { rows } = await tx.query<{ revision: number }>(
      `INSERT INTO customer_standings (customer_id, level, strike_count, standing, revision, updated_at) VALUES ($1,$2,$3,$4,1,now())
       ON CONFLICT (customer_id) DO UPDATE SET level = $2, strike_count = $3, standing = $4, revision = customer_standings.revision + 1, updated_at = now()
       WHERE customer_standings.standing IS DISTINCT FROM EXCLUDED.standing
       RETURNING revision`,
      [st.customerId, st.level, st.strikes.length, JSON.stringify(st)],
    );
    const revision = rows[0]?.revision;
    if (revision === undefined) return;
    await emitWebhookEvent(tx, { type: 'customer.standing_changed', eventId: `customer:${st.customerId}:r${revision}`, data: { ...st, revision } });
  });
}

/** The standing the customer's workflow last stored, if any. */
export async function findStoredStanding(db: Queryable, customerId: string): Promise<Standing | undefined> {
  const { rows } = await db.query<{ standing: Standing }>('SELECT standing FROM customer_standings WHERE customer_id = $1', [customerId]);
  return rows[0]?.standing;
}

/** The stored standing level and strike count of each of `customerIds` that has one. */
export async function findStandingSummaries(db: Queryable, customerIds: string[]): Promise<Map<string, { level: Standing['level']; strikeCount: number }>> {
  const { rows } = await db.query<{ customer_id: string; level: Standing['level']; strike_count: number }>(
    'SELECT customer_id, level, strike_count FROM customer_standings WHERE customer_id = ANY($1)',
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customer_id, { level: r.level, strikeCount: r.strike_count }]));
}

/** The stored standing of a customer (the read model the customer's workflow keeps), if it has one yet. */
export async function findStanding(db: Queryable, customerId: string): Promise<Standing | undefined> {
  const { rows } = await db.query<{ standing: Standing }>('SELECT standing FROM customer_standings WHERE customer_id = $1', [customerId]);
  return rows[0]?.standing;
}
