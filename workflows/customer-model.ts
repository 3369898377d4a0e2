// A customer workflow's model: its state (customer-state.ts) and the named steps that change it. The rules themselves
// are in policy/standing.ts; the handlers (customer-handlers.ts) and the loop (customer.ts) call these.
import { log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Standing } from '../domain/customer';
import { instantAfter } from '../policy/durations';
import { feeDue, noticeAfterStrike, penaltyAfterStrike, planIncludes, standingOf, strikeReason } from '../policy/standing';
import { SESSION_TYPES, type Policy } from '../policy/types';
import { ADMISSION_FENCE, type Admission, type AdmissionRequest, type BookingOutcome } from './customer-messages';
import type { CustomerMessage, CustomerState } from './customer-state';
import { reject } from './errors';
import { Outbox, sendMessage } from './messages';

// Regular activities, not local ones: a local activity started from a signal handler beside the main loop's failed a
// cold replay here ("Missing associated machine for LocalActivity"), and this workflow is off the booking's hot path.
export const { terminateSubscription, saveStanding, recordCharge, voidCharge } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** How long after a session's start its admission is kept (a retried hand-off or admission may still come). */
const ADMISSION_KEPT_MS = 7 * 24 * 3600_000;

export class CustomerModel {
  changed = true;
  readonly outbox: Outbox<CustomerMessage>;

  constructor(
    readonly customerId: string,
    readonly s: CustomerState,
    beside: boolean,
  ) {
    const key = (m: CustomerMessage) => `${workflowInfo().workflowId}:${m.kind}:${m.occasion}`;
    this.outbox = new Outbox<CustomerMessage>(
      async (m) => {
        if (this.s.profile) await sendMessage({ key: key(m), kind: m.kind, channel: 'email', customerId, facts: m.facts }, { inlineFallback: !beside });
      },
      beside,
    );
  }

  nowIso = (): string => new Date(Date.now()).toISOString();
  tz = (): string => this.s.profile?.timeZone ?? this.s.policy.defaultTimeZone;
  touch = (): void => {
    this.changed = true;
  };

  penaltyInForce(): boolean {
    const p = this.s.penalty;
    return p !== null && p.usedBy === null && Date.now() < Date.parse(p.earliestFreeStart);
  }

  standing(): Standing {
    const { s } = this;
    const facts = { strikes: s.strikes.length, terminated: s.terminated !== null, restricted: s.restriction !== null, penaltyInForce: this.penaltyInForce() };
    const penalty = s.penalty ? { fee: s.penalty.fee, earliestFreeStart: s.penalty.earliestFreeStart } : null;
    return standingOf(this.customerId, { ...facts, strikeList: s.strikes, penalty, restriction: s.restriction }, s.policy, s.profile);
  }

  /**
   * A fenced change (its id) is in the state now: the next stored standing includes it and deletes its fence
   * (db/standings.ts). Runs begun before replay without it.
   */
  absorb(eventId: string): void {
    if (!patched(ADMISSION_FENCE)) return;
    this.s.absorbed = [...(this.s.absorbed ?? []), eventId];
    this.touch();
  }

  /** A booking's outcome (de-duplicated by event id): a strike, its penalty and notice; a paid session cancelled in time. */
  applyOutcome(o: BookingOutcome): void {
    const { s } = this;
    if (!o || typeof o.eventId !== 'string' || typeof o.bookingId !== 'string' || !Number.isFinite(Date.parse(o.at))) {
      log.warn('unusable booking outcome ignored', { customerId: this.customerId });
      return;
    }
    if (o.countsAsStrike === true) this.absorb(o.eventId); // a retried hand-off too: its fence goes all the same
    if (s.seen.some((e) => e.id === o.eventId)) return; // a retried hand-off
    s.seen.push({ id: o.eventId, at: o.at });
    const reason = strikeReason(o.kind);
    const policy = o.policy ?? s.policy;
    if (o.countsAsStrike && reason) {
      s.strikes.push({ at: o.at, bookingId: o.bookingId, reason, expiresAt: instantAfter(o.at, policy.strikeWindow, this.tz()).toISO()! });
      const count = s.strikes.length;
      const penalty = penaltyAfterStrike(count, o.at, policy, this.tz());
      if (penalty) s.penalty = { ...penalty, usedBy: null };
      const notice = noticeAfterStrike(count, policy);
      const facts = notice === 'penalty_notice' && s.penalty ? { fee: policy.sanctions.penaltyFee, earliestFreeStart: s.penalty.earliestFreeStart } : undefined;
      if (notice) this.outbox.push({ kind: notice, occasion: o.eventId, facts });
    }
    // A fee-carrying session cancelled in time gives the penalty back, and its charge is void.
    if ((o.kind === 'cancelled' || o.kind === 'cancelled_by_support') && s.penalty?.usedBy === o.bookingId) {
      s.penalty.usedBy = null;
      this.outbox.push({ kind: 'penalty_notice', occasion: `restored:${o.eventId}` });
      this.outbox.track(voidCharge({ bookingId: o.bookingId }));
    }
    if (o.kind !== 'late_reschedule') delete s.admissions[o.bookingId]; // the booking has ended
    this.touch();
  }

