import type { WebhookEvent } from '../webhooks/events';
import type { Queryable } from './pool';

/**
 * THE place every change emits its webhook event: called by a projection, inside the same transaction as the
 * read-model write (a transactional outbox), so an event exists exactly when its change does.
 * Seam: the webhooks issue (#22) implements it; until then it records nothing.
 */
export async function emitWebhookEvent(_db: Queryable, _event: WebhookEvent): Promise<void> {
  // implemented by the webhooks work (#22)
}
