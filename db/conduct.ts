// The `conduct_reports` and `subscription_terminations` tables: what agents reported and managers decided.
import type { Queryable } from './pool';

export async function insertConductReport(db: Queryable, r: { id: string; customerId: string; bookingId: string | null; description: string; reportedBy: string }): Promise<void> {
  await db.query(`INSERT INTO conduct_reports (id, customer_id, booking_id, description, reported_by) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`, [
    r.id,
    r.customerId,
    r.bookingId,
    r.description,
    r.reportedBy,
  ]);
}

export async function decideConductReport(db: Queryable, reportId: string, decision: object): Promise<void> {
  await db.query(`UPDATE conduct_reports SET status = 'decided', decision = $2, decided_at = now() WHERE id = $1`, [reportId, JSON.stringify(decision)]);
}

/** Hand-off to billing: the subscription ends (once). */
export async function recordTermination(db: Queryable, t: { customerId: string; decidedBy: string; note: string | null }): Promise<void> {
  await db.query(`INSERT INTO subscription_terminations (customer_id, decided_by, note) VALUES ($1,$2,$3) ON CONFLICT (customer_id) DO NOTHING`, [
    t.customerId,
    t.decidedBy,
    t.note,
  ]);
}
