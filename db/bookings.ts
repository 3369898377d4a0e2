// The `bookings` table: the read model of each booking workflow, written by that workflow alone (CONTRACT §5 view).
import { DateTime } from 'luxon';
import type { BookingView } from '../domain/booking';
import type { Policy } from '../policy/types';
import { bookingEventType } from '../webhooks/booking-events';
import { atomically, PG_EXCLUSION_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';
import { AT_US, type PagedRow, SORT_US } from './paging';
import { fencePendingChange, type PendingChange } from './standings';

export interface BookingRow {
  id: string;
  customer_id: string;
  slot_id: string;
  agent_id: string;
  session_type: BookingView['sessionType'];
  start_at: Date;
  end_at: Date;
  status: BookingView['status'];
  time_zone: string;
  locale: BookingView['locale'];
  policy_version: string;
  policy: Policy | null;
  fee: BookingView['fee'];
  reminders: BookingView['reminders'];
  version: number;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

/** An instant as the customer reads it: ISO-8601 with the offset of their zone. */
export const inZone = (d: Date | string, tz: string): string =>
  (typeof d === 'string' ? DateTime.fromISO(d) : DateTime.fromJSDate(d)).setZone(tz).toISO()!;

export function toBooking(row: BookingRow): BookingView {
  const tz = row.time_zone;
  return {
    id: row.id,
    customerId: row.customer_id,
    slotId: row.slot_id,
    agentId: row.agent_id,
    sessionType: row.session_type,
    start: inZone(row.start_at, tz),
    end: inZone(row.end_at, tz),
    status: row.status,
    timeZone: tz,
    locale: row.locale,
    policyVersion: row.policy_version,
    fee: row.fee ?? null,
    reminders: row.reminders,
    version: row.version,
    revision: row.revision,
    createdAt: inZone(row.created_at, tz),
    updatedAt: inZone(row.updated_at, tz),
  };
}

export async function findBookingRow(db: Queryable, id: string): Promise<BookingRow | undefined> {
  return (await db.query<BookingRow>('SELECT * FROM bookings WHERE id = $1', [id])).rows[0];
}

/** A customer's bookings by start, `limit` of them after the cursor key `after` ([start in µs, id]; index bookings_customer_page). */
export async function listBookingRows(db: Queryable, customerId: string, page: { after?: readonly string[]; limit?: number } = {}): Promise<PagedRow<BookingRow>[]> {
  const [afterAt, afterId] = page.after ?? [null, null];
  const { rows } = await db.query<PagedRow<BookingRow>>(
    `SELECT *, ${SORT_US('start_at')} AS sort_us FROM bookings
     WHERE customer_id = $1 AND ($2::bigint IS NULL OR (start_at, id) > (${AT_US('$2')}, $3::text))
     ORDER BY start_at, id LIMIT $4`,
    [customerId, afterAt, afterId, page.limit ?? 1000],
  );
  return rows;
}

/** The ids of a customer's bookings still to come (`scheduled`), however many they had before. */
export async function scheduledBookingIds(db: Queryable, customerId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM bookings WHERE customer_id = $1 AND status = 'scheduled' ORDER BY start_at, id`, [customerId]);
  return rows.map((r) => r.id);
}

/** Whether the booking is still live (scheduled or in progress) at this version: a message for it may still go out. */
export async function bookingLiveAt(db: Queryable, id: string, version: number): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM bookings WHERE id = $1 AND version = $2 AND status IN ('scheduled','in_progress')`, [id, version]);
  return rowCount === 1;
}

/** Ids of a customer's bookings that have not started yet. */
export async function futureBookingIds(db: Queryable, customerId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM bookings WHERE customer_id = $1 AND status = 'scheduled' AND start_at > now()`, [customerId]);
  return rows.map((r) => r.id);
}

/** What the API checks before it asks for a booking: the customer, the slot, whether either is already busy. */
export interface BookingPrecheck {
  customer: { name: string; email: string; phone: string | null; locale: BookingView['locale']; time_zone: string } | undefined;
  slot: { id: string; agent_id: string; session_type: BookingView['sessionType']; start_at: Date; end_at: Date } | undefined;
  slotTaken: boolean;
  customerBusy: boolean;
}

export async function precheckBooking(db: Queryable, customerId: string, slotId: string): Promise<BookingPrecheck> {
  const { rows } = await db.query(
    `SELECT (SELECT row_to_json(c) FROM (SELECT name, email, phone, locale, time_zone FROM customers WHERE id = $1) c) AS customer,
            (SELECT row_to_json(s) FROM (SELECT id, agent_id, session_type, start_at, end_at FROM slots WHERE id = $2) s) AS slot,
            EXISTS (SELECT 1 FROM bookings WHERE slot_id = $2 AND status IN ('scheduled', 'in_progress')) AS slot_taken,
            EXISTS (SELECT 1 FROM bookings b JOIN slots s ON s.id = $2
                    WHERE b.customer_id = $1 AND b.status IN ('scheduled', 'in_progress') AND b.start_at < s.end_at AND b.end_at > s.start_at) AS customer_busy`,
    [customerId, slotId],
  );
  const r = rows[0];
  const slot = r.slot ? { ...r.slot, start_at: new Date(r.slot.start_at), end_at: new Date(r.slot.end_at) } : undefined;
  return { customer: r.customer ?? undefined, slot, slotTaken: r.slot_taken, customerBusy: r.customer_busy };
}

/** Whether the customer holds another live booking overlapping the slot (a reschedule's pre-check). */
export async function customerBusyAt(db: Queryable, customerId: string, slotId: string, exceptBookingId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM bookings b JOIN slots s ON s.id = $2
     WHERE b.customer_id = $1 AND b.id <> $3 AND b.status IN ('scheduled', 'in_progress') AND b.start_at < s.end_at AND b.end_at > s.start_at LIMIT 1`,
    [customerId, slotId, exceptBookingId],
  );
  return (rowCount ?? 0) > 0;
}

