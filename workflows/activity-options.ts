import type { ActivityOptions } from '@temporalio/workflow';

/** Both workflows' activities: a minute per attempt, retried with backoff until they succeed or fail for good. */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};
