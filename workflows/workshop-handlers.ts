// The workshop workflow's Updates: each one a named function over WorkshopModel. Seats are serialised by the order
// in which the workshop accepts the Updates; what a change must start (messages, seats' workflows, strikes) is queued
// as a task for the main loop.
import { condition, setHandler } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { RegistrationChange, RegistrationView, WorkshopView } from '../domain/workshop';
import { workshopPolicy } from '../policy/default-policy';
import { isLateChange } from '../policy/notice';
import { reject, requireUsable } from './errors';
import { isId } from './ids';
import {
  cancelRegistrationUpdate,
  cancelWorkshopUpdate,
  createWorkshopUpdate,
  type RegisterRequest,
  registerUpdate,
  registrationAttendanceUpdate,
  type RegistrationAttendanceRequest,
  type RegistrationCancelRequest,
} from './workshop-messages';
import type { WorkshopModel } from './workshop-model';
import { freeSeat, isLive, registrationView, type SeatState, waitlist } from './workshop-state';

/** A request a workflow cannot use (sent around the API) is refused; it never fails the task. */
const usable = requireUsable;

function validateRegister(m: WorkshopModel, req: RegisterRequest): void {
  usable(typeof req === 'object' && req !== null && isId(req.registrationId) && isId(req.customerId), 'registration request');
  usable((req.locale === 'es' || req.locale === 'en') && typeof req.timeZone === 'string', 'locale or time zone');
  if (m.find(req.registrationId)) return; // the same request again
  m.assertOpen();
  if (!DateTime.local({ zone: req.timeZone }).isValid) reject('VALIDATION_FAILED', `Unknown time zone ${req.timeZone}`);
  const live = m.s.regs.find((r) => r.customerId === req.customerId && isLive(r));
  if (live) reject('ALREADY_REGISTERED', `Customer ${req.customerId} is already ${live.status} for workshop ${m.w.id}`, { registrationId: live.id });
}

/** Takes the lowest free seat, or the waitlist's last place; the same request again answers the same registration. */
async function register(m: WorkshopModel, req: RegisterRequest): Promise<RegistrationView> {
  const { s, w } = m;
  const again = m.find(req.registrationId);
  if (again) return registrationView(w, again);
  validateRegister(m, req);
  const at = m.nowIso(req.timeZone);
  const r: SeatState = {
    ...{ id: req.registrationId, customerId: req.customerId, status: 'waitlisted', seat: null, accepted: ++s.accepted, position: null },
    ...{ timeZone: req.timeZone, locale: req.locale, reminders: [], idempotencyKey: req.idempotencyKey ?? null, revision: 0, createdAt: at, updatedAt: at },
  };
  s.regs.push(r);
  const n = freeSeat(s);
  if (n !== null) m.seat(r, n);
  m.touch(r, n !== null ? 'workshop.registered' : 'workshop.waitlisted');
  await m.project();
  m.send(r, n !== null ? 'workshop_registration' : 'workshop_waitlisted');
  if (n !== null) s.tasks.push({ startSeat: r.id });
  return registrationView(w, r);
}

function validateCancel(m: WorkshopModel, req: { registrationId: string }): void {
  usable(typeof req === 'object' && req !== null && isId(req.registrationId), 'cancellation request');
  const r = m.mustFind(req.registrationId);
  if (!isLive(r)) reject('BOOKING_NOT_CHANGEABLE', `Registration ${r.id} is ${r.status}`, { status: r.status });
  if (Date.now() >= m.startMs) reject('BOOKING_NOT_CHANGEABLE', `Workshop ${m.w.id} has already started`);
}

