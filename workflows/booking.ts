import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import type { NotificationKind, NotificationRequest } from '../activities/notifications';
import { instantAfter } from '../policy/durations';
import { isLateChange } from '../policy/notice';
import { scheduleReminders } from '../policy/reminders';
import {
  attendanceUpdate,
  type BookingInput,
  type BookingStatus,
  type BookingView,
  bookingQuery,
  cancelUpdate,
  type ChangeResult,
  rescheduleUpdate,
} from './booking-messages';
import type { BookingOutcome } from './customer-messages';
import { ACTIVITY_OPTIONS } from './activity-options';
import { reject } from './errors';
import { BookingIdKey, BookingStatusKey, CustomerIdKey, SessionStartKey, SessionTypeKey } from './search-attributes';

const { sendNotification, reportOutcome, saveBooking, claimSlot, admitReschedule } = proxyActivities<Activities>(ACTIVITY_OPTIONS);

/** How long an `unrecorded` booking still accepts a late attendance record before its workflow completes. */
const LATE_RECORDING_MS = 30 * 24 * 3600 * 1000;
const FINAL: BookingStatus[] = ['attended', 'no_show', 'unresponsive', 'cancelled', 'cancelled_late', 'cancelled_by_support'];

/**
 * One booking, from confirmation to its outcome: sleeps until each reminder, takes reschedule, cancel and
 * attendance as Updates, classes late changes as no-shows and hands every outcome to the customer's workflow.
 */
