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

export interface CustomerRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  locale: CustomerProfile['locale'];
  time_zone: string;
  plan: string;
  seats: number;
}

export async function findCustomerRows(db: Queryable, ids: string[]): Promise<Map<string, CustomerRow>> {
  const { rows } = await db.query<CustomerRow>('SELECT id, name, email, phone, locale, time_zone, plan, seats FROM customers WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** What a message or an invite needs of a customer. */
export async function findCustomerContact(db: Queryable, id: string): Promise<{ name: string; email: string; locale: 'es' | 'en'; timeZone: string } | undefined> {
  const { rows } = await db.query<{ name: string; email: string; locale: 'es' | 'en'; time_zone: string }>('SELECT name, email, locale, time_zone FROM customers WHERE id = $1', [id]);
  return rows[0] ? { name: rows[0].name, email: rows[0].email, locale: rows[0].locale, timeZone: rows[0].time_zone } : undefined;
}

/** Everything a message needs of its recipient, read when it is rendered (never carried through Temporal). */
export interface MessageContact {
  name: string;
  email: string;
  phone: string | null;
  locale: 'es' | 'en';
  timeZone: string;
}
export async function findMessageContact(db: Queryable, id: string): Promise<MessageContact | undefined> {
  const { rows } = await db.query<{ name: string; email: string; phone: string | null; locale: 'es' | 'en'; time_zone: string }>(
    'SELECT name, email, phone, locale, time_zone FROM customers WHERE id = $1',
    [id],
  );
  const r = rows[0];
  return r ? { name: r.name, email: r.email, phone: r.phone, locale: r.locale, timeZone: r.time_zone } : undefined;
}
