import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import type { WorkshopAttendance } from '../domain/workshop';
import { workshopPolicy } from '../policy/default-policy';
import { instantAfter } from '../policy/durations';
import { isLateChange } from '../policy/notice';
import { scheduleReminders } from '../policy/reminders';
import { ACTIVITY_OPTIONS } from './activity-options';
import { MESSAGE_DEADLINE_MS, Outbox, sendMessage } from './messages';
import { reject, requireUsable } from './errors';
import { registrationWorkflowId } from './ids';
import { registrationWorkflow } from './registration';
import {
  cancelRegistrationUpdate,
  cancelWorkshopUpdate,
  createWorkshopUpdate,
  type RegisterRequest,
  registerUpdate,
  registrationAttendanceUpdate,
  seatReleasedSignal,
  type WorkshopInput,
} from './workshop-messages';
import {
  freeSeat,
  isLive,
  recount,
  type RegistrationProjection,
  registrationView,
  renumber,
  type SeatState,
  type WorkshopState,
  type WorkshopTask,
  waitlist,
} from './workshop-state';

const { projectWorkshop, reportOutcome } = proxyActivities<Activities>(ACTIVITY_OPTIONS);

/** How long after its end a workshop still takes a late attendance record before its workflow completes. */
const LATE_RECORDING_MS = 30 * 24 * 3600 * 1000;

/**
 * One workshop, from its creation to the last attendance record, and the only writer of its read model. It
 * serialises seats: registrations are Updates handled one at a time in the order the workshop accepts them, so never
 * more are registered than the capacity, whatever the concurrency and the number of API instances. Once full, they
 * join the waitlist in that order; a freed seat goes at once to the first on it. Each seat's reminders run in the
 * seat's own workflow (`registration:<id>`), so this history grows by a few events per registration, not per reminder.
 */
/** The input's shape, checked before any state is built from it: an unusable one fails the run, never a task. */
function checkInput(input: WorkshopInput): void {
  const w = input?.workshop;
  requireUsable(!!w && typeof w.id === 'string' && typeof w.title === 'string' && typeof w.agentId === 'string', 'workshop id, title and host');
  requireUsable(Number.isFinite(Date.parse(w.start)) && Date.parse(w.end) > Date.parse(w.start) && Number.isFinite(Date.parse(w.createdAt)), 'workshop times');
  requireUsable(Number.isInteger(w.capacity) && w.capacity >= 1 && w.capacity <= 500, 'capacity');
  requireUsable(!!input.policy && Array.isArray(input.policy.reminders) && DateTime.fromMillis(0, { zone: input.policy.defaultTimeZone }).isValid, 'the policy');
}

