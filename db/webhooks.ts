// Webhook subscriptions and their deliveries (CONTRACT §5, §6). The events themselves are the outbox of
// db/webhook-outbox.ts; here they are fanned out, one delivery per subscription and event.
import { atomically, type Queryable } from './pool';

export type SubscriptionStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  status: SubscriptionStatus;
  created_at: Date;
}

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  status: SubscriptionStatus;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface Delivery {
  id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A subscription as the API shows it: never its secret. */
const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  status: r.status,
  createdAt: r.created_at.toISOString(),
});

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  event: r.event_type,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  createdAt: r.created_at.toISOString(),
  deliveredAt: iso(r.delivered_at),
});

export async function insertSubscription(db: Queryable, s: { id: string; url: string; events: string[]; description: string | null; secret: string }): Promise<Subscription> {
  const { rows } = await db.query<SubscriptionRow>(
    `INSERT INTO webhook_subscriptions (id, url, events, description, secret) VALUES ($1,$2,$3,$4,$5) RETURNING *`,
    [s.id, s.url, s.events, s.description, s.secret],
  );
  return toSubscription(rows[0]);
}

/** One page of subscriptions, oldest first, after the one whose id is `cursor`. */
export async function listSubscriptions(db: Queryable, q: { limit: number; cursor?: string }): Promise<Subscription[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT * FROM webhook_subscriptions
     WHERE $2::text IS NULL OR (created_at, id) > (SELECT created_at, id FROM webhook_subscriptions WHERE id = $2)
     ORDER BY created_at, id LIMIT $1`,
    [q.limit, q.cursor ?? null],
  );
  return rows.map(toSubscription);
}

export async function findSubscription(db: Queryable, id: string): Promise<Subscription | undefined> {
  const row = (await db.query<SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = $1', [id])).rows[0];
  return row ? toSubscription(row) : undefined;
}

/** Deletes a subscription and its delivery log; its delivery workflows find nothing left and stop. */
export async function deleteSubscription(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id])).rowCount ?? 0) === 1;
}

/** One page of a subscription's deliveries, newest first, after the one whose id is `cursor`. */
export async function listDeliveries(db: Queryable, q: { subscriptionId: string; limit: number; cursor?: string }): Promise<Delivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries
     WHERE subscription_id = $1
       AND ($3::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = $3 AND subscription_id = $1))
     ORDER BY created_at DESC, id DESC LIMIT $2`,
    [q.subscriptionId, q.limit, q.cursor ?? null],
  );
  return rows.map(toDelivery);
}