/** Cancels a registration; a late one may count as a strike; its seat goes at once to the first on the waitlist. */
async function cancelRegistration(m: WorkshopModel, req: RegistrationCancelRequest): Promise<RegistrationChange> {
  validateCancel(m, req);
  const { s, w, policy } = m;
  const r = m.mustFind(req.registrationId);
  const seated = r.status === 'registered';
  const late = seated && req.bySupport !== true && isLateChange(Date.now(), w.start, policy, r.timeZone);
  const counted = late && workshopPolicy(policy).countsAsStrike;
  const freed = r.seat;
  r.status = 'cancelled';
  m.release(r);
  m.touch(r, 'workshop.registration_cancelled');
  const next = freed !== null ? waitlist(s)[0] : undefined;
  if (next) {
    m.seat(next, freed!); // a freed seat goes at once to the first on the waitlist
    m.touch(next, 'workshop.promoted');
  }
  await m.project();
  m.send(r, 'workshop_cancellation', { late, bySupport: req.bySupport === true, hadSeat: seated });
  if (counted) m.strike(r, 'late_cancel');
  if (next) {
    m.send(next, 'workshop_promoted');
    s.tasks.push({ startSeat: next.id });
  }
  return { registration: registrationView(w, r), late, countedAsNoShow: counted };
}

function validateAttendance(m: WorkshopModel, req: RegistrationAttendanceRequest): void {
  usable(typeof req === 'object' && req !== null && isId(req.registrationId) && (req.outcome === 'attended' || req.outcome === 'no_show'), 'attendance request');
  const r = m.mustFind(req.registrationId);
  if (r.status === req.outcome) return; // the same outcome twice is a no-op
  if (r.status !== 'registered') reject('BOOKING_NOT_CHANGEABLE', `Registration ${r.id} is ${r.status}; its attendance cannot be recorded`, { status: r.status });
  if (Date.now() < m.startMs) reject('ATTENDANCE_NOT_OPEN', `Attendance opens at the workshop's start, ${m.w.start}`);
}

/** Records a seat's attendance from the workshop's start on; a no-show may count as a strike. */
async function recordAttendance(m: WorkshopModel, req: RegistrationAttendanceRequest): Promise<RegistrationView> {
  validateAttendance(m, req);
  const r = m.mustFind(req.registrationId);
  if (r.status === req.outcome) return registrationView(m.w, r);
  r.status = req.outcome;
  for (const x of r.reminders) if (x.status === 'pending') x.status = 'skipped';
  m.touch(r);
  if (req.outcome === 'no_show' && workshopPolicy(m.policy).countsAsStrike) m.strike(r, 'no_show');
  await m.project();
  return registrationView(m.w, r);
}

function validateWorkshopCancel(m: WorkshopModel): void {
  if (m.w.status !== 'cancelled' && Date.now() >= m.startMs) reject('BOOKING_NOT_CHANGEABLE', `Workshop ${m.w.id} has already started`);
}

/** A manager cancels the workshop: every live registration is cancelled by support and told. */
async function cancelWorkshop(m: WorkshopModel): Promise<WorkshopView> {
  validateWorkshopCancel(m);
  const { w } = m;
  if (w.status === 'cancelled') return { ...w };
  w.status = 'cancelled';
  const told = m.s.regs.filter(isLive).map((r) => {
    const hadSeat = r.status === 'registered';
    r.status = 'cancelled';
    m.release(r);
    m.touch(r, 'workshop.registration_cancelled');
    return { r, hadSeat };
  });
  await m.project();
  for (const { r, hadSeat } of told) m.send(r, 'workshop_cancellation', { late: false, bySupport: true, hadSeat, workshopCancelled: true });
  return { ...w };
}

export function setWorkshopHandlers(m: WorkshopModel): void {
  setHandler(createWorkshopUpdate, async () => {
    await condition(() => m.projected > 0);
    return { ...m.w };
  });
  setHandler(registerUpdate, (req) => register(m, req), { validator: (req) => validateRegister(m, req) });
  setHandler(cancelRegistrationUpdate, (req) => cancelRegistration(m, req), { validator: (req) => validateCancel(m, req) });
  setHandler(registrationAttendanceUpdate, (req) => recordAttendance(m, req), { validator: (req) => validateAttendance(m, req) });
  setHandler(cancelWorkshopUpdate, (_req) => cancelWorkshop(m), { validator: (_req) => validateWorkshopCancel(m) });
}
