// The `charges` table: hand-off to billing of a fee a customer accepted for a session under penalty.
import type { Money } from '../policy/types';
import type { Queryable } from './pool';

/** Once per booking; recording it again makes a voided charge due again. */
export async function recordCharge(db: Queryable, c: { customerId: string; bookingId: string; fee: Money }): Promise<void> {
  await db.query(
    `INSERT INTO charges (customer_id, booking_id, amount, currency) VALUES ($1,$2,$3,$4)
     ON CONFLICT (booking_id) DO UPDATE SET status = 'due', updated_at = now()`,
    [c.customerId, c.bookingId, c.fee.amount, c.fee.currency],
  );
}

export async function voidCharge(db: Queryable, bookingId: string): Promise<void> {
  await db.query(`UPDATE charges SET status = 'void', updated_at = now() WHERE booking_id = $1`, [bookingId]);
}
