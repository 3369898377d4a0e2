import { condition, proxyActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { type AttemptOutcome, retryNowUpdate, type WebhookDeliveryInput } from './webhook-messages';

/**
 * One attempt: the HTTP request is bounded at 15 s inside the activity; heartbeats show a worker that died mid-request
 * within seconds, and the attempt is then made again by another worker (at least once). Errors of our own (the
 * database away) are retried; what the receiver answered is the activity's result, never an error.
 */
const { attemptWebhookDelivery } = proxyActivities<Activities>({
  summary: 'webhook attempt (15 s)',
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { alertWebhookFailure } = proxyActivities<Activities>({
  summary: 'email the managers: webhook gave up',
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One delivery of one event to one subscription (`webhook-delivery:<deliveryId>`): an attempt, then a durable wait of
 * each step of the retry schedule before the next, until one is delivered; `failed` after the last, with one email to
 * the managers. A 410 disables the subscription. Its own workflow, so a dead receiver holds up nothing else.
 *
 * A manager's retry that arrives during the last attempt earns one more: the activity posts only if the retry reopened
 * the delivery after that attempt was recorded, so nothing is sent twice.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<AttemptOutcome> {
  let retryAsked = false;
  setHandler(retryNowUpdate, () => {
    retryAsked = true;
  });
  let manual = input.manual === true;
  let waits = manual ? [] : input.retryWaitsMs;
  for (let attempt = 0; ; attempt++) {
    const retryInMs = attempt < waits.length ? waits[attempt] : null;
    retryAsked = false;
    const outcome = await attemptWebhookDelivery({ deliveryId: input.deliveryId, retryInMs, manual });
    setCurrentDetails(`attempt ${attempt + 1}: ${outcome}`);
    if (outcome === 'pending' && retryInMs !== null) {
      await condition(() => retryAsked, retryInMs, { summary: `webhook retry ${attempt + 1} of ${waits.length}` });
      continue;
    }
    if ((outcome === 'gone' || outcome === 'failed') && !manual) {
      await alertWebhookFailure({ deliveryId: input.deliveryId, reason: outcome === 'gone' ? 'disabled' : 'failed' });
    }
    if (!retryAsked) return outcome;
    manual = true; // the retry asked for during the last attempt: one more, as a manual retry makes
    waits = [];
  }
}
