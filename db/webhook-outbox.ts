import type { WebhookEvent } from '../webhooks/events';
import type { Queryable } from './pool';

/** Which entity an event is about (`booking:<id>`, …): deliveries of one entity to one subscription start in order. */
const entityKeyOf = (event: WebhookEvent): string => event.eventId.split(':').slice(0, 2).join(':');

/**
 * THE place every change emits its webhook event: called by a projection, inside the same transaction as the
 * read-model write (a transactional outbox), so an event exists exactly when its change does. The body
 * (`{type, timestamp, data}`) is fixed here, once: every attempt of every delivery sends these bytes. An event id
 * seen before (a retried projection) is stored once. The dispatcher (webhooks/dispatcher.ts) fans it out.
 */
export async function emitWebhookEvent(db: Queryable, event: WebhookEvent): Promise<void> {
  const body = JSON.stringify({ type: event.type, timestamp: new Date().toISOString(), data: event.data });
  await db.query(
    `INSERT INTO webhook_events (id, type, entity_key, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [event.eventId, event.type, entityKeyOf(event), body],
  );
}
