// The `customers` table: the profile the booking UI stores (PUT /v1/customers/:id).
import type { CustomerProfile } from '../domain/customer';
import type { Queryable } from './pool';

/** Stores the profile; true when the customer is new. */
export async function upsertCustomer(db: Queryable, id: string, p: CustomerProfile): Promise<boolean> {
  const { rows } = await db.query<{ created: boolean }>(
    `INSERT INTO customers (id, name, email, phone, locale, time_zone, plan, seats) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (id) DO UPDATE SET name=$2, email=$3, phone=$4, locale=$5, time_zone=$6, plan=$7, seats=$8, updated_at=now()
     RETURNING (xmax = 0) AS created`,
    [id, p.name, p.email, p.phone ?? null, p.locale, p.timeZone, p.plan, p.seats],
  );
  return rows[0].created;
}

export async function customerExists(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM customers WHERE id = $1', [id])).rowCount ?? 0) > 0;
}
