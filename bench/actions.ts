/**
 * Temporal Cloud billable actions, counted from workflow histories with Temporal's published mapping:
 * "Temporal Cloud Actions", https://docs.temporal.io/cloud/actions (temporalio/documentation,
 * docs/evaluate/temporal-cloud/actions.mdx, read 2026-11-25 and again 2026-12-02). What a history cannot show is not
 * counted here: queries, activity heartbeats, rejected updates (the page lists them as outside its own history-based
 * estimate too). The bench adds the first two from the server's own counters (temporal-metrics.ts).
 *
 * One booking's lifecycle (confirmation, four reminders, attendance) costs 18, each for a guarantee:
 *   booking:<id> (18)
 *     1  workflow started            the booking's own durable process; the API asks no Update: its answer is the row
 *                                    the claim writes, or the refusal the workflow closes with (api/booking-start.ts)
 *     1  local activities, 1st task  admission and slot claim, in the first task (one action for both); run again
 *                                    after a lost task, an admission whose claim stands is not asked again
 *     1  confirmation send           a message is its own step with a deadline, never on the answer's path
 *     4  reminder timers             each reminder's durable wake-up (REMINDER_LEAD before its instant)
 *     4  reminder sends              each its own step, deadline the session's start
 *     1  start timer                 the session starts on time whatever the sends do
 *     1  local activity at start     `in_progress` projected (the read model and `booking.started`)
 *     1  search attributes at start  BookingStatus for the Web UI
 *     1  attendance grace timer      `unrecorded` if no one records attendance
 *     1  attendance Update accepted  the agent's record, answered by the workflow
 *     1  feedback request send       its own step, off the answer's path; it also projects the outcome, ahead of its
 *                                    send (the API projects the Update's answer too: read your writes)
 *     1  search attributes, outcome  BookingStatus final for the Web UI
 *   customer:<id> (0)
 *        admission on the standing   a new booking that takes nothing (no fee due, nothing refusing it, the same
 *                                    policy) is admitted on the standing the customer's workflow last stored in
 *                                    PostgreSQL, fenced against changes on their way to it (customer-messages.ts
 *                                    ADMISSION_FENCE); a fee, a refusal or a move is decided by its `admit` Update
 *                                    (1 action), serialised per customer as before
 * Heartbeats and queries are billed too but in no history: the bench reads them from the server's metrics
 * (temporal-metrics.ts). A reminder held for its instant records no heartbeat (it was about ten per booking), and no
 * booking asks a query (the admission's `admissionClear` query, one per booking, was billed like the Update before
 * it: the count said 19 then, and was 20).
 * Cut: the confirm Update (its answer was already durable in the claim's row), the admission's Update and then its
 * query, the attendance's own local activity, the heartbeats of held reminders; earlier a reminder's outcome no
 * longer restarting the loop's timer (`quiet-reminder-outcome`). Below 18 means dropping one of the guarantees above:
 * each remaining wake-up is at its own instant, and each remaining send or projection carries a message or an event
 * someone receives.
 */
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Actions per history event, as the page lists them. */
const ACTIONS: Partial<Record<temporal.api.enums.v1.EventType, (e: HistoryEvent) => number>> = {
  // "Workflow started": client start, Continue-As-New (the new run's start), child start.
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: () => 1,
  // "Timer started", including the implicit timer of `condition(fn, timeout)`.
  [E.EVENT_TYPE_TIMER_STARTED]: () => 1,
  // "Search Attribute upsert requested": one per command, whatever it sets (TemporalChangeVersion alone is exempt).
  [E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: (e) => {
    const fields = Object.keys(
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
    );
    return fields.length === 1 && fields[0] === 'TemporalChangeVersion' ? 0 : 1;
  },
  // "Signal sent", from a client or a workflow: counted once, where it is received (both sides' histories are read).
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: () => 1,
  // "Update received by Worker": every accepted Update, Update-With-Start included (rejected ones leave no event).
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]: () => 1,
  // "Activity started or retried": the started event carries the attempt that completed, so every attempt counts.
  [E.EVENT_TYPE_ACTIVITY_TASK_STARTED]: (e) =>
    Math.max(1, e.activityTaskStartedEventAttributes?.attempt ?? 1),
  // "Start Child Workflow" and "Child Workflow Execution": two actions.
  [E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED]: () => 2,
  // "Workflow Execution Options updated".
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED]: () => 1,
};

/** "Local Activity started": all local activities of one workflow task count as one action. */
function localActivityActions(events: HistoryEvent[]): number {
  const tasks = new Set<string>();
  for (const e of events) {
    const m = e.markerRecordedEventAttributes;
    if (e.eventType === E.EVENT_TYPE_MARKER_RECORDED && m?.markerName === 'core_local_activity')
      tasks.add(String(m.workflowTaskCompletedEventId));
  }
  return tasks.size;
}

export interface HistoryCost {
  actions: number;
  events: number;
  bytes: number;
}

export function historyCost(history: temporal.api.history.v1.IHistory): HistoryCost {
  const events = history.events ?? [];
  let actions = localActivityActions(events);
  for (const e of events) actions += ACTIONS[e.eventType ?? E.EVENT_TYPE_UNSPECIFIED]?.(e) ?? 0;
  return {
    actions,
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
  };
}