export async function findDelivery(db: Queryable, subscriptionId: string, id: string): Promise<Delivery | undefined> {
  const row = (await db.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2', [id, subscriptionId])).rows[0];
  return row ? toDelivery(row) : undefined;
}

/** A manual retry: the delivery is pending again, due now. */
export async function reopenDelivery(db: Queryable, subscriptionId: string, id: string): Promise<Delivery | undefined> {
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() WHERE id = $1 AND subscription_id = $2 RETURNING *`,
    [id, subscriptionId],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}

/**
 * Fans events out of the outbox: one delivery per active subscription that wants the event (made before it), then
 * the event is dispatched. One statement, so a crash leaves an event either untouched or fanned out whole; several
 * dispatchers share the work (SKIP LOCKED). Returns how many events it took.
 */
export async function fanOutEvents(db: Queryable, limit = 200): Promise<number> {
  const { rowCount } = await db.query(
    `WITH picked AS (
       SELECT seq, type, entity_key, created_at FROM webhook_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
     ), fanned AS (
       INSERT INTO webhook_deliveries (id, subscription_id, event_seq, event_type, entity_key)
       SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), s.id, p.seq, p.type, p.entity_key
       FROM picked p JOIN webhook_subscriptions s
         ON s.status = 'active' AND s.created_at <= p.created_at AND (p.type = ANY (s.events) OR '*' = ANY (s.events))
       ORDER BY p.seq
       ON CONFLICT (subscription_id, event_seq) DO NOTHING
     )
     UPDATE webhook_events e SET dispatched_at = now() FROM picked p WHERE e.seq = p.seq`,
    [limit],
  );
  return rowCount ?? 0;
}

/**
 * Deliveries whose workflow may start now, in event order: not started yet, and no earlier delivery of the same
 * entity to the same subscription still waiting for its first attempt. So a healthy receiver gets each entity's
 * events in revision order, and a failing one holds the next back for one attempt at most.
 */
export async function deliveriesToStart(db: Queryable, limit = 100): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT d.id FROM webhook_deliveries d
     WHERE d.started_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                       WHERE p.subscription_id = d.subscription_id AND p.entity_key = d.entity_key AND p.event_seq < d.event_seq
                         AND p.status = 'pending' AND p.attempts = 0)
     ORDER BY d.event_seq LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

export async function markDeliveriesStarted(db: Queryable, ids: string[]): Promise<void> {
  await db.query('UPDATE webhook_deliveries SET started_at = now() WHERE id = ANY ($1) AND started_at IS NULL', [ids]);
}

/** What one attempt needs: the delivery, its subscription (URL, secret, status) and the event's stored body. */
export interface AttemptTarget {
  deliveryId: string;
  subscriptionId: string;
  status: DeliveryStatus;
  url: string;
  secret: string;
  subscriptionStatus: SubscriptionStatus;
  body: string;
}

export async function findAttemptTarget(db: Queryable, deliveryId: string): Promise<AttemptTarget | undefined> {
  const { rows } = await db.query<AttemptTarget>(
    `SELECT d.id AS "deliveryId", d.subscription_id AS "subscriptionId", d.status, s.url, s.secret, s.status AS "subscriptionStatus", e.body
     FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN webhook_events e ON e.seq = d.event_seq
     WHERE d.id = $1`,
    [deliveryId],
  );
  return rows[0];
}

/**
 * Records one attempt: delivered on a 2xx; otherwise pending until `retryInMs` from now, or failed when none is left
 * (`retryInMs` null). A 410 also disables the subscription.
 */
export async function recordAttempt(db: Queryable, a: { deliveryId: string; status: number | null; error: string | null; retryInMs: number | null }): Promise<DeliveryStatus> {
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  const outcome: DeliveryStatus = ok ? 'delivered' : a.retryInMs === null || a.status === 410 ? 'failed' : 'pending';
  await atomically(db, async (tx) => {
    await tx.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3, status = $4,
       next_attempt_at = CASE WHEN $4 = 'pending' THEN now() + make_interval(secs => $5::double precision / 1000) END,
       delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END
     WHERE id = $1`,
    [a.deliveryId, a.status, a.error, outcome, a.retryInMs ?? 0],
  );
  if (a.status === 410) {
    await tx.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now() WHERE id = (SELECT subscription_id FROM webhook_deliveries WHERE id = $1) AND status = 'active'`,
      [a.deliveryId],
    );
  }
  });
  return outcome;
}

/** A delivery that will not be attempted (its subscription was disabled): failed, with the reason. */
export async function abandonDelivery(db: Queryable, deliveryId: string, reason: string): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL WHERE id = $1 AND status = 'pending'`, [deliveryId, reason]);
}

/** What the managers' alert about a delivery says (ids, the URL, the last answer). */
export async function findDeliveryFacts(db: Queryable, deliveryId: string) {
  const { rows } = await db.query<{ deliveryId: string; subscriptionId: string; event: string; attempts: number; lastStatus: number | null; lastError: string | null; url: string }>(
    `SELECT d.id AS "deliveryId", d.subscription_id AS "subscriptionId", d.event_type AS event, d.attempts, d.last_status AS "lastStatus",
            d.last_error AS "lastError", s.url
     FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
    [deliveryId],
  );
  return rows[0];
}
