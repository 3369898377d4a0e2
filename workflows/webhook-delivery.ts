import { condition, proxyActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { type AttemptOutcome, retryNowSignal, type WebhookDeliveryInput } from './webhook-messages';

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
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<AttemptOutcome> {
  let retryNow = false;
  setHandler(retryNowSignal, () => {
    retryNow = true;
  });
  const waits = input.manual ? [] : input.retryWaitsMs;
  for (let attempt = 0; ; attempt++) {
    const retryInMs = attempt < waits.length ? waits[attempt] : null;
    retryNow = false;
    const outcome = await attemptWebhookDelivery({ deliveryId: input.deliveryId, retryInMs, manual: input.manual === true });
    setCurrentDetails(`attempt ${attempt + 1}: ${outcome}`);
    if (outcome === 'gone' && !input.manual) await alertWebhookFailure({ deliveryId: input.deliveryId, reason: 'disabled' });
    if (outcome === 'failed' && !input.manual) await alertWebhookFailure({ deliveryId: input.deliveryId, reason: 'failed' });
    if (outcome !== 'pending' || retryInMs === null) return outcome;
    await condition(() => retryNow, retryInMs, { summary: `webhook retry ${attempt + 1} of ${waits.length}` });
  }
}
