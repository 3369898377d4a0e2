import { defineUpdate } from '@temporalio/workflow';

/** A delivery workflow carries ids and the schedule only; the activity reads URL, secret and body from PostgreSQL. */
export interface WebhookDeliveryInput {
  deliveryId: string;
  /** WEBHOOK_RETRY_SCHEDULE in ms: the waits between attempts; after the last attempt the delivery is `failed`. */
  retryWaitsMs: number[];
  /** A manager's retry of a finished delivery: one attempt, no schedule, no alert. */
  manual?: boolean;
}

export type AttemptOutcome = 'delivered' | 'pending' | 'failed' | 'gone' | 'skipped';

/**
 * A manager's retry: attempt now instead of at the next scheduled time, or once more if the attempt in flight was the
 * last. An update, not a signal: one that meets the workflow as it completes is refused to the caller (who starts a new
 * run), where a signal would fail that workflow task.
 */
export const retryNowUpdate = defineUpdate<void>('retryNow');
