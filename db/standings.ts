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