export async function bookingWorkflow(input: BookingInput): Promise<BookingView> {
  const { policy, customer } = input;
  const tz = customer.timeZone;
  const workflowId = workflowInfo().workflowId;
  const nowIso = () => new Date(Date.now()).toISOString();
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
    fee: input.fee,
    reminders: scheduleReminders(policy.reminders, input.slot.start, tz, Date.now()),
    version: 1,
    createdAt: input.createdAt,
    updatedAt: nowIso(),
  };
  /** Messages and hand-offs waiting to go out, in order; the main loop sends them. */
  const outbox: ({ notify: NotificationRequest } | { outcome: BookingOutcome })[] = [];
  let changed = false;
  let busy = false;

  const view = (): BookingView => ({ ...b, reminders: b.reminders.map((r) => ({ ...r })) });
  const publish = async () => {
    b.updatedAt = nowIso();
    changed = true;
    upsertSearchAttributes([
      { key: BookingIdKey, value: b.id },
      { key: CustomerIdKey, value: b.customerId },
      { key: SessionTypeKey, value: b.sessionType },
      { key: BookingStatusKey, value: b.status },
      { key: SessionStartKey, value: new Date(b.start) },
    ]);
    setCurrentDetails(describe());
    await saveBooking(view());
  };
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
  const handOff = (kind: BookingOutcome['kind'], countsAsStrike: boolean) =>
    outbox.push({
      outcome: { eventId: `${b.id}:${kind}:v${b.version}`, bookingId: b.id, kind, countsAsStrike, at: nowIso(), sessionStart: b.start, policy },
    });
  /** One change at a time: an Update waits for the one before it to finish its activities. */
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  const assertChangeable = () => {
    if (b.status !== 'scheduled' || Date.now() >= Date.parse(b.start)) {
      reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is ${b.status} and can no longer be changed`);
    }
  };

  setHandler(bookingQuery, view);

  setHandler(
    rescheduleUpdate,
    (req) =>
      exclusive(async (): Promise<ChangeResult> => {
        assertChangeable();
        const late = isLateChange(Date.now(), b.start, policy, tz);
        const previousStart = b.start;
        const admission = await admitReschedule({
          customerId: b.customerId,
          request: { bookingId: b.id, sessionType: req.slot.sessionType, start: req.slot.start, acceptFee: req.acceptFee, policy, rescheduleOf: b.id },
        });
        await claimSlot({ bookingId: b.id, slot: req.slot, version: b.version + 1 });
        if (late) handOff('late_reschedule', true);
        Object.assign(b, { slotId: req.slot.slotId, agentId: req.slot.agentId, sessionType: req.slot.sessionType, start: req.slot.start, end: req.slot.end });
        b.version += 1;
        b.fee = admission.fee ?? b.fee;
        b.reminders = scheduleReminders(policy.reminders, b.start, tz, Date.now());
        outbox.push({ notify: message('reschedule_confirmation', `v${b.version}`, { guard: { bookingId: b.id, version: b.version }, facts: { previousStart, late } }) });
        if (late) outbox.push({ notify: message('late_change_notice', `v${b.version}`, { facts: { late, previousStart } }) });
        await publish();
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
        handOff(bySupport ? 'cancelled_by_support' : late ? 'late_cancel' : 'cancelled', late);
        outbox.push({ notify: message('cancellation_confirmation', `v${b.version}`, { facts: { late, reason: req.reason ?? null } }) });
        if (late) outbox.push({ notify: message('late_change_notice', `cancel:v${b.version}`, { facts: { late } }) });
        await publish();
        return { booking: view(), late, countedAsNoShow: late };
      }),
    { validator: (_req: unknown) => assertChangeable() },
  );

  const validateAttendance = (req: { outcome: string }) => {
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
        const strike = req.outcome === 'no_show' || (req.outcome === 'unresponsive' && policy.unresponsiveCountsAsNoShow);
        handOff(req.outcome, strike);
        if (req.outcome === 'attended') outbox.push({ notify: message('feedback_request', `v${b.version}`) });
        if (req.outcome === 'unresponsive') outbox.push({ notify: message('reschedule_recommended', `v${b.version}`) });
        await publish();
        return view();
      }),
    { validator: validateAttendance },
  );

  const drain = async () => {
    while (outbox.length > 0) {
      const item = outbox[0];
      if ('notify' in item) await sendNotification(item.notify);
      else await reportOutcome(item.outcome);
      outbox.shift();
    }
  };
  /** Waits until `atMs`, or until something changes; true when the instant was reached. */
  const waitUntil = async (atMs: number, summary: string) => {
    changed = false;
    const woken = await condition(() => changed || outbox.length > 0, Math.max(1, atMs - Date.now()), { summary });
    return !woken;
  };

  outbox.push({ notify: message('confirmation', 'v1', { guard: { bookingId: b.id, version: 1 } }) });
  await publish();

  while (!FINAL.includes(b.status)) {
    await drain();
    if (busy) {
      await condition(() => !busy);
      continue;
    }
    if (b.status === 'scheduled') {
      const next = b.reminders.filter((r) => r.status === 'pending').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt))[0];
      const startMs = Date.parse(b.start);
      const target = next ? Math.min(Date.parse(next.dueAt), startMs) : startMs;
      const summary = next && Date.parse(next.dueAt) < startMs ? `${next.channel} reminder ${next.offset}` : 'wait for session start';
      if (!(await waitUntil(target, summary))) continue;
      if (busy || b.status !== 'scheduled') continue;
      if (Date.now() >= startMs) {
        // An overdue reminder is sent late only while the session has not started.
        for (const r of b.reminders) if (r.status === 'pending') r.status = 'skipped';
        b.status = 'in_progress';
      } else if (next) {
        const version = b.version;
        const result = await sendNotification(
          message('reminder', `${next.offset}:v${version}`, {
            channel: next.channel,
            offset: next.offset,
            dueAt: next.dueAt,
            guard: { bookingId: b.id, version, notAfter: b.start },
          }),
        );
        // A reschedule or cancel that came in meanwhile replaced this reminder; its result no longer applies.
        if (b.version === version && next.status === 'pending') next.status = result.status;
      }
      await publish();
    } else if (b.status === 'in_progress') {
      const graceEnd = instantAfter(b.end, policy.attendanceGrace, tz).toMillis();
      if (!(await waitUntil(graceEnd, 'wait for attendance'))) continue;
      if (b.status !== 'in_progress' || busy) continue;
      b.status = 'unrecorded';
      handOff('unrecorded', false);
      outbox.push({ notify: message('attendance_unrecorded', `v${b.version}`, { audience: 'agents' }) });
      await publish();
    } else if (b.status === 'unrecorded') {
      const until = Date.now() + LATE_RECORDING_MS;
      if (await waitUntil(until, 'accept a late attendance record')) break;
    }
  }
  await drain();
  await condition(allHandlersFinished);
  await drain();
  return view();
}
