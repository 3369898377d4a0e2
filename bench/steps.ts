/**
 * Where one booking's time goes, from what can be observed: the client's wall clock (sent, answered) and the event
 * times of the booking's and the customer's workflow histories. Checkpoints, in the order they happen:
 *   sent (client) → booking WorkflowExecutionStarted (the API's handling, up to the start reaching the server) → the
 *   booking's first WorkflowTaskStarted (the task reaching the worker) → admitBooking scheduled (the worker's first
 *   activation of the workflow) → claimBooking scheduled (the admission at the customer's workflow, answered) → the
 *   booking's first WorkflowTaskCompleted, or the answer if the API saw the claim's row before (the claim) → answered
 *   (client). Runs begun before the API stopped asking a confirm Update end their claim at its UpdateCompleted.
 * A local activity's schedule time is its marker's original_schedule_time (the marker event itself is written when
 * the task completes). Its complete_time is not used: on this machine it reads some 100 ms earlier than its own
 * schedule time and than the customer's answer to it, so it is not on the wall clock. An activity task's checkpoint
 * is its ActivityTaskScheduled. A checkpoint a history does not have is left out, so the next step spans both; each
 * step runs from the checkpoint before it in time. Clocks: the client and the server must share one (the own stack
 * does; `--target` on another host adds the clock offset to the first and last steps).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bookingWorkflowId, customerWorkflowId } from '../workflows/ids';
import { mapLimit, percentile, progress, round } from './util';

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Ts = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;

/** One booking as the client saw it (epoch milliseconds). */
export interface BookedSample {
  bookingId: string;
  customerId: string;
  sentAtMs: number;
  answeredAtMs: number;
}

export const STEPS = {
  api: 'API handling, until the start reaches Temporal (→ booking WorkflowExecutionStarted)',
  toWorker: 'the start, until the booking’s first workflow task reaches the worker (→ WorkflowTaskStarted)',
  firstActivation: 'the worker’s first activation, until it asks for the admission (→ admitBooking scheduled)',
  admission: 'admission on the customer’s stored standing (its admit Update at their workflow when that is not clear), until the claim is asked for (→ claimBooking scheduled)',
  claim: 'the claim, until its task completes or the API has seen its row, whichever is first (→ WorkflowTaskCompleted)',
  answer: 'the answer, after the claim’s task completed, until the client has it (→ HTTP response; 0 when the API saw the claim’s row first: it looks every 25–250 ms)',
} as const;
export type Step = keyof typeof STEPS;

export interface StepFigure {
  p50Ms: number | null;
  p99Ms: number | null;
  samples: number;
  what: string;
}

export interface StepsResult {
  bookings: number;
  totalP50Ms: number | null;
  totalP99Ms: number | null;
  steps: Record<Step, StepFigure>;
  /** Inside admission, for those that took the admit Update (a fee, a refusal, a first booking): its accepting task until it completed. */
  admissionInsideCustomer: StepFigure;
  /** Round trips: the booking's workflow tasks until its answer; the local activities and activity tasks among them. */
  bookingWorkflowTasksP50: number | null;
  bookingActivitiesP50: number | null;
}

const tsMs = (ts: Ts): number | null => {
  if (!ts || ts.seconds == null) return null;
  const s = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return s * 1000 + (ts.nanos ?? 0) / 1e6;
};
const eventMs = (e: HistoryEvent | undefined) => (e ? tsMs(e.eventTime as Ts) : null);

/** A local activity marker's type and schedule time, from core's JSON marker data. */
function markerOf(e: HistoryEvent): { type: string; scheduledMs: number | null } | null {
  const m = e.markerRecordedEventAttributes;
  if (e.eventType !== E.EVENT_TYPE_MARKER_RECORDED || m?.markerName !== 'core_local_activity') return null;
  const raw = m.details?.data?.payloads?.[0]?.data;
  if (!raw) return null;
  try {
    const d = JSON.parse(Buffer.from(raw).toString('utf8'));
    const t = d.original_schedule_time ?? d.originalScheduleTime;
    return { type: String(d.activity_type ?? d.activityType), scheduledMs: typeof t === 'string' ? Date.parse(t) : tsMs(t) };
  } catch {
    return null;
  }
}

/** When the activity (local or not) of `type` was first scheduled in `events`. */
function activityScheduledMs(events: HistoryEvent[], type: string): number | null {
  for (const e of events) {
    const m = markerOf(e);
    if (m?.type === type) return m.scheduledMs;
  }
  return eventMs(
    events.find(
      (e) =>
        e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
        e.activityTaskScheduledEventAttributes?.activityType?.name === type,
    ),
  );
}

const updateIdOf = (e: HistoryEvent) =>
  e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ??
  e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ??
  undefined;

