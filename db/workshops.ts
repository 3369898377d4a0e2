// The `workshops` and `workshop_registrations` tables: the read model of each workshop workflow, written by that
// workflow alone (CONTRACT §5 views). The seat index and its CHECKs are a second fence on the capacity.
import type { Pool } from 'pg';
import type { ReminderView } from '../domain/booking';
import type { RegistrationView, WorkshopView } from '../domain/workshop';
import type { Policy } from '../policy/types';
import type { RegistrationProjection } from '../workflows/workshop-state';
import { inZone } from './bookings';
import { AT_US, type PagedRow, SORT_US } from './paging';
import { inTransaction, type Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';

export interface WorkshopRow {
  id: string;
  title: string;
  agent_id: string;
  start_at: Date;
  end_at: Date;
  capacity: number;
  locale: WorkshopView['locale'];
  status: WorkshopView['status'];
  registered: number;
  waitlisted: number;
  policy: Policy;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface RegistrationRow {
  id: string;
  workshop_id: string;
  customer_id: string;
  status: RegistrationView['status'];
  seat: number | null;
  position: number | null;
  roster_rank: number;
  roster_ord: number;
  time_zone: string;
  locale: RegistrationView['locale'];
  reminders: ReminderView[];
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export function toWorkshop(row: WorkshopRow, tz = row.policy.defaultTimeZone): WorkshopView {
  return {
    id: row.id,
    title: row.title,
    agentId: row.agent_id,
    start: inZone(row.start_at, tz),
    end: inZone(row.end_at, tz),
    capacity: row.capacity,
    locale: row.locale,
    registered: row.registered,
    waitlisted: row.waitlisted,
    seatsLeft: row.status === 'cancelled' ? 0 : Math.max(0, row.capacity - row.registered),
    status: row.status,
    revision: row.revision,
    createdAt: inZone(row.created_at, tz),
    updatedAt: inZone(row.updated_at, tz),
  };
}

export function toRegistration(row: RegistrationRow): RegistrationView {
  const tz = row.time_zone;
  return {
    id: row.id,
    workshopId: row.workshop_id,
    customerId: row.customer_id,
    status: row.status,
    position: row.position,
    reminders: row.reminders,
    timeZone: tz,
    locale: row.locale,
    revision: row.revision,
    createdAt: inZone(row.created_at, tz),
    updatedAt: inZone(row.updated_at, tz),
  };
}

/** The roster's order: seat holders by seat, then the waitlist by position, then cancelled registrations. */
const rosterKey = (p: RegistrationProjection): [number, number] =>
  p.seat !== null ? [0, p.seat] : p.registration.position !== null ? [1, p.registration.position] : [2, 0];

async function writeRegistration(db: Queryable, p: RegistrationProjection): Promise<void> {
  const r = p.registration;
  const [rank, ord] = rosterKey(p);
  const { rowCount } = await db.query(
    `INSERT INTO workshop_registrations (id, workshop_id, customer_id, status, seat, capacity, position, roster_rank, roster_ord, time_zone, locale,
                                         reminders, revision, idempotency_key, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
     ON CONFLICT (id) DO UPDATE SET status = $4, seat = $5, position = $7, roster_rank = $8, roster_ord = $9, revision = $13, updated_at = $16,
       reminders = CASE WHEN workshop_registrations.reminders_revision = 0 THEN $12 ELSE workshop_registrations.reminders END
     WHERE workshop_registrations.revision < $13`,
    [r.id, r.workshopId, r.customerId, r.status, p.seat, p.capacity, r.position, rank, ord, r.timeZone, r.locale, JSON.stringify(r.reminders), r.revision, p.idempotencyKey, r.createdAt, r.updatedAt],
  );
  if (rowCount === 1) {
    for (const type of p.events ?? []) await emitWebhookEvent(db, { type, eventId: `registration:${r.id}:${type}:r${r.revision}`, data: { ...r } });
  }
}

/**
 * Projects one revision of a workshop and the registrations it changed, in one transaction; a write older than the
 * stored revision changes nothing. Seats given up are written before seats taken, so a freed seat can pass on.
 */
export async function projectWorkshop(pool: Pool, w: WorkshopView, policy: Policy | undefined, registrations: RegistrationProjection[]): Promise<void> {
  await inTransaction(pool, async (db) => {
    if (policy) {
      await db.query(
        `INSERT INTO workshops (id, title, agent_id, start_at, end_at, capacity, locale, status, registered, waitlisted, policy, revision, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (id) DO NOTHING`,
        [w.id, w.title, w.agentId, w.start, w.end, w.capacity, w.locale, w.status, w.registered, w.waitlisted, JSON.stringify(policy), w.revision, w.createdAt, w.updatedAt],
      );
    }
    const { rowCount } = await db.query(
      `UPDATE workshops SET status = $2, registered = $3, waitlisted = $4, revision = $5, updated_at = $6 WHERE id = $1 AND revision < $5`,
      [w.id, w.status, w.registered, w.waitlisted, w.revision, w.updatedAt],
    );
    if (rowCount === 0 && !policy) return; // an older revision, retried: already written
    const ordered = [...registrations].sort((a, b) => Number(a.seat !== null) - Number(b.seat !== null));
    for (const p of ordered) await writeRegistration(db, p);
  });
}

/** The seat's workflow writes its reminders' outcomes; an older write changes nothing. */
export async function projectRegistrationReminders(db: Queryable, id: string, reminders: ReminderView[], revision: number): Promise<void> {
  await db.query(`UPDATE workshop_registrations SET reminders = $2, reminders_revision = $3 WHERE id = $1 AND reminders_revision < $3`, [id, JSON.stringify(reminders), revision]);
}

export async function findWorkshopRow(db: Queryable, id: string): Promise<WorkshopRow | undefined> {
  return (await db.query<WorkshopRow>('SELECT * FROM workshops WHERE id = $1', [id])).rows[0];
}

export async function findRegistrationRow(db: Queryable, id: string): Promise<RegistrationRow | undefined> {
  return (await db.query<RegistrationRow>('SELECT * FROM workshop_registrations WHERE id = $1', [id])).rows[0];
}

/** A registration still live (registered or waitlisted) and its workshop not started: a message for it may go out. */
export async function registrationLive(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
     WHERE r.id = $1 AND r.status IN ('registered', 'waitlisted') AND w.status = 'scheduled' AND w.start_at > now()`,
    [id],
  );
  return rowCount === 1;
}

/** Workshops not started yet, by time, from the index; `after` is the last (start, id) of the previous page. */
/** Workshops not started yet, by start; `after` is the previous page's last [µs since 1970, id]. */
export async function listUpcomingWorkshops(db: Queryable, q: { from?: string; to?: string; after?: readonly [string, string]; limit: number }): Promise<PagedRow<WorkshopRow>[]> {
  const { rows } = await db.query<PagedRow<WorkshopRow>>(
    `SELECT *, ${SORT_US('start_at')} AS sort_us FROM workshops
     WHERE start_at > GREATEST(now(), COALESCE($1::timestamptz, now())) AND ($2::timestamptz IS NULL OR start_at < $2)
       AND ($3::bigint IS NULL OR (start_at, id) > (${AT_US('$3')}, $4::text))
     ORDER BY start_at, id LIMIT $5`,
    [q.from ?? null, q.to ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
  );
  return rows;
}

/** The roster: seat holders by seat, then the waitlist by position (cancelled ones left out), from the index. */
/** The roster's sort key as one number: seat holders (rank 0) before the waitlist (rank 1), each in order. */
export const ROSTER_KEY = `(roster_rank::bigint * 1000000000 + roster_ord)`;

export async function listRoster(db: Queryable, q: { workshopId: string; after?: readonly [string, string]; limit: number }): Promise<(RegistrationRow & { roster_key: string })[]> {
  // A workshop's roster is at most its capacity and its waitlist: the workshop's index finds them, the key orders.
  const { rows } = await db.query<RegistrationRow & { roster_key: string }>(
    `SELECT *, ${ROSTER_KEY}::text AS roster_key FROM workshop_registrations
     WHERE workshop_id = $1 AND roster_rank < 2 AND ($2::bigint IS NULL OR (${ROSTER_KEY}, id) > ($2::bigint, $3::text))
     ORDER BY roster_rank, roster_ord, id LIMIT $4`,
    [q.workshopId, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
  );
  return rows;
}

/** A registration of this customer and workshop made with this Idempotency-Key, if any. */
export async function findRegistrationByKey(db: Queryable, workshopId: string, customerId: string, key: string): Promise<RegistrationRow | undefined> {
  const { rows } = await db.query<RegistrationRow>(
    'SELECT * FROM workshop_registrations WHERE workshop_id = $1 AND customer_id = $2 AND idempotency_key = $3',
    [workshopId, customerId, key],
  );
  return rows[0];
}

/** Workshops starting in [from, to), by time (the console's recent workshops, which still take attendance). */
export async function listWorkshopsBetween(db: Queryable, q: { from: Date; to: Date; limit: number }): Promise<WorkshopRow[]> {
  const { rows } = await db.query<WorkshopRow>('SELECT * FROM workshops WHERE start_at >= $1 AND start_at < $2 ORDER BY start_at, id LIMIT $3', [q.from, q.to, q.limit]);
  return rows;
}

/** A customer's live registrations (registered or waitlisted) of workshops not started yet: what an erasure cancels. */
export async function liveRegistrationIds(db: Queryable, customerId: string): Promise<string[]> {
  return (await liveRegistrations(db, customerId)).map((r) => r.id);
}

/** A customer's registrations of workshops still to come, seated or waitlisted, with their workshops. */
export async function liveRegistrations(db: Queryable, customerId: string): Promise<{ id: string; workshop_id: string }[]> {
  const { rows } = await db.query<{ id: string; workshop_id: string }>(
    `SELECT r.id, r.workshop_id FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
     WHERE r.customer_id = $1 AND r.status IN ('registered', 'waitlisted') AND w.start_at > now()`,
    [customerId],
  );
  return rows;
}