/** A free text about a booking (a cancel's reason, an attendance note): kept here, never sent to Temporal. */
export async function insertBookingNote(db: Queryable, n: { bookingId: string; kind: 'cancel_reason' | 'attendance_note'; text: string; writtenBy?: string | null }): Promise<void> {
  await db.query('INSERT INTO booking_notes (booking_id, kind, text, written_by) VALUES ($1,$2,$3,$4)', [n.bookingId, n.kind, n.text, n.writtenBy ?? null]);
}

/** Why the database refused a booking's slot. */
export type ClaimRefusal = 'slot_taken' | 'slot_unavailable' | 'customer_busy';

const refusalOf = (err: unknown): ClaimRefusal | undefined => {
  const constraint = String((err as { constraint?: string }).constraint);
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION && constraint === 'bookings_live_slot') return 'slot_taken';
  if (pgErrorCode(err) === PG_EXCLUSION_VIOLATION && constraint === 'bookings_customer_no_overlap') return 'customer_busy';
  return undefined;
};

/**
 * Inserts the booking's first row (revision 1) while its slot exists, has not started and holds no live booking;
 * the unique and exclusion constraints make it exclusive whatever the concurrency. A retry finds its own row.
 */
export async function claimBooking(db: Queryable, b: BookingView, policy: Policy, idempotencyKey: string | null): Promise<ClaimRefusal | null> {
  try {
    const claimed = await atomically(db, async (tx) => {
      const { rows } = await tx.query<BookingRow>(
        `INSERT INTO bookings (id, customer_id, slot_id, agent_id, session_type, start_at, end_at, status, time_zone, locale, policy_version,
                               policy, fee, idempotency_key, reminders, version, revision, created_at, updated_at)
         SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18 FROM slots WHERE id = $3 AND start_at > now()
         ON CONFLICT (id) DO NOTHING RETURNING *`,
        [
          b.id, b.customerId, b.slotId, b.agentId, b.sessionType, b.start, b.end, b.status, b.timeZone, b.locale, b.policyVersion,
          JSON.stringify(policy), b.fee ? JSON.stringify(b.fee) : null, idempotencyKey, JSON.stringify(b.reminders), b.version, b.revision, b.createdAt,
        ],
      );
      if (rows[0]) await emitBookingEvent(tx, 'booking.created', rows[0]);
      return rows.length === 1;
    });
    if (claimed) return null;
    return (await findBookingRow(db, b.id)) ? null : 'slot_unavailable';
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal) return refusal;
    throw err;
  }
}

/** The booking's webhook event, with what the API answers for it (its revision included). */
const emitBookingEvent = (tx: Queryable, type: Parameters<typeof emitWebhookEvent>[1]['type'], row: BookingRow) =>
  emitWebhookEvent(tx, { type, eventId: `booking:${row.id}:r${row.revision}`, data: { ...toBooking(row) } });

/**
 * Projects the workflow's state; a write older than the stored revision changes nothing. Moving to another slot is
 * a claim too: the constraints refuse a taken slot.
 */
export async function projectBooking(db: Queryable, b: BookingView, fence?: PendingChange): Promise<ClaimRefusal | null> {
  try {
    await atomically(db, async (tx) => {
      const { rows } = await tx.query<BookingRow & { before_status: BookingRow['status']; before_version: number }>(
        `WITH before AS (SELECT id, status, version FROM bookings WHERE id = $1 FOR UPDATE)
         UPDATE bookings SET status = $2, slot_id = $3, agent_id = $4, session_type = $5, start_at = $6, end_at = $7,
           fee = $8, reminders = $9, version = $10, revision = $11, updated_at = $12
         FROM before WHERE bookings.id = before.id AND bookings.revision < $11
         RETURNING bookings.*, before.status AS before_status, before.version AS before_version`,
        [b.id, b.status, b.slotId, b.agentId, b.sessionType, b.start, b.end, b.fee ? JSON.stringify(b.fee) : null, JSON.stringify(b.reminders), b.version, b.revision, b.updatedAt],
      );
      const row = rows[0];
      const type = row && bookingEventType({ status: row.before_status, version: row.before_version }, row);
      if (type) await emitBookingEvent(tx, type, row);
      // Only with the revision that carries it: a retried write never fences again what the customer has absorbed.
      if (row && fence) await fencePendingChange(tx, fence);
    });
    return null;
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal) return refusal;
    throw err;
  }
}

/** Bookings starting in [from, to), of one agent or all, in start order: the console's sessions list. */
export async function listBookingRowsBetween(db: Queryable, q: { from: Date; to: Date; agentId?: string; limit?: number }): Promise<BookingRow[]> {
  const { rows } = await db.query<BookingRow>(
    `SELECT * FROM bookings WHERE start_at >= $1 AND start_at < $2 AND ($3::text IS NULL OR agent_id = $3) ORDER BY start_at, id LIMIT $4`,
    [q.from, q.to, q.agentId ?? null, q.limit ?? 500],
  );
  return rows;
}

/** Bookings that started before `before` and still await their attendance record (`in_progress`, `unrecorded`). */
export async function listAwaitingAttendanceRows(db: Queryable, q: { before: Date; agentId?: string }): Promise<BookingRow[]> {
  const { rows } = await db.query<BookingRow>(
    `SELECT * FROM bookings WHERE start_at < $1 AND status IN ('in_progress', 'unrecorded') AND ($2::text IS NULL OR agent_id = $2) ORDER BY start_at LIMIT 200`,
    [q.before, q.agentId ?? null],
  );
  return rows;
}
