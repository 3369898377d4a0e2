import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import { instantAfter } from '../policy/durations';
import { requireUsable } from './errors';
import { registrationWorkflowId } from './ids';
import { MESSAGE_DEADLINE_MS, sendMessage } from './messages';
import { registrationWorkflow } from './registration';
import { seatReleasedSignal, type WorkshopInput } from './workshop-messages';
import { setWorkshopHandlers } from './workshop-handlers';
import { reportOutcome, WorkshopModel } from './workshop-model';

/** How long after its end a workshop still takes a late attendance record before its workflow completes. */
const LATE_RECORDING_MS = 30 * 24 * 3600 * 1000;

/** The input's shape, checked before any state is built from it: an unusable one fails the run, never a task. */
function checkInput(input: WorkshopInput): void {
  const w = input?.workshop;
  requireUsable(!!w && typeof w.id === 'string' && typeof w.title === 'string' && typeof w.agentId === 'string', 'workshop id, title and host');
  requireUsable(Number.isFinite(Date.parse(w.start)) && Date.parse(w.end) > Date.parse(w.start) && Number.isFinite(Date.parse(w.createdAt)), 'workshop times');
  requireUsable(Number.isInteger(w.capacity) && w.capacity >= 1 && w.capacity <= 500, 'capacity');
  requireUsable(!!input.policy && Array.isArray(input.policy.reminders) && DateTime.fromMillis(0, { zone: input.policy.defaultTimeZone }).isValid, 'the policy');
}

/** Starts what the handlers queued: a message or a hand-off runs beside the loop; a seat's workflow is started. */
async function runTasks(m: WorkshopModel): Promise<void> {
  const { s, w, policy, startMs, steps } = m;
  while (s.tasks.length > 0) {
    const task = s.tasks[0];
    if ('send' in task) {
      const t = task.send;
      // A seat's or a place's message is worth sending until the workshop starts; a cancellation for a day.
      const deadline = t.kind === 'workshop_cancellation' ? Date.now() + MESSAGE_DEADLINE_MS : Math.min(startMs, Date.now() + MESSAGE_DEADLINE_MS);
      const request = {
        ...{ key: `${workflowInfo().workflowId}:${t.kind}:${t.registrationId}:${t.occasion}`, kind: t.kind, channel: 'email' as const },
        ...{ customerId: t.customerId, bookingId: t.registrationId, facts: t.facts, registration: { id: t.registrationId, whileLive: t.kind !== 'workshop_cancellation' } },
      };
      steps.track(sendMessage(request, { deadline, summary: `email ${t.kind}` }));
    } else if ('strike' in task) {
      const { registrationId, customerId, kind, at } = task.strike;
      const outcome = { eventId: `${registrationId}:${kind}:v1`, bookingId: registrationId, kind, countsAsStrike: true, at, sessionStart: w.start, policy };
      steps.track(reportOutcome({ customerId, outcome }));
    } else if ('startSeat' in task) {
      const r = m.find(task.startSeat)!;
      if (r.status === 'registered' && Date.now() < startMs) {
        await startChild(registrationWorkflow, {
          workflowId: registrationWorkflowId(r.id),
          args: [{ registrationId: r.id, workshopId: w.id, customerId: r.customerId, start: w.start, timeZone: r.timeZone, rules: policy.reminders, reminderLeadMs: m.reminderLeadMs }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        s.seatWorkflows.push(r.id);
      }
    } else if (s.seatWorkflows.includes(task.releaseSeat)) {
      // The seat's workflow may have ended already (the workshop started): nothing left to stop.
      steps.track(getExternalWorkflowHandle(registrationWorkflowId(task.releaseSeat)).signal(seatReleasedSignal).catch(() => undefined));
    }
    s.tasks.shift();
  }
}

/**
 * One workshop, from its creation to the last attendance record, and the only writer of its read model. It
 * serialises seats: registrations are Updates handled one at a time in the order the workshop accepts them, so never
 * more are registered than the capacity, whatever the concurrency and the number of API instances. Once full, they
 * join the waitlist in that order; a freed seat goes at once to the first on it. Each seat's reminders run in the
 * seat's own workflow (`registration:<id>`), so this history grows by a few events per registration, not per reminder.
 */
export async function workshopWorkflow(input: WorkshopInput): Promise<void> {
  checkInput(input);
  const m = new WorkshopModel(input);
  const { s, w, startMs } = m;
  setWorkshopHandlers(m);

  if (w.revision === 0) await m.project(); // the workshop's first row, answered to the create Update
  const endOfLife = instantAfter(w.end, m.policy.attendanceGrace, m.zone).toMillis() + LATE_RECORDING_MS;
  for (;;) {
    await runTasks(m);
    if (w.status === 'cancelled' || Date.now() >= endOfLife) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await runTasks(m);
      await m.steps.settled();
      await condition(() => !m.projecting);
      await continueAsNew<typeof workshopWorkflow>({ ...input, state: s });
    }
    const wake = Date.now() < startMs ? startMs : endOfLife;
    await condition(() => s.tasks.length > 0 || w.status === 'cancelled' || workflowInfo().continueAsNewSuggested, Math.max(1, wake - Date.now()), {
      summary: Date.now() < startMs ? 'wait for workshop start' : 'wait for attendance',
    });
  }
  await condition(allHandlersFinished);
  await runTasks(m);
  await m.steps.settled();
}
