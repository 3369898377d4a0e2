import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import type { BookingStatus, BookingView, ChangeResult } from '../domain/booking';
import type { NotificationKind, NotificationRequest } from '../domain/notification';
import { instantAfter } from '../policy/durations';
import { isLateChange } from '../policy/notice';
import { scheduleReminders } from '../policy/reminders';
import { attendanceUpdate, type BookingInput, bookingQuery, cancelUpdate, confirmUpdate, rescheduleUpdate } from './booking-messages';
import type { BookingOutcome } from './customer-messages';
import { ACTIVITY_OPTIONS, localActivitiesInTurn } from './activity-options';
import { reject } from './errors';
import { BookingStatusKey, SessionStartKey } from './search-attributes';

const { sendNotification } = proxyActivities<Activities>(ACTIVITY_OPTIONS);
const { admitBooking, releaseAdmission, claimBooking, saveBooking, reportOutcome } = localActivitiesInTurn<Activities>();

/** How long an `unrecorded` booking still accepts a late attendance record before its workflow completes. */
const LATE_RECORDING_MS = 30 * 24 * 3600 * 1000;
const FINAL: BookingStatus[] = ['attended', 'no_show', 'unresponsive', 'cancelled', 'cancelled_late', 'cancelled_by_support'];

/** The business refusal of a failed (local) activity, if that is what it was. */
const refusalOf = (err: unknown): ApplicationFailure | undefined => {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.nonRetryable ? failure : undefined;
};

/**
 * One booking, from its admission to its outcome, and the only writer of its read model. Its first Update (sent
 * with the start) admits it at the customer's workflow and claims the slot, or refuses and leaves nothing behind.
 * It then sleeps until each reminder, takes reschedule, cancel and attendance as Updates, classes late changes as
 * no-shows and hands the customer's workflow every outcome that matters to it (a strike, a paid session cancelled).
 */
