import { allHandlersFinished, condition, patched, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { BookingView } from '../domain/booking';
import { instantAfter } from '../policy/durations';
import type { BookingInput, BookingRefused } from './booking-messages';
import { refusalOf, setBookingHandlers } from './booking-handlers';
import { admitBooking, BookingState, claimBooking, FINAL, releaseAdmission } from './booking-state';
import { BookingStatusKey } from './search-attributes';
import { DateTime } from 'luxon';
import { requireUsable } from './errors';

/** How long an `unrecorded` booking still accepts a late attendance record before its workflow completes. */
const LATE_RECORDING_MS = 30 * 24 * 3600 * 1000;

/**
 * Sends run beside the timers (messages with deadlines, the SMS fallback as its own step, a refused reschedule gives
 * back its admission). Runs begun before replay as they ran: sends awaited in the main loop, in order.
 */
export const SENDS_BESIDE_TIMERS = 'sends-beside-timers';

/** The input's shape, checked before any state is built from it. */
function checkInput(input: BookingInput): void {
  const slot = input?.slot;
  requireUsable(typeof input?.bookingId === 'string' && typeof input.customerId === 'string', 'booking and customer ids');
  requireUsable(!!slot && Number.isFinite(Date.parse(slot.start)) && Number.isFinite(Date.parse(slot.end)), 'the slot');
  requireUsable(!!input.customer && DateTime.fromMillis(0, { zone: input.customer.timeZone }).isValid && ['es', 'en'].includes(input.customer.locale), 'locale and time zone');
  requireUsable(!!input.policy && Array.isArray(input.policy.reminders), 'the policy');
}

/** Admission and claim, in the first task (the claim's row is the answer); false when refused (what admission took is given back). */
async function admitAndClaim(s: BookingState): Promise<boolean> {
  const { b } = s;
  let admitted = false;
  try {
    const admission = await admitBooking({
      customerId: b.customerId,
      request: { bookingId: b.id, sessionType: b.sessionType, start: b.start, acceptFee: s.input.acceptFee, policy: s.policy },
    });
    admitted = true;
    b.fee = admission.fee;
    await claimBooking({ booking: s.view(), policy: s.policy, idempotencyKey: s.input.idempotencyKey ?? null });
  } catch (err) {
    s.refusal = refusalOf(err);
    if (!s.refusal) throw err;
    if (admitted) await releaseAdmission({ customerId: b.customerId, bookingId: b.id });
    upsertSearchAttributes([{ key: BookingStatusKey, value: 'refused' }]);
    setCurrentDetails(`refused: ${s.refusal.type} (${s.refusal.message})`);
    return false;
  }
  s.refusal = null;
  return true;
}

/** Waits until `atMs`, or until something changes; true when the instant was reached. */
async function waitUntil(s: BookingState, atMs: number, summary: string): Promise<boolean> {
  s.changed = false;
  const woken = await condition(() => s.changed || s.outbox.waiting, Math.max(1, atMs - Date.now()), { summary });
  return !woken;
}

/** One turn of the main loop: wait for what comes next in the booking's status; false once it is over. */
async function turn(s: BookingState): Promise<boolean> {
  const { b } = s;
  await s.outbox.drain(); // runs begun before send here; new runs have started every send already
  if (b.status === 'scheduled') {
    const startMs = Date.parse(b.start);
    const next = s.reminders.next(startMs);
    if (!(await waitUntil(s, next.at, next.summary))) return true;
    if (Date.now() >= startMs) await s.startSession();
    else if (next.reminder) await s.reminders.fire(next.reminder, startMs);
  } else if (b.status === 'in_progress') {
    const graceEnd = instantAfter(b.end, s.policy.attendanceGrace, s.tz).toMillis();
    if (!(await waitUntil(s, graceEnd, 'wait for attendance'))) return true;
    await s.exclusive(async () => {
      if (b.status !== 'in_progress') return;
      b.status = 'unrecorded';
      await s.save();
      s.handOff('unrecorded', false);
      s.notify('attendance_unrecorded', `v${b.version}`, { audience: 'agents' });
      s.touched(true);
    });
  } else if (b.status === 'unrecorded') {
    if (await waitUntil(s, Date.now() + LATE_RECORDING_MS, 'accept a late attendance record')) return false;
  }
  return true;
}

/**
 * One booking, from its admission to its outcome, and the only writer of its read model. Its first task admits it
 * at the customer's workflow and claims the slot (the claim's row is the API's answer), or refuses, leaves nothing
 * behind and closes with the refusal.
 * It then waits for each reminder (sent beside its timers, see reminders.ts), takes reschedule, cancel and
 * attendance as Updates (booking-handlers.ts), classes late changes as no-shows and hands the customer's workflow
 * every outcome that matters to it (a strike, a paid session cancelled). Its input carries ids, the session's times,
 * the customer's locale and zone and the policy: no name, address or phone.
 */
export async function bookingWorkflow(input: BookingInput): Promise<BookingView | BookingRefused> {
  const beside = patched(SENDS_BESIDE_TIMERS);
  checkInput(input);
  const s = new BookingState(input, beside);
  setBookingHandlers(s);
  if (!(await admitAndClaim(s))) {
    await condition(allHandlersFinished);
    const { type, message, details } = s.refusal!;
    return { refused: { type: type ?? null, message, details: details ? [...details] : [] } };
  }
  s.notify('confirmation', 'v1', { guard: { bookingId: s.b.id, version: 1 } });
  s.touched();
  while (!FINAL.includes(s.b.status) && (await turn(s)));
  await s.outbox.settled();
  await condition(allHandlersFinished);
  await s.outbox.settled();
  return s.view();
}
