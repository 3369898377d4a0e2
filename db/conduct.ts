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

export interface ConductReportRow {
  id: string;
  customer_id: string;
  booking_id: string | null;
  description: string;
  reported_by: string;
  status: 'open' | 'decided';
  decision: { action: string; until?: string; note?: string; decidedBy?: string } | null;
  created_at: Date;
  decided_at: Date | null;
}

/** Reports, oldest first: the open ones of everyone, or all of one customer. */
export async function listConductReports(db: Queryable, q: { status?: 'open'; customerId?: string }): Promise<ConductReportRow[]> {
  const { rows } = await db.query<ConductReportRow>(
    `SELECT * FROM conduct_reports WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR customer_id = $2) ORDER BY created_at LIMIT 500`,
    [q.status ?? null, q.customerId ?? null],
  );
  return rows;
}

export async function findConductReport(db: Queryable, id: string): Promise<ConductReportRow | undefined> {
  return (await db.query<ConductReportRow>('SELECT * FROM conduct_reports WHERE id = $1', [id])).rows[0];
}

/** One decision of a customer's history (a report decided, a restriction lifted, a penalty waived), with its note. */
export async function insertDecision(
  db: Queryable,
  d: { customerId: string; action: string; reportId?: string | null; until?: string | null; note?: string | null; decidedBy: string },
): Promise<void> {
  await db.query('INSERT INTO customer_decisions (customer_id, action, report_id, until, note, decided_by) VALUES ($1,$2,$3,$4,$5,$6)', [
    d.customerId,
    d.action,
    d.reportId ?? null,
    d.until ?? null,
    d.note ?? null,
    d.decidedBy,
  ]);
}

/** The termination's note, written by the API (the customer's workflow never carries it). */
export async function noteTermination(db: Queryable, customerId: string, note: string): Promise<void> {
  await db.query('UPDATE subscription_terminations SET note = $2 WHERE customer_id = $1', [customerId, note]);
}
