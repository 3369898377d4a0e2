// The booking workflow's Updates and Query: each one a named function over BookingState.
import { ActivityFailure, ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import type { BookingView, ChangeResult } from '../domain/booking';
import type { NotificationKind } from '../domain/notification';
import { isLateChange } from '../policy/notice';
import { scheduleReminders } from '../policy/reminders';
import { SESSION_TYPES } from '../policy/types';
import { attendanceUpdate, type AttendanceRequest, bookingQuery, cancelUpdate, type CancelRequest, confirmUpdate, rescheduleUpdate, type RescheduleRequest } from './booking-messages';
import { admitBooking, type BookingState, releaseAdmission, saveBooking } from './booking-state';
import { reject } from './errors';

/** The business refusal of a failed (local) activity, if that is what it was. */
export const refusalOf = (err: unknown): ApplicationFailure | undefined => {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.nonRetryable ? failure : undefined;
};

const ATTENDANCE = new Set(['attended', 'no_show', 'unresponsive']);

/** Moves the booking to another slot: admitted again at the customer's, then claimed; a refused claim gives back what admission took. */
async function reschedule(s: BookingState, req: RescheduleRequest): Promise<ChangeResult> {
  s.assertChangeable();
  const { b, policy, tz } = s;
  const late = isLateChange(Date.now(), b.start, policy, tz);
  const previousStart = b.start;
  const admission = await admitBooking({
    customerId: b.customerId,
    request: { bookingId: b.id, sessionType: req.slot.sessionType, start: req.slot.start, acceptFee: req.acceptFee, policy, rescheduleOf: b.id },
  });
  const moved: BookingView = {
    ...s.view(),
    ...{ slotId: req.slot.slotId, agentId: req.slot.agentId, sessionType: req.slot.sessionType, start: req.slot.start, end: req.slot.end },
    fee: admission.fee ?? b.fee,
    reminders: scheduleReminders(policy.reminders, req.slot.start, tz, Date.now()),
    version: b.version + 1,
    revision: b.revision + 1,
    updatedAt: s.now(),
  };
  try {
    await saveBooking(moved, s.fenceOf('late_reschedule', late, moved.version)); // claims the new slot, or refuses with SLOT_TAKEN and nothing changes
  } catch (err) {
    if (s.beside && refusalOf(err)) await releaseAdmission({ customerId: b.customerId, bookingId: b.id, start: req.slot.start });
    throw err;
  }
  Object.assign(b, moved);
  if (late) s.handOff('late_reschedule', true);
  s.notify('reschedule_confirmation', `v${b.version}`, { guard: { bookingId: b.id, version: b.version }, facts: { previousStart, late } });
  if (late) s.notify('late_change_notice', `v${b.version}`, { facts: { late, previousStart } });
  s.touched(true);
  return { booking: s.view(), late, countedAsNoShow: late };
}

/** Cancels the booking (the reason, if any, is stored by the API in PostgreSQL, never here). */
async function cancel(s: BookingState, req: CancelRequest): Promise<ChangeResult> {
  s.assertChangeable();
  const { b } = s;
  const bySupport = req.bySupport === true;
  const late = !bySupport && isLateChange(Date.now(), b.start, s.policy, s.tz);
  b.status = bySupport ? 'cancelled_by_support' : late ? 'cancelled_late' : 'cancelled';
  s.reminders.skipPending('cancelled');
  const kind = bySupport ? 'cancelled_by_support' : late ? 'late_cancel' : 'cancelled';
  await s.save(s.fenceOf(kind, late));
  s.handOff(kind, late);
  s.notify('cancellation_confirmation', `v${b.version}`, { facts: { late } });
  if (late) s.notify('late_change_notice', `cancel:v${b.version}`, { facts: { late } });
  s.touched(true);
  return { booking: s.view(), late, countedAsNoShow: late };
}

function validateAttendance(s: BookingState, req: { outcome: string }): void {
  const { b } = s;
  if (!req || !ATTENDANCE.has(req.outcome)) reject('VALIDATION_FAILED', `Unknown attendance outcome`);
  if (s.refusal !== null) reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is not confirmed`);
  if (b.status === req.outcome) return; // the same outcome twice is a no-op
  if (b.status === 'scheduled') {
    if (Date.now() < Date.parse(b.start)) reject('ATTENDANCE_NOT_OPEN', `Attendance opens at the session start, ${b.start}`);
    return; // the start timer has not been handled yet
  }
  if (b.status !== 'in_progress' && b.status !== 'unrecorded') reject('BOOKING_NOT_CHANGEABLE', `Booking ${b.id} is ${b.status}; its attendance cannot be recorded`);
}

/**
 * An attendance followed by a message (attended: the feedback request; unresponsive: the reschedule advice) is
 * projected by that message's activity, ahead of its send, and by the API from the Update's answer (read your
 * writes): no local activity of its own. Runs begun before replay as they ran.
 */
export const ATTENDANCE_RIDES_MESSAGE = 'attendance-rides-message';

/** The message an attendance outcome sends the customer, if any. */
const FOLLOW_UP: Partial<Record<AttendanceRequest['outcome'], NotificationKind>> = { attended: 'feedback_request', unresponsive: 'reschedule_recommended' };

/**
 * Records attendance (a note, if any, is stored by the API in PostgreSQL, never here). An outcome with a message to
 * send is projected by that message's activity (and by the API from this answer); one without, before the answer.
 */
async function recordAttendance(s: BookingState, req: AttendanceRequest): Promise<BookingView> {
  validateAttendance(s, req);
  const { b } = s;
  if (b.status === req.outcome) return s.view();
  b.status = req.outcome;
  s.reminders.skipPending('skipped');
  const followUp = FOLLOW_UP[req.outcome];
  const strike = req.outcome === 'no_show' || (req.outcome === 'unresponsive' && s.policy.unresponsiveCountsAsNoShow);
  // A strike is projected before the answer, with its fence (booking-state.ts `fenceOf`), message or not.
  const fence = s.fenceOf(req.outcome, strike);
  const rides = followUp !== undefined && !fence && patched(ATTENDANCE_RIDES_MESSAGE);
  if (rides) s.advance();
  else await s.save(fence);
  s.handOff(req.outcome, strike);
  if (followUp) s.notify(followUp, `v${b.version}`, rides ? { projection: { booking: s.view() } } : {});
  s.touched(true);
  return s.view();
}

/** A move needs a usable slot: anything else is refused before it reaches the handler. */
function validateReschedule(s: BookingState, req: RescheduleRequest): void {
  s.assertChangeable();
  const slot = req?.slot;
  const usable =
    slot !== undefined &&
    slot !== null &&
    typeof slot.slotId === 'string' &&
    typeof slot.agentId === 'string' &&
    SESSION_TYPES.includes(slot.sessionType) &&
    Number.isFinite(Date.parse(slot.start)) &&
    Number.isFinite(Date.parse(slot.end));
  if (!usable) reject('VALIDATION_FAILED', 'A reschedule needs a slot');
}

export function setBookingHandlers(s: BookingState): void {
  setHandler(bookingQuery, () => s.view());
  setHandler(confirmUpdate, async () => {
    await condition(() => s.refusal !== undefined);
    if (s.refusal) throw s.refusal;
    return s.view();
  });
  setHandler(rescheduleUpdate, (req) => s.exclusive(() => reschedule(s, req)), { validator: (req) => validateReschedule(s, req) });
  setHandler(cancelUpdate, (req) => s.exclusive(() => cancel(s, req)), { validator: (_req: CancelRequest) => s.assertChangeable() });
  setHandler(attendanceUpdate, (req) => s.exclusive(() => recordAttendance(s, req)), { validator: (req) => validateAttendance(s, req) });
}
