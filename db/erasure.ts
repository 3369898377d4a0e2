// Erasure of a customer's personal data in PostgreSQL: the profile's name, email and phone, every stored message
// (recipient, subject, text, HTML, invite), feedback comments, conduct texts and decision notes (and their history),
// booking notes, the termination note, the restriction's reason in the stored standing, and the inbox's conversations
// (subjects, texts, sender addresses). Ids, statuses, strikes and counts stay. Idempotent: a second
// erasure changes nothing and answers the first one's instant. The triggers of migration 1732480000700 keep rows
// written afterwards erased too.
import type { Pool } from 'pg';

export async function eraseCustomerData(pool: Pool, customerId: string): Promise<Date | undefined> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const { rows } = await db.query<{ erased_at: Date }>(
      `UPDATE customers SET name = '', email = '', phone = NULL, erased_at = COALESCE(erased_at, now()), updated_at = now()
       WHERE id = $1 RETURNING erased_at`,
      [customerId],
    );
    if (!rows[0]) {
      await db.query('ROLLBACK');
      return undefined;
    }
    // The triggers scrub these rows on update; the statements say so explicitly as well.
    await db.query(`UPDATE notifications SET recipient = '', subject = NULL, body = '', html = NULL, ics = NULL WHERE customer_id = $1`, [customerId]);
    await db.query('UPDATE feedback SET comment = NULL WHERE customer_id = $1', [customerId]);
    await db.query(`UPDATE conduct_reports SET description = '', decision = decision - 'note' WHERE customer_id = $1`, [customerId]);
    await db.query('UPDATE subscription_terminations SET note = NULL WHERE customer_id = $1', [customerId]);
    await db.query('UPDATE customer_decisions SET note = NULL WHERE customer_id = $1', [customerId]);
    await db.query(`UPDATE booking_notes SET text = '' WHERE booking_id IN (SELECT id FROM bookings WHERE customer_id = $1)`, [customerId]);
    // The inbox: what they wrote and what agents answered them, the subjects and the addresses.
    await db.query(`UPDATE conversations SET subject = '' WHERE customer_id = $1`, [customerId]);
    await db.query(
      `UPDATE conversation_messages SET text = '', subject = '', from_address = NULL, author = CASE WHEN direction = 'in' THEN '' ELSE author END
       WHERE conversation_id IN (SELECT id FROM conversations WHERE customer_id = $1)`,
      [customerId],
    );
    await db.query(
      `UPDATE customer_standings SET standing = jsonb_set(standing, '{restriction,reason}', '"erased"')
       WHERE customer_id = $1 AND jsonb_typeof(standing -> 'restriction') = 'object'`,
      [customerId],
    );
    await db.query('COMMIT');
    return rows[0].erased_at;
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.release();
  }
}