export async function workshopWorkflow(input: WorkshopInput): Promise<void> {
  checkInput(input);
  const { policy } = input;
  const zone = policy.defaultTimeZone;
  const inZone = (iso: string, tz = zone) => DateTime.fromISO(iso, { zone: tz }).toISO()!;
  const s: WorkshopState = (input.state as WorkshopState | undefined) ?? {
    w: {
      ...input.workshop,
      start: inZone(input.workshop.start),
      end: inZone(input.workshop.end),
      registered: 0,
      waitlisted: 0,
      seatsLeft: input.workshop.capacity,
      status: 'scheduled',
      revision: 0,
      createdAt: inZone(input.workshop.createdAt),
      updatedAt: inZone(input.workshop.createdAt),
    },
    regs: [],
    accepted: 0,
    tasks: [],
    seatWorkflows: [],
  };
  const w = s.w;
  const startMs = Date.parse(w.start);
  const nowIso = (tz = zone) => DateTime.fromMillis(Date.now(), { zone: tz }).toISO()!;
  /** Messages, hand-offs and signals started beside the loop; all have ended before the run completes or continues. */
  const steps = new Outbox<never>(async () => undefined, true);
  /** Registrations changed since the last projection, with the webhook event of the change, if any. */
  const dirty = new Map<string, NonNullable<RegistrationProjection['events']>>();

  const find = (id: string) => s.regs.find((r) => r.id === id);
  const mustFind = (id: string) => find(id) ?? reject('NOT_FOUND', `No registration ${id} in workshop ${w.id}`);
  const touch = (r: SeatState, event?: NonNullable<RegistrationProjection['events']>[number]) => {
    r.revision += 1;
    r.updatedAt = nowIso(r.timeZone);
    dirty.set(r.id, [...(dirty.get(r.id) ?? []), ...(event ? [event] : [])]);
  };
  /** The revision the read model holds (carried state was projected before continuing as new). */
  let projected = w.revision;
  let projecting = false;
  /**
   * Projects what changed, in revision order, one write at a time: each write holds the workshop and every
   * registration changed since the previous one (a burst of registrations costs a few writes, not one each). A regular
   * activity, not a local one: its write happens only once the workflow task that decided it is recorded, so a task
   * lost under a burst of Updates never leaves a decision in the read model that the replay does not make.
   */
  const flush = async () => {
    projecting = true;
    try {
      while (projected < w.revision) {
        const revision = w.revision;
        const registrations = [...dirty].map(([id, events]): RegistrationProjection => {
          const r = find(id)!;
          return { registration: registrationView(w, r), seat: r.seat, capacity: w.capacity, idempotencyKey: r.idempotencyKey, events };
        });
        dirty.clear();
        await projectWorkshop({ workshop: { ...w }, policy: projected === 0 ? policy : undefined, registrations });
        projected = revision;
      }
    } finally {
      projecting = false;
    }
  };
  /** The change made so far becomes the workshop's next revision; answers once it is in the read model. */
  const project = async () => {
    for (const r of renumber(s)) if (!dirty.has(r.id)) touch(r);
    recount(s);
    w.revision += 1;
    w.updatedAt = nowIso();
    setCurrentDetails(describe());
    const revision = w.revision;
    if (!projecting) await flush();
    await condition(() => projected >= revision);
  };
  const describe = () =>
    `${w.status === 'cancelled' ? 'cancelled; ' : ''}${w.registered}/${w.capacity} registered, ${w.waitlisted} waitlisted; starts ${DateTime.fromISO(w.start, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
  const send = (r: SeatState, kind: Extract<WorkshopTask, { send: unknown }>['send']['kind'], facts?: Record<string, boolean>) =>
    s.tasks.push({ send: { kind, registrationId: r.id, customerId: r.customerId, occasion: 'v1', facts } });
  /** A seat taken now (registration or promotion): its reminders from now on (any already past is skipped). */
  const seat = (r: SeatState, n: number) => {
    r.status = 'registered';
    r.seat = n;
    r.reminders = scheduleReminders(policy.reminders, w.start, r.timeZone, Date.now());
  };
  const release = (r: SeatState) => {
    if (r.seat !== null) s.tasks.push({ releaseSeat: r.id });
    r.seat = null;
    for (const x of r.reminders) if (x.status === 'pending') x.status = 'cancelled';
  };

  const open = () => {
    if (w.status === 'cancelled') reject('SLOT_UNAVAILABLE', `Workshop ${w.id} is cancelled`, { workshopId: w.id });
    if (Date.now() >= startMs) reject('SLOT_UNAVAILABLE', `Workshop ${w.id} has already started`, { workshopId: w.id });
  };
  /** A request a workflow cannot use (sent around the API) is refused; it never fails the task. */
  const usable = requireUsable;
  const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
  const validateRegister = (req: RegisterRequest) => {
    usable(typeof req === 'object' && req !== null && isId(req.registrationId) && isId(req.customerId), 'registration request');
    usable((req.locale === 'es' || req.locale === 'en') && typeof req.timeZone === 'string', 'locale or time zone');
    if (find(req.registrationId)) return; // the same request again
    open();
    if (!DateTime.local({ zone: req.timeZone }).isValid) reject('VALIDATION_FAILED', `Unknown time zone ${req.timeZone}`);
    const live = s.regs.find((r) => r.customerId === req.customerId && isLive(r));
    if (live) reject('ALREADY_REGISTERED', `Customer ${req.customerId} is already ${live.status} for workshop ${w.id}`, { registrationId: live.id });
  };
  setHandler(createWorkshopUpdate, async () => {
    await condition(() => projected > 0);
    return { ...w };
  });
  setHandler(
    registerUpdate,
    async (req) => {
      const again = find(req.registrationId);
      if (again) return registrationView(w, again);
      validateRegister(req);
      const at = nowIso(req.timeZone);
      const r: SeatState = {
        ...{ id: req.registrationId, customerId: req.customerId, status: 'waitlisted', seat: null, accepted: ++s.accepted, position: null },
        ...{ timeZone: req.timeZone, locale: req.locale, reminders: [], idempotencyKey: req.idempotencyKey ?? null, revision: 0, createdAt: at, updatedAt: at },
      };
      s.regs.push(r);
      const n = freeSeat(s);
      if (n !== null) seat(r, n);
      touch(r, n !== null ? 'workshop.registered' : 'workshop.waitlisted');
      await project();
      send(r, n !== null ? 'workshop_registration' : 'workshop_waitlisted');
      if (n !== null) s.tasks.push({ startSeat: r.id });
      return registrationView(w, r);
    },
    { validator: validateRegister },
  );

  const validateCancel = (req: { registrationId: string }) => {
    usable(typeof req === 'object' && req !== null && isId(req.registrationId), 'cancellation request');
    const r = mustFind(req.registrationId);
    if (!isLive(r)) reject('BOOKING_NOT_CHANGEABLE', `Registration ${r.id} is ${r.status}`, { status: r.status });
    if (Date.now() >= startMs) reject('BOOKING_NOT_CHANGEABLE', `Workshop ${w.id} has already started`);
  };
  setHandler(
    cancelRegistrationUpdate,
    async (req) => {
      validateCancel(req);
      const r = mustFind(req.registrationId);
      const seated = r.status === 'registered';
      const late = seated && req.bySupport !== true && isLateChange(Date.now(), w.start, policy, r.timeZone);
      const counted = late && workshopPolicy(policy).countsAsStrike;
      const freed = r.seat;
      r.status = 'cancelled';
      release(r);
      touch(r, 'workshop.registration_cancelled');
      const next = freed !== null ? waitlist(s)[0] : undefined;
      if (next) {
        seat(next, freed!); // a freed seat goes at once to the first on the waitlist
        touch(next, 'workshop.promoted');
      }
      await project();
      send(r, 'workshop_cancellation', { late, bySupport: req.bySupport === true, hadSeat: seated });
      if (counted) s.tasks.push({ strike: { registrationId: r.id, customerId: r.customerId, kind: 'late_cancel', at: new Date(Date.now()).toISOString() } });
      if (next) {
        send(next, 'workshop_promoted');
        s.tasks.push({ startSeat: next.id });
      }
      return { registration: registrationView(w, r), late, countedAsNoShow: counted };
    },
    { validator: validateCancel },
  );

  const validateAttendance = (req: { registrationId: string; outcome: WorkshopAttendance }) => {
    usable(typeof req === 'object' && req !== null && isId(req.registrationId) && (req.outcome === 'attended' || req.outcome === 'no_show'), 'attendance request');
    const r = mustFind(req.registrationId);
    if (r.status === req.outcome) return; // the same outcome twice is a no-op
    if (r.status !== 'registered') reject('BOOKING_NOT_CHANGEABLE', `Registration ${r.id} is ${r.status}; its attendance cannot be recorded`, { status: r.status });
    if (Date.now() < startMs) reject('ATTENDANCE_NOT_OPEN', `Attendance opens at the workshop's start, ${w.start}`);
  };
  setHandler(
    registrationAttendanceUpdate,
    async (req) => {
      validateAttendance(req);
      const r = mustFind(req.registrationId);
      if (r.status === req.outcome) return registrationView(w, r);
      r.status = req.outcome;
      for (const x of r.reminders) if (x.status === 'pending') x.status = 'skipped';
      touch(r);
      if (req.outcome === 'no_show' && workshopPolicy(policy).countsAsStrike) {
        s.tasks.push({ strike: { registrationId: r.id, customerId: r.customerId, kind: 'no_show', at: new Date(Date.now()).toISOString() } });
      }
      await project();
      return registrationView(w, r);
    },
    { validator: validateAttendance },
  );

  const validateWorkshopCancel = (_req?: unknown) => {
    if (w.status !== 'cancelled' && Date.now() >= startMs) reject('BOOKING_NOT_CHANGEABLE', `Workshop ${w.id} has already started`);
  };
  setHandler(
    cancelWorkshopUpdate,
    async (_req) => {
      validateWorkshopCancel();
      if (w.status === 'cancelled') return { ...w };
      w.status = 'cancelled';
      const told = s.regs.filter(isLive).map((r) => {
        const hadSeat = r.status === 'registered';
        r.status = 'cancelled';
        release(r);
        touch(r, 'workshop.registration_cancelled');
        return { r, hadSeat };
      });
      await project();
      for (const { r, hadSeat } of told) send(r, 'workshop_cancellation', { late: false, bySupport: true, hadSeat, workshopCancelled: true });
      return { ...w };
    },
    { validator: validateWorkshopCancel },
  );

  /** Starts what the handlers queued: a message or a hand-off runs beside the loop; a seat's workflow is started. */
  const runTasks = async () => {
    while (s.tasks.length > 0) {
      const task = s.tasks[0];
      if ('send' in task) {
        const m = task.send;
        // A seat's or a place's message is worth sending until the workshop starts; a cancellation for a day.
        const deadline = m.kind === 'workshop_cancellation' ? Date.now() + MESSAGE_DEADLINE_MS : Math.min(startMs, Date.now() + MESSAGE_DEADLINE_MS);
        const request = {
          ...{ key: `${workflowInfo().workflowId}:${m.kind}:${m.registrationId}:${m.occasion}`, kind: m.kind, channel: 'email' as const },
          ...{ customerId: m.customerId, bookingId: m.registrationId, facts: m.facts, registration: { id: m.registrationId, whileLive: m.kind !== 'workshop_cancellation' } },
        };
        steps.track(sendMessage(request, { deadline, summary: `email ${m.kind}` }));
      } else if ('strike' in task) {
        const { registrationId, customerId, kind, at } = task.strike;
        const outcome = { eventId: `${registrationId}:${kind}:v1`, bookingId: registrationId, kind, countsAsStrike: true, at, sessionStart: w.start, policy };
        steps.track(reportOutcome({ customerId, outcome }));
      } else if ('startSeat' in task) {
        const r = find(task.startSeat)!;
        if (r.status === 'registered' && Date.now() < startMs) {
          await startChild(registrationWorkflow, {
            workflowId: registrationWorkflowId(r.id),
            args: [{ registrationId: r.id, workshopId: w.id, customerId: r.customerId, start: w.start, timeZone: r.timeZone, rules: policy.reminders }],
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
  };

  if (w.revision === 0) await project(); // the workshop's first row, answered to the create Update
  const endOfLife = instantAfter(w.end, policy.attendanceGrace, zone).toMillis() + LATE_RECORDING_MS;
  for (;;) {
    await runTasks();
    if (w.status === 'cancelled' || Date.now() >= endOfLife) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await runTasks();
      await steps.settled();
      await condition(() => !projecting);
      await continueAsNew<typeof workshopWorkflow>({ ...input, state: s });
    }
    const wake = Date.now() < startMs ? startMs : endOfLife;
    await condition(() => s.tasks.length > 0 || w.status === 'cancelled' || workflowInfo().continueAsNewSuggested, Math.max(1, wake - Date.now()), {
      summary: Date.now() < startMs ? 'wait for workshop start' : 'wait for attendance',
    });
  }
  await condition(allHandlersFinished);
  await runTasks();
  await steps.settled();
}
