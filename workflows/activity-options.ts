import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Messages and other calls that may wait on a provider: a minute per attempt, retried with backoff until they succeed or fail for good. */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/**
 * Short writes and hand-offs (a projection, a claim, an admission, a signal): local activities, run by the worker that
 * runs the workflow task — no task round trip, fewer history events and billable actions.
 */
export const LOCAL_ACTIVITY_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
};
