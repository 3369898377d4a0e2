// The `customer_standings` table: the read model of each customer workflow's standing.
import type { Standing } from '../domain/customer';
import type { Queryable } from './pool';

export async function saveStanding(db: Queryable, st: Standing): Promise<void> {
  await db.query(
    `INSERT INTO customer_standings (customer_id, level, strike_count, standing, updated_at) VALUES ($1,$2,$3,$4,now())
     ON CONFLICT (customer_id) DO UPDATE SET level = $2, strike_count = $3, standing = $4, updated_at = now()`,
    [st.customerId, st.level, st.strikes.length, JSON.stringify(st)],
  );
}

/** The stored standing level and strike count of each of `customerIds` that has one. */
export async function findStandingSummaries(db: Queryable, customerIds: string[]): Promise<Map<string, { level: Standing['level']; strikeCount: number }>> {
  const { rows } = await db.query<{ customer_id: string; level: Standing['level']; strike_count: number }>(
    'SELECT customer_id, level, strike_count FROM customer_standings WHERE customer_id = ANY($1)',
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customer_id, { level: r.level, strikeCount: r.strike_count }]));
}

/** The stored standing of a customer (the customer workflow's read model), if it has one yet. */
export async function findStanding(db: Queryable, customerId: string): Promise<Standing | undefined> {
  const { rows } = await db.query<{ standing: Standing }>('SELECT standing FROM customer_standings WHERE customer_id = $1', [customerId]);
  return rows[0]?.standing;
}