  validateAdmission(req: AdmissionRequest): void {
    const { s } = this;
    if (!req || typeof req.bookingId !== 'string' || !SESSION_TYPES.includes(req.sessionType) || !Number.isFinite(Date.parse(req.start))) {
      reject('VALIDATION_FAILED', 'An admission needs a booking id, a session type and a start');
    }
    if (!req.rescheduleOf && Object.hasOwn(s.admissions, req.bookingId)) return;
    const level = this.standing().level;
    if (s.terminated) reject('SUPPORT_RESTRICTED', 'The subscription has ended', { until: null });
    if (s.restriction) reject('SUPPORT_RESTRICTED', 'Support is restricted', { until: s.restriction.until });
    if (level === 'reduced') reject('REDUCED_SUPPORT', '1:1 sessions cannot be booked while support is reduced');
    if (s.profile && !planIncludes(s.policy, s.profile, req.sessionType)) {
      reject('SESSION_TYPE_NOT_INCLUDED', `The ${s.profile.plan} plan does not include ${req.sessionType} sessions`);
    }
    if (this.feeDueFor(req) && !req.acceptFee) {
      reject('PENALTY_APPLIES', 'This session carries a fee or must start later', { earliestFreeStart: s.penalty!.earliestFreeStart, fee: s.penalty!.fee });
    }
  }

  private feeDueFor(req: AdmissionRequest): boolean {
    const paidAlready = req.rescheduleOf !== undefined && this.s.penalty?.usedBy === req.rescheduleOf;
    return feeDue({ penaltyInForce: this.penaltyInForce(), earliestFreeStart: this.s.penalty?.earliestFreeStart ?? null, start: req.start, paidAlready });
  }

  /** Admits a booking or a reschedule; the fee (if due) is reserved before any await. */
  async admit(req: AdmissionRequest, policy: Policy): Promise<Admission> {
    const { s } = this;
    s.policy = policy;
    const existing = Object.hasOwn(s.admissions, req.bookingId) ? s.admissions[req.bookingId] : undefined;
    if (existing && !req.rescheduleOf) return { bookingId: existing.bookingId, fee: existing.fee };
    this.validateAdmission(req);
    const needsFee = this.feeDueFor(req);
    // Reserved before any await: a second admission running meanwhile sees the free pass used.
    if (needsFee) s.penalty!.usedBy = req.bookingId;
    const admission: Admission = { bookingId: req.bookingId, fee: needsFee ? s.penalty!.fee : (existing?.fee ?? null) };
    s.admissions[req.bookingId] = { ...admission, start: req.start, tookPenalty: needsFee, previous: existing ? { fee: existing.fee, start: existing.start } : undefined };
    this.touch();
    if (needsFee) await recordCharge({ customerId: this.customerId, bookingId: req.bookingId, fee: admission.fee! });
    return admission;
  }

  /**
   * The admitted booking (or, with `start`, its move to that start) was not made after all: give back what the
   * admission took — the fee-carrying pass and its charge — and, for a move, the admission it replaced.
   */
  release({ bookingId, start }: { bookingId: string; start?: string }): void {
    const { s } = this;
    const a = Object.hasOwn(s.admissions, bookingId) ? s.admissions[bookingId] : undefined;
    if (start !== undefined && a?.start !== start) return; // that move's admission no longer stands
    const tookPenalty = start === undefined || a?.tookPenalty === true;
    if (start !== undefined && a?.previous) s.admissions[bookingId] = { bookingId, fee: a.previous.fee, start: a.previous.start };
    else delete s.admissions[bookingId];
    if (tookPenalty && s.penalty?.usedBy === bookingId) {
      s.penalty.usedBy = null;
      this.outbox.track(voidCharge({ bookingId }));
    }
    this.touch();
  }

  /** Time alone changes the standing: strikes expire, a restriction ends; admissions of past sessions are dropped. */
  expire(): void {
    const { s } = this;
    const now = Date.now();
    const before = s.strikes.length;
    s.strikes = s.strikes.filter((x) => Date.parse(x.expiresAt) > now);
    if (s.strikes.length !== before) {
      this.changed = true;
      if (s.penalty && s.strikes.length < s.policy.sanctions.penaltyAt) s.penalty = null;
    }
    if (s.restriction?.until && Date.parse(s.restriction.until) <= now) {
      s.restriction = null;
      this.outbox.push({ kind: 'restriction_lifted', occasion: `expired:${new Date(now).toISOString()}` });
      this.changed = true;
    }
    const oldest = now - 400 * 24 * 3600 * 1000;
    s.seen = s.seen.filter((e) => Date.parse(e.at) > oldest);
    for (const [id, a] of Object.entries(s.admissions)) {
      // Admissions carried from runs begun before have no start: they are kept for ADMISSION_KEPT_MS more.
      if (a.start === undefined) s.admissions[id] = { ...a, start: new Date(now + ADMISSION_KEPT_MS).toISOString() };
      else if (Date.parse(a.start) + ADMISSION_KEPT_MS < now) delete s.admissions[id];
    }
  }

  /** The next instant at which time alone changes the standing: a strike expires, a restriction ends. */
  nextDeadline(): number {
    const { s } = this;
    const times = s.strikes.map((x) => Date.parse(x.expiresAt));
    if (s.restriction?.until) times.push(Date.parse(s.restriction.until));
    if (this.penaltyInForce()) times.push(Date.parse(s.penalty!.earliestFreeStart));
    return times.length ? Math.min(...times) : Infinity;
  }
}
