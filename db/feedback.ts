// The `feedback` table: one answer per attended booking (rating 1–5, optional comment); a later answer replaces it.
import { atomically, type Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';

interface FeedbackRow {
  booking_id: string;
  customer_id: string;
  agent_id: string;
  session_type: string;
  rating: number;
  comment: string | null;
  answered_at: Date;
}

export interface FeedbackAnswer {
  bookingId: string;
  agentId: string;
  sessionType: string;
  rating: number;
  comment: string | null;
  /** When the answer (or its latest replacement) was given. */
  at: string;
}

const toAnswer = (r: FeedbackRow): FeedbackAnswer => ({
  bookingId: r.booking_id,
  agentId: r.agent_id,
  sessionType: r.session_type,
  rating: r.rating,
  comment: r.comment,
  at: r.answered_at.toISOString(),
});

/** Stores the answer for a booking, replacing an earlier one; emits `feedback.received` in the same transaction. */
export async function upsertFeedback(
  db: Queryable,
  f: { bookingId: string; customerId: string; agentId: string; sessionType: string; rating: number; comment: string | null },
): Promise<FeedbackAnswer> {
  return atomically(db, async (tx) => {
    const { rows } = await tx.query<FeedbackRow>(
      `INSERT INTO feedback (booking_id, customer_id, agent_id, session_type, rating, comment) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (booking_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, answered_at = now()
       RETURNING *`,
      [f.bookingId, f.customerId, f.agentId, f.sessionType, f.rating, f.comment],
    );
    const answer = toAnswer(rows[0]);
    await emitWebhookEvent(tx, { type: 'feedback.received', eventId: `feedback:${f.bookingId}:${rows[0].answered_at.getTime()}`, data: { ...answer } });
    return answer;
  });
}

export async function findFeedback(db: Queryable, bookingId: string): Promise<FeedbackAnswer | undefined> {
  const row = (await db.query<FeedbackRow>('SELECT * FROM feedback WHERE booking_id = $1', [bookingId])).rows[0];
  return row ? toAnswer(row) : undefined;
}

/** Answers given in [from, to) (either open), optionally for one agent, newest first, with their count and mean. */
export async function listFeedback(db: Queryable, q: { from?: string; to?: string; agentId?: string }) {
  const params = [q.from ?? null, q.to ?? null, q.agentId ?? null];
  const where = `($1::timestamptz IS NULL OR answered_at >= $1) AND ($2::timestamptz IS NULL OR answered_at < $2) AND ($3::text IS NULL OR agent_id = $3)`;
  const [items, totals] = await Promise.all([
    db.query<FeedbackRow>(`SELECT * FROM feedback WHERE ${where} ORDER BY answered_at DESC LIMIT 1000`, params),
    db.query<{ count: string; average: string | null }>(`SELECT count(*) AS count, round(avg(rating), 2) AS average FROM feedback WHERE ${where}`, params),
  ]);
  const t = totals.rows[0];
  return { count: Number(t.count), average: t.average === null ? null : Number(t.average), items: items.rows.map(toAnswer) };
}
