// The dispatcher: a small loop in every worker process that fans new events out of the outbox (one delivery per
// subscription and event) and starts each delivery's workflow. Several workers share it safely: the fan-out skips
// rows another holds, and a workflow id is started once (`webhook-delivery:<deliveryId>`).
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Duration } from 'luxon';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { deliveriesToStart, fanOutEvents, markDeliveriesStarted } from '../db/webhooks';
import type { Logger } from '../observability/logger';
import { webhookDeliveryWorkflowId } from '../workflows/ids';
import type { WebhookDeliveryInput } from '../workflows/webhook-messages';

export interface WebhookDispatcher {
  /** Runs one round now (tests; the loop runs them on its own). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The retry schedule as the workflow takes it: milliseconds between attempts. */
export const retryWaitsMs = (settings: Settings): number[] => settings.webhookRetrySchedule.map((w) => Duration.fromISO(w).toMillis());

export function startWebhookDispatcher(deps: { pool: Pool; client: Client; settings: Settings; logger: Logger; intervalMs?: number }): WebhookDispatcher {
  const { pool, client, settings, logger } = deps;
  const waits = retryWaitsMs(settings);

  async function start(deliveryId: string): Promise<void> {
    try {
      await client.workflow.start('webhookDeliveryWorkflow', {
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        taskQueue: settings.taskQueue,
        args: [{ deliveryId, retryWaitsMs: waits } satisfies WebhookDeliveryInput],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async function tick(): Promise<void> {
    while ((await fanOutEvents(pool)) > 0);
    for (;;) {
      const ids = await deliveriesToStart(pool);
      if (ids.length === 0) return;
      await Promise.all(ids.map(start));
      await markDeliveriesStarted(pool, ids);
    }
  }

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((err) => logger.warn({ err: String(err) }, 'webhook dispatch failed; trying again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, deps.intervalMs ?? 500);
      });
  };
  loop();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