export async function bookingWorkflow(input: BookingInput): Promise<BookingView | null> {
  const { policy, customer } = input;
  const tz = customer.timeZone;
  const workflowId = workflowInfo().workflowId;
  const now = () => DateTime.fromMillis(Date.now(), { zone: tz }).toISO()!;
  const b: BookingView = {
    id: input.bookingId,
    customerId: input.customerId,
    slotId: input.slot.slotId,
    agentId: input.slot.agentId,
    sessionType: input.slot.sessionType,
    start: input.slot.start,
    end: input.slot.end,
    status: 'scheduled',
    timeZone: tz,
    locale: customer.locale,
    policyVersion: policy.version,
    fee: null,
    reminders: scheduleReminders(policy.reminders, input.slot.start, tz, Date.now()),
    version: 1,
    revision: 1,
    createdAt: DateTime.fromISO(input.createdAt, { zone: tz }).toISO()!,
    updatedAt: DateTime.fromISO(input.createdAt, { zone: tz }).toISO()!,
  };
  /** Messages and hand-offs waiting to go out, in order; the main loop sends them. */
  const outbox: ({ notify: NotificationRequest } | { outcome: BookingOutcome })[] = [];
  /** Undefined until admission and claim are settled; then the refusal, or null once the booking stands. */
  let refusal: ApplicationFailure | null | undefined;
  let changed = false;
  let busy = false;

  const view = (): BookingView => ({ ...b, reminders: b.reminders.map((r) => ({ ...r })) });
  /** One sentence for the Web UI: where the booking stands. */
  const describe = (): string => {
    const when = DateTime.fromISO(b.start, { zone: tz }).toFormat('yyyy-MM-dd HH:mm');
    const sent = b.reminders.filter((r) => r.status === 'sent').pop();
    const next = b.reminders.find((r) => r.status === 'pending');
    const last = sent ? `${sent.channel} reminder ${sent.offset} sent; ` : '';
    if (b.status === 'scheduled') return `${last}${next ? `next: ${next.channel} reminder ${next.offset}; ` : ''}waiting for the session at ${when} ${tz}`;
    if (b.status === 'in_progress') return `session of ${when} ${tz} started; waiting for attendance`;
    return `${b.status} (session of ${when} ${tz})`;
  };
  /** The state changed: wake the main loop and tell the Web UI; status and start also go to the search attributes. */
  const touched = (attributes = false) => {
    changed = true;
    setCurrentDetails(describe());
    if (attributes) {
      upsertSearchAttributes([
        { key: BookingStatusKey, value: b.status },
        { key: SessionStartKey, value: new Date(b.start) },
      ]);
    }
  };
  /** The next revision of the state, projected before anyone is told of it. */
  const save = async () => {
    b.revision += 1;
    b.updatedAt = now();
    await saveBooking(view());
  };
  /** One change at a time, its projection included: writes never race and land in revision order. */
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  const message = (kind: NotificationKind, occasion: string, extra: Partial<NotificationRequest> = {}): NotificationRequest => ({
    key: `${workflowId}:${kind}:${occasion}`,
    kind,
    channel: 'email',
    customerId: b.customerId,
    bookingId: b.id,
    contact: customer,
    booking: { id: b.id, version: b.version, sessionType: b.sessionType, start: b.start, end: b.end, agentId: b.agentId },
    ...extra,
  });
  /** Tells the customer's workflow of an outcome that matters to it: a strike, or a paid session cancelled in time. */
  const handOff = (kind: BookingOutcome['kind'], countsAsStrike: boolean) =>
    (countsAsStrike || (b.fee !== null && (kind === 'cancelled' || kind === 'cancelled_by_support'))) &&
    outbox.push({
      outcome: { eventId: `${b.id}:${kind}:v${b.version}`, bookingId: b.id, kind, countsAsStrike, at: new Date(Date.now()).toISOString(), sessionStart: b.start, policy },
    });
  const assertChangeable = () => {
    if (refusal !== null) reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is not confirmed`);
    if (b.status !== 'scheduled' || Date.now() >= Date.parse(b.start)) {
      reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is ${b.status} and can no longer be changed`);
    }
  };

  setHandler(bookingQuery, view);
  setHandler(confirmUpdate, async () => {
    await condition(() => refusal !== undefined);
    if (refusal) throw refusal;
    return view();
  });

  setHandler(
    rescheduleUpdate,
    (req) =>
      exclusive(async (): Promise<ChangeResult> => {
        assertChangeable();
        const late = isLateChange(Date.now(), b.start, policy, tz);
        const previousStart = b.start;
        const admission = await admitBooking({
          customerId: b.customerId,
          request: { bookingId: b.id, sessionType: req.slot.sessionType, start: req.slot.start, acceptFee: req.acceptFee, policy, rescheduleOf: b.id },
        });
        const moved: BookingView = {
          ...view(),
          ...{ slotId: req.slot.slotId, agentId: req.slot.agentId, sessionType: req.slot.sessionType, start: req.slot.start, end: req.slot.end },
          fee: admission.fee ?? b.fee,
          reminders: scheduleReminders(policy.reminders, req.slot.start, tz, Date.now()),
          version: b.version + 1,
          revision: b.revision + 1,
          updatedAt: now(),
        };
        await saveBooking(moved); // claims the new slot, or refuses with SLOT_TAKEN and nothing changes
        Object.assign(b, moved);
        if (late) handOff('late_reschedule', true);
        outbox.push({ notify: message('reschedule_confirmation', `v${b.version}`, { guard: { bookingId: b.id, version: b.version }, facts: { previousStart, late } }) });
        if (late) outbox.push({ notify: message('late_change_notice', `v${b.version}`, { facts: { late, previousStart } }) });
        touched(true);
        return { booking: view(), late, countedAsNoShow: late };
      }),
    { validator: (_req: unknown) => assertChangeable() },
  );

  setHandler(
    cancelUpdate,
    (req) =>
      exclusive(async (): Promise<ChangeResult> => {
        assertChangeable();
        const bySupport = req.bySupport === true;
        const late = !bySupport && isLateChange(Date.now(), b.start, policy, tz);
        b.status = bySupport ? 'cancelled_by_support' : late ? 'cancelled_late' : 'cancelled';
        for (const r of b.reminders) if (r.status === 'pending') r.status = 'cancelled';
        await save();
        handOff(bySupport ? 'cancelled_by_support' : late ? 'late_cancel' : 'cancelled', late);
        outbox.push({ notify: message('cancellation_confirmation', `v${b.version}`, { facts: { late, reason: req.reason ?? null } }) });
        if (late) outbox.push({ notify: message('late_change_notice', `cancel:v${b.version}`, { facts: { late } }) });
        touched(true);
        return { booking: view(), late, countedAsNoShow: late };
      }),
    { validator: (_req: unknown) => assertChangeable() },
  );

  const validateAttendance = (req: { outcome: string }) => {
    if (refusal !== null) reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is not confirmed`);
    if (b.status === req.outcome) return; // the same outcome twice is a no-op
    if (b.status === 'scheduled') {
      if (Date.now() < Date.parse(b.start)) reject('ATTENDANCE_NOT_OPEN', `Attendance opens at the session start, ${b.start}`);
      return; // the start timer has not been handled yet
    }
    if (b.status !== 'in_progress' && b.status !== 'unrecorded') {
      reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is ${b.status}; its attendance cannot be recorded`);
    }
  };
  setHandler(
    attendanceUpdate,
    (req) =>
      exclusive(async () => {
        validateAttendance(req);
        if (b.status === req.outcome) return view();
        b.status = req.outcome;
        for (const r of b.reminders) if (r.status === 'pending') r.status = 'skipped';
        await save();
        const strike = req.outcome === 'no_show' || (req.outcome === 'unresponsive' && policy.unresponsiveCountsAsNoShow);
        handOff(req.outcome, strike);
        if (req.outcome === 'attended') outbox.push({ notify: message('feedback_request', `v${b.version}`) });
        if (req.outcome === 'unresponsive') outbox.push({ notify: message('reschedule_recommended', `v${b.version}`) });
        touched(true);
        return view();
      }),
    { validator: validateAttendance },
  );

  const drain = async () => {
    while (outbox.length > 0) {
      const item = outbox[0];
      if ('notify' in item) await sendNotification(item.notify);
      else await reportOutcome({ customerId: b.customerId, outcome: item.outcome });
      outbox.shift();
    }
  };
  /** Waits until `atMs`, or until something changes; true when the instant was reached. */
  const waitUntil = async (atMs: number, summary: string) => {
    changed = false;
    const woken = await condition(() => changed || outbox.length > 0, Math.max(1, atMs - Date.now()), { summary });
    return !woken;
  };

  // Admission and claim, answered to the confirm Update; a refusal gives back what admission took and closes.
  let admitted = false;
  try {
    const admission = await admitBooking({
      customerId: b.customerId,
      request: { bookingId: b.id, sessionType: b.sessionType, start: b.start, acceptFee: input.acceptFee, policy },
    });
    admitted = true;
    b.fee = admission.fee;
    await claimBooking({ booking: view(), policy, idempotencyKey: input.idempotencyKey ?? null });
  } catch (err) {
    refusal = refusalOf(err);
    if (!refusal) throw err;
    if (admitted) await releaseAdmission({ customerId: b.customerId, bookingId: b.id });
    upsertSearchAttributes([{ key: BookingStatusKey, value: 'refused' }]);
    setCurrentDetails(`refused: ${refusal.type} (${refusal.message})`);
    await condition(allHandlersFinished);
    return null;
  }
  refusal = null;
  outbox.push({ notify: message('confirmation', 'v1', { guard: { bookingId: b.id, version: 1 } }) });
  touched();

  while (!FINAL.includes(b.status)) {
    await drain();
    if (b.status === 'scheduled') {
      const next = b.reminders.filter((r) => r.status === 'pending').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt))[0];
      const startMs = Date.parse(b.start);
      const target = next ? Math.min(Date.parse(next.dueAt), startMs) : startMs;
      const summary = next && Date.parse(next.dueAt) < startMs ? `${next.channel} reminder ${next.offset}` : 'wait for session start';
      if (!(await waitUntil(target, summary))) continue;
      if (Date.now() >= startMs) {
        await exclusive(async () => {
          if (b.status !== 'scheduled') return;
          // An overdue reminder is sent late only while the session has not started.
          for (const r of b.reminders) if (r.status === 'pending') r.status = 'skipped';
          b.status = 'in_progress';
          await save();
          touched(true);
        });
        continue;
      }
      if (!next) continue;
      // The reminder's outcome rides in the send's own activity as the next revision of the read model.
      const sending = await exclusive(async () => {
        if (b.status !== 'scheduled' || next.status !== 'pending' || !b.reminders.includes(next)) return null;
        b.revision += 1;
        b.updatedAt = now();
        return { version: b.version, revision: b.revision, booking: view(), reminderIndex: b.reminders.indexOf(next) };
      });
      if (!sending) continue;
      const result = await sendNotification(
        message('reminder', `${next.offset}:v${sending.version}`, {
          channel: next.channel,
          offset: next.offset,
          dueAt: next.dueAt,
          guard: { bookingId: b.id, version: sending.version, notAfter: b.start },
          projection: { booking: sending.booking, reminderIndex: sending.reminderIndex },
        }),
      );
      await exclusive(async () => {
        // A reschedule or cancel that came in meanwhile replaced this reminder; its result no longer applies.
        if (b.version !== sending.version || next.status !== 'pending') return;
        next.status = result.status;
        if (b.revision !== sending.revision) await save(); // a later change was projected meanwhile: project again
        touched();
      });
    } else if (b.status === 'in_progress') {
      const graceEnd = instantAfter(b.end, policy.attendanceGrace, tz).toMillis();
      if (!(await waitUntil(graceEnd, 'wait for attendance'))) continue;
      await exclusive(async () => {
        if (b.status !== 'in_progress') return;
        b.status = 'unrecorded';
        await save();
        handOff('unrecorded', false);
        outbox.push({ notify: message('attendance_unrecorded', `v${b.version}`, { audience: 'agents' }) });
        touched(true);
      });
    } else if (b.status === 'unrecorded') {
      if (await waitUntil(Date.now() + LATE_RECORDING_MS, 'accept a late attendance record')) break;
    }
  }
  await drain();
  await condition(allHandlersFinished);
  await drain();
  return view();
}
