import { type ActivityInterfaceFor, type ActivityOptions, type LocalActivityOptions, proxyLocalActivities } from '@temporalio/workflow';

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

/**
 * The local activities of `A`, run one at a time. Two in flight at once each resolve in an activation of their own as
 * they run, but may resolve in one activation on replay, so what follows them runs in another order and the replay
 * fails (seen: an admission's charge beside the standing's projection, "Timer machine does not handle this event:
 * WorkflowExecutionUpdateCompleted"). Queued, they resolve in the same order and the same activations both times.
 */
export function localActivitiesInTurn<A>(): ActivityInterfaceFor<A> {
  const activities = proxyLocalActivities<A>(LOCAL_ACTIVITY_OPTIONS) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  let previous: Promise<unknown> = Promise.resolve();
  return new Proxy(activities, {
    get: (target, name: string) => (...args: unknown[]) => {
      const run = previous.then(() => target[name](...args));
      previous = run.catch(() => undefined);
      return run;
    },
  }) as ActivityInterfaceFor<A>;
}
