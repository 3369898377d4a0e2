// Webhook deliveries: one attempt at a time, its body and secret read from PostgreSQL (never carried by Temporal).
import { abandonDelivery, findAttemptTarget, findDeliveryFacts, recordAttempt } from '../db/webhooks';
import { activityLogger } from '../observability/logger';
import { recordWebhookAttempt } from '../observability/metrics';
import { postWebhook } from '../webhooks/send';
import type { AttemptOutcome } from '../workflows/webhook-messages';
import { heartbeating } from './heartbeat';
import type { ActivityDeps } from './index';
import { createNotificationActivities } from './notifications';

export function createWebhookActivities(deps: ActivityDeps) {
  const { pool, settings, logger } = deps;
  const { sendNotification } = createNotificationActivities(deps);

  return {
    /**
     * One attempt of a delivery: a signed POST of the event's stored body, recorded with its answer. `retryInMs` is the
     * wait before the next attempt should this one fail (null: it is the last). Heartbeats while the receiver thinks.
     */
    async attemptWebhookDelivery({ deliveryId, retryInMs, manual }: { deliveryId: string; retryInMs: number | null; manual: boolean }): Promise<AttemptOutcome> {
      const log = activityLogger(logger);
      const target = await findAttemptTarget(pool, deliveryId);
      if (!target) return 'skipped'; // its subscription was deleted
      if (target.status !== 'pending') return target.status; // recorded by an earlier run of this attempt (its answer was lost)
      if (target.subscriptionStatus !== 'active' && !manual) {
        await abandonDelivery(pool, deliveryId, 'subscription disabled');
        return 'skipped';
      }
      return heartbeating(async () => {
        const result = await postWebhook({ url: target.url, secret: target.secret, webhookId: deliveryId, body: target.body, allowPrivate: settings.webhookAllowPrivateUrls });
        const status = await recordAttempt(pool, { deliveryId, status: result.status, error: result.error, retryInMs });
        recordWebhookAttempt(status);
        log.info({ deliveryId, subscriptionId: target.subscriptionId, answer: result.status, error: result.error, status }, `webhook attempt: ${status}`);
        return result.status === 410 ? 'gone' : status;
      });
    },

    /** One email to MANAGER_ALERT_EMAIL for a delivery that gave up (or whose receiver said 410 Gone); once per delivery. */
    async alertWebhookFailure({ deliveryId, reason }: { deliveryId: string; reason: 'failed' | 'disabled' }): Promise<void> {
      const d = await findDeliveryFacts(pool, deliveryId);
      if (!d) return;
      await sendNotification({
        key: `webhook-delivery:${deliveryId}:webhook_failed`,
        kind: 'webhook_failed',
        channel: 'email',
        customerId: '',
        audience: 'managers',
        facts: { reason, ...d },
      });
    },
  };
}