/** The customer's side of one admission: its accepting workflow task's start until the admit Update completed. */
function admissionAtCustomer(events: HistoryEvent[], bookingId: string): number | null {
  const ours = (e: HistoryEvent) => updateIdOf(e)?.startsWith(`admit:${bookingId}:`) ?? false;
  const at = events.findIndex((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && ours(e));
  if (at < 0) return null;
  const task = events
    .slice(0, at)
    .reverse()
    .find((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const done = events.find((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED && ours(e));
  const from = eventMs(task);
  const to = eventMs(done);
  return from === null || to === null ? null : to - from;
}

interface Timeline {
  steps: Partial<Record<Step, number>>;
  total: number;
  insideCustomer: number | null;
  workflowTasks: number;
  activities: number;
}

/** The checkpoints of one booking, each step measured from the checkpoint before it in time. */
function timelineOf(s: BookedSample, booking: HistoryEvent[], customer: HistoryEvent[]): Timeline {
  const confirmed = booking.findIndex((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  const answeredAt = confirmed >= 0 ? confirmed : booking.findIndex((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  // The answering task's commands (its local activities' markers among them) follow its WorkflowTaskCompleted.
  const nextTask = booking.findIndex((e, i) => i > answeredAt && e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  const untilAnswer = answeredAt < 0 ? booking : booking.slice(0, confirmed >= 0 ? answeredAt + 1 : nextTask < 0 ? undefined : nextTask);
  const claimedMs = answeredAt < 0 ? null : Math.min(eventMs(booking[answeredAt]) ?? Infinity, s.answeredAtMs);
  const first = (t: temporal.api.enums.v1.EventType) => eventMs(booking.find((e) => e.eventType === t));
  const checkpoints: [Step | 'sent', number | null][] = [
    ['sent', s.sentAtMs],
    ['api', first(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)],
    ['toWorker', first(E.EVENT_TYPE_WORKFLOW_TASK_STARTED)],
    ['firstActivation', activityScheduledMs(untilAnswer, 'admitBooking')],
    ['admission', activityScheduledMs(untilAnswer, 'claimBooking')],
    ['claim', claimedMs],
    ['answer', s.answeredAtMs],
  ];
  const present = checkpoints.filter((c): c is [Step | 'sent', number] => c[1] !== null).sort((a, b) => a[1] - b[1]);
  const steps: Partial<Record<Step, number>> = {};
  for (let i = 1; i < present.length; i++)
    if (present[i][0] !== 'sent') steps[present[i][0] as Step] = present[i][1] - present[i - 1][1];
  return {
    steps,
    total: s.answeredAtMs - s.sentAtMs,
    insideCustomer: admissionAtCustomer(customer, s.bookingId),
    workflowTasks: untilAnswer.filter((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
    activities: untilAnswer.filter((e) => markerOf(e) || e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length,
  };
}

const figure = (values: number[], what: string): StepFigure => ({
  p50Ms: round(percentile(values, 50), 0),
  p99Ms: round(percentile(values, 99), 0),
  samples: values.length,
  what,
});

export async function measureSteps(client: Client, samples: BookedSample[], max = 100): Promise<StepsResult> {
  const chosen = samples.slice(0, max);
  progress(`steps: reading the histories of ${chosen.length} bookings of the 32-client phase`);
  const timelines = await mapLimit(chosen, 4, async (s) => {
    const [b, c] = await Promise.all([
      client.workflow.getHandle(bookingWorkflowId(s.bookingId)).fetchHistory(),
      client.workflow.getHandle(customerWorkflowId(s.customerId)).fetchHistory(),
    ]);
    return timelineOf(s, b.events ?? [], c.events ?? []);
  });
  const of = (f: (t: Timeline) => number | null | undefined) =>
    timelines.map(f).filter((v): v is number => typeof v === 'number');
  const steps = Object.fromEntries(
    (Object.keys(STEPS) as Step[]).map((k) => [k, figure(of((t) => t.steps[k]), STEPS[k])]),
  ) as Record<Step, StepFigure>;
  const result: StepsResult = {
    bookings: timelines.length,
    totalP50Ms: round(percentile(of((t) => t.total), 50), 0),
    totalP99Ms: round(percentile(of((t) => t.total), 99), 0),
    steps,
    admissionInsideCustomer: figure(
      of((t) => t.insideCustomer),
      'inside admission, when it took the admit Update: the customer’s accepting workflow task until that Update completed (none when every admission was on the stored standing)',
    ),
    bookingWorkflowTasksP50: percentile(of((t) => t.workflowTasks), 50),
    bookingActivitiesP50: percentile(of((t) => t.activities), 50),
  };
  progress(
    `steps: ${(Object.keys(STEPS) as Step[]).map((k) => `${k} p50 ${steps[k].p50Ms} ms`).join(', ')}`,
  );
  return result;
}
