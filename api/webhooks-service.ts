// Webhook subscriptions as managers drive them (API and console): create, list, delete, the delivery log, a retry.
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { deleteSubscription, findDelivery, findSubscription, insertSubscription, listDeliveries, listSubscriptions, reopenDelivery } from '../db/webhooks';
import { isPublicAddress, urlRefusal } from '../webhooks/addresses';
import { retryWaitsMs } from '../webhooks/dispatcher';
import { webhookDeliveryWorkflowId } from '../workflows/ids';
import { retryNowUpdate, type WebhookDeliveryInput } from '../workflows/webhook-messages';
import { ApiError } from './errors';
import { idParam, parse } from './schemas';
import { pageQuery, webhookCreateBody } from './webhook-schemas';

const urlInvalid = (message: string) => new ApiError('VALIDATION_FAILED', `Invalid request: url ${message}`, { fields: [{ path: 'url', message }] });

/** The address a host name has now, when it can be told quickly: a name that resolves to a private address is refused. */
async function resolvesPrivately(host: string): Promise<boolean> {
  if (isIP(host)) return false; // judged by urlRefusal
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), 3000).unref());
  const addresses = await Promise.race([lookup(host, { all: true }).catch(() => null), timeout]);
  // Unresolvable now: accepted; every delivery checks the address it connects to.
  return addresses !== null && addresses.some((a) => !isPublicAddress(a.address));
}

export function createWebhookService({ pool, client, settings }: { pool: Pool; client: Client; settings: Settings }) {
  async function mustExist(rawId: unknown) {
    const id = parse(idParam, rawId);
    const sub = await findSubscription(pool, id);
    if (!sub) throw new ApiError('NOT_FOUND', `No webhook ${id}`);
    return sub;
  }

  async function create(rawBody: unknown) {
    const body = parse(webhookCreateBody, rawBody);
    const refusal = urlRefusal(body.url, settings.webhookAllowPrivateUrls);
    if (refusal) throw urlInvalid(refusal);
    if (!settings.webhookAllowPrivateUrls && (await resolvesPrivately(new URL(body.url).hostname))) throw urlInvalid('resolves to a non-public address');
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const sub = await insertSubscription(pool, { id: `wh_${randomBytes(12).toString('hex')}`, url: body.url, events: body.events, description: body.description ?? null, secret });
    return { ...sub, secret };
  }

  async function list(rawQuery: unknown) {
    const q = parse(pageQuery, rawQuery);
    return { rows: await listSubscriptions(pool, { limit: q.limit + 1, cursor: q.cursor }), limit: q.limit };
  }

  async function remove(rawId: unknown): Promise<void> {
    const sub = await mustExist(rawId);
    await deleteSubscription(pool, sub.id);
  }

  async function deliveries(rawId: unknown, rawQuery: unknown) {
    const sub = await mustExist(rawId);
    const q = parse(pageQuery, rawQuery);
    return { rows: await listDeliveries(pool, { subscriptionId: sub.id, limit: q.limit + 1, cursor: q.cursor }), limit: q.limit };
  }

  /**
   * Tells the delivery's workflow to attempt now, or starts a run that makes one attempt if it has ended. A run that
   * ends as the request reaches it refuses it (not found): the next try starts a new run.
   */
  async function askForAttempt(deliveryId: string, tries = 3): Promise<void> {
    const input: WebhookDeliveryInput = { deliveryId, retryWaitsMs: retryWaitsMs(settings), manual: true };
    try {
      await client.workflow.executeUpdateWithStart(retryNowUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation('webhookDeliveryWorkflow', {
          workflowId: webhookDeliveryWorkflowId(deliveryId),
          taskQueue: settings.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || tries <= 1) throw err;
      await askForAttempt(deliveryId, tries - 1);
    }
  }

  /** One more attempt: now, if the delivery still waits for its next one; else a new run that makes a single attempt. */
  async function retry(rawId: unknown, rawDeliveryId: unknown) {
    const sub = await mustExist(rawId);
    const deliveryId = parse(idParam, rawDeliveryId);
    if (!(await findDelivery(pool, sub.id, deliveryId))) throw new ApiError('NOT_FOUND', `No delivery ${deliveryId}`);
    if (sub.status !== 'active') throw new ApiError('WEBHOOK_DISABLED', `Webhook ${sub.id} is disabled`);
    const reopened = await reopenDelivery(pool, sub.id, deliveryId);
    await askForAttempt(deliveryId);
    return reopened!;
  }

  return { create, list, remove, deliveries, retry, get: mustExist };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
