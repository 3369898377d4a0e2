// The `customer_standings` table: the read model of each customer workflow's standing.
import type { BookingView } from '../domain/booking';
import type { Standing } from '../domain/customer';
import { atomically, type Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';

/** What a projection of the standing also settles: the policy the workflow holds, the pending changes it now includes. */
export interface StandingExtras {
  policyFingerprint?: string;
  /** Fences (`customer_pending_changes`) of changes this standing includes: deleted with it. */
  absorbed?: string[];
}

/**
 * Projects the standing; one that differs from the stored one gets the next revision and emits
 * `customer.standing_changed` in the same transaction (a retried write of the same standing changes nothing).
 */
export async function saveStanding(db: Queryable, st: Standing, extras: StandingExtras = {}): Promise<void> {
  await atomically(db, async (tx) => {
    const { rows } = await tx.query<{ revision: number }>(
      `INSERT INTO customer_standings (customer_id, level, strike_count, standing, revision, updated_at) VALUES ($1,$2,$3,$4,1,now())
       ON CONFLICT (customer_id) DO UPDATE SET level = $2, strike_count = $3, standing = $4, revision = customer_standings.revision + 1, updated_at = now()
       WHERE customer_standings.standing IS DISTINCT FROM EXCLUDED.standing
       RETURNING revision`,
      [st.customerId, st.level, st.strikes.length, JSON.stringify(st)],
    );
    const revision = rows[0]?.revision;
    if (revision !== undefined) await emitWebhookEvent(tx, { type: 'customer.standing_changed', eventId: `customer:${st.customerId}:r${revision}`, data: { ...st, revision } });
    await settleExtras(tx, st.customerId, extras);
  });
}

async function settleExtras(tx: Queryable, customerId: string, { policyFingerprint, absorbed = [] }: StandingExtras): Promise<void> {
  if (absorbed.length > 0) await tx.query('DELETE FROM customer_pending_changes WHERE event_id = ANY($1)', [absorbed]);
  if (policyFingerprint !== undefined) {
    await tx.query('UPDATE customer_standings SET policy_fingerprint = $2 WHERE customer_id = $1 AND policy_fingerprint IS DISTINCT FROM $2', [customerId, policyFingerprint]);
  }
}

/** A change on its way to a customer's standing (a strike, a restriction), by the id the workflow absorbs it under. */
export interface PendingChange {
  customerId: string;
  eventId: string;
}

/** A change the customer's standing does not include yet, fenced until its projection does (see the migration). */
export async function fencePendingChange(db: Queryable, { customerId, eventId }: PendingChange): Promise<void> {
  await db.query('INSERT INTO customer_pending_changes (event_id, customer_id) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING', [eventId, customerId]);
}

/** A fenced change that will not happen after all (its Update was refused). */
export async function dropPendingChange(db: Queryable, eventId: string): Promise<void> {
  await db.query('DELETE FROM customer_pending_changes WHERE event_id = $1', [eventId]);
}

/**
 * What admitting a new booking needs, in one read: its row's fee if its claim already stands (its admission is run
 * again after a lost task), and the stored standing to admit on (null when there is none).
 */
export async function admissionFacts(db: Queryable, customerId: string, bookingId: string) {
  const { rows } = await db.query<{
    claimed: boolean;
    claimed_fee: BookingView['fee'];
    standing: Standing | null;
    policy_fingerprint: string | null;
    plan: string | null;
    seats: number | null;
    fenced: boolean;
    charged: boolean;
  }>(
    `SELECT b.id IS NOT NULL AS claimed, b.fee AS claimed_fee, s.standing, s.policy_fingerprint, c.plan, c.seats,
            EXISTS (SELECT 1 FROM customer_pending_changes p WHERE p.customer_id = $1) AS fenced,
            EXISTS (SELECT 1 FROM charges ch WHERE ch.booking_id = $2) AS charged
     FROM (SELECT 1) one
     LEFT JOIN bookings b ON b.id = $2
     LEFT JOIN customer_standings s ON s.customer_id = $1
     LEFT JOIN customers c ON c.id = s.customer_id`,
    [customerId, bookingId],
  );
  const r = rows[0];
  return {
    claimed: r.claimed ? { fee: r.claimed_fee ?? null } : null,
    onStanding:
      r.standing && r.plan !== null && r.seats !== null
        ? { stored: r.standing, policyFingerprint: r.policy_fingerprint, customer: { id: customerId, plan: r.plan, seats: r.seats }, fenced: r.fenced, charged: r.charged }
        : null,
  };
}

/** The stored standing level and strike count of each of `customerIds` that has one. */
export async function findStandingSummaries(db: Queryable, customerIds: string[]): Promise<Map<string, { level: Standing['level']; strikeCount: number }>> {
  const { rows } = await db.query<{ customer_id: string; level: Standing['level']; strike_count: number }>(
    'SELECT customer_id, level, strike_count FROM customer_standings WHERE customer_id = ANY($1)',
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customer_id, { level: r.level, strikeCount: r.strike_count }]));
}

/** The stored standing of a customer (the read model the customer's workflow keeps), if it has one yet. */
export async function findStanding(db: Queryable, customerId: string): Promise<Standing | undefined> {
  const { rows } = await db.query<{ standing: Standing }>('SELECT standing FROM customer_standings WHERE customer_id = $1', [customerId]);
  return rows[0]?.standing;
}
