import { defineSignal } from '@temporalio/workflow';

/** A delivery workflow carries ids and the schedule only; the activity reads URL, secret and body from PostgreSQL. */
export interface WebhookDeliveryInput {
  deliveryId: string;
  /** WEBHOOK_RETRY_SCHEDULE in ms: the waits between attempts; after the last attempt the delivery is `failed`. */
  retryWaitsMs: number[];
  /** A manager's retry of a finished delivery: one attempt, no schedule, no alert. */
  manual?: boolean;
}

export type AttemptOutcome = 'delivered' | 'pending' | 'failed' | 'gone' | 'skipped';

/** A manager's retry while the delivery still waits: attempt now instead of at the next scheduled time. */
export const retryNowSignal = defineSignal('retryNow');
