// The `slots` table: the agents' published times; a slot is free while no live booking holds it.
import type { SessionType } from '../policy/types';
import { AT_US, type PagedRow, SORT_US } from './paging';
import type { Queryable } from './pool';

export interface SlotRow {
  id: string;
  agent_id: string;
  session_type: SessionType;
  start_at: Date;
  end_at: Date;
}

export const toSlot = (row: SlotRow) => ({
  id: row.id,
  agentId: row.agent_id,
  sessionType: row.session_type,
  start: row.start_at.toISOString(),
  end: row.end_at.toISOString(),
});
export type Slot = ReturnType<typeof toSlot>;

export async function findSlotRow(db: Queryable, id: string): Promise<SlotRow | undefined> {
  return (await db.query<SlotRow>('SELECT * FROM slots WHERE id = $1', [id])).rows[0];
}

/** Whether a live booking other than `exceptBooking` holds the slot. */
export async function slotTaken(db: Queryable, slotId: string, exceptBooking = ''): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM bookings WHERE slot_id = $1 AND status IN ('scheduled','in_progress') AND id <> $2`, [slotId, exceptBooking]);
  return (rowCount ?? 0) > 0;
}

/** Free future slots by start, at most `limit`, after the cursor key `after` ([start in µs, id]; indexes slots_page, slots_type_page). */
export async function freeSlotRows(
  db: Queryable,
  q: { sessionType?: SessionType; from?: string; to?: string; agentId?: string; limit?: number; after?: readonly string[] },
): Promise<PagedRow<SlotRow>[]> {
  const [afterAt, afterId] = q.after ?? [null, null];
  const { rows } = await db.query<PagedRow<SlotRow>>(
    `SELECT s.*, ${SORT_US('s.start_at')} AS sort_us FROM slots s
     WHERE s.start_at > now()
       AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('scheduled', 'in_progress'))
       AND ($1::text IS NULL OR s.session_type = $1) AND ($2::timestamptz IS NULL OR s.start_at >= $2)
       AND ($3::timestamptz IS NULL OR s.start_at < $3) AND ($4::text IS NULL OR s.agent_id = $4)
       AND ($6::bigint IS NULL OR (s.start_at, s.id) > (${AT_US('$6')}, $7::text))
     ORDER BY s.start_at, s.id LIMIT $5`,
    [q.sessionType ?? null, q.from ?? null, q.to ?? null, q.agentId ?? null, q.limit ?? 500, afterAt, afterId],
  );
  return rows;
}

/** Free future slots, oldest first, at most `limit`. */
export async function freeSlots(db: Queryable, q: { sessionType?: SessionType; from?: string; to?: string; agentId?: string; limit?: number }): Promise<Slot[]> {
  return (await freeSlotRows(db, q)).map(toSlot);
}

export async function insertSlot(db: Queryable, s: { id: string; agentId: string; sessionType: SessionType; start: string; end: string }): Promise<Slot> {
  const { rows } = await db.query<SlotRow>('INSERT INTO slots (id, agent_id, session_type, start_at, end_at) VALUES ($1,$2,$3,$4,$5) RETURNING *', [
    s.id,
    s.agentId,
    s.sessionType,
    s.start,
    s.end,
  ]);
  return toSlot(rows[0]);
}

/** Every agent that has published a slot, for the console's agent filter. */
export async function listAgentIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ agent_id: string }>('SELECT DISTINCT agent_id FROM slots ORDER BY agent_id LIMIT 500');
  return rows.map((r) => r.agent_id);
}
