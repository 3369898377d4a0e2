// The standing rules, written once and pure (no I/O, no clock of their own): what level a customer is at, which
// channels that leaves them, when a strike brings a penalty and which notice it sends, when an admission carries the
// fee. The customer's workflow applies them; tests call them directly (test/policy/standing.test.ts).
import type { Standing, StandingLevel, StrikeReason } from '../domain/customer';
import { instantAfter } from './durations';
import { entitledChannels, includesSessionType, ONE_TO_ONE, SELF_SERVICE } from './entitlements';
import { consequenceAt } from './sanctions';
import type { Money, Policy, SessionType, SupportChannel } from './types';

export interface StandingFacts {
  strikes: number;
  terminated: boolean;
  restricted: boolean;
  /** A penalty whose fee-free date has not come and whose one fee-carrying session is not used. */
  penaltyInForce: boolean;
}

/** The level the facts put a customer at (CONTRACT §5 `level`). */
export function standingLevel(f: StandingFacts, policy: Policy): StandingLevel {
  if (f.terminated) return 'terminated';
  if (f.restricted) return 'restricted';
  if (consequenceAt(f.strikes, policy) === 'reduced_support') return 'reduced';
  if (f.penaltyInForce) return 'penalty';
  return f.strikes >= policy.sanctions.warningAt ? 'warned' : 'good';
}

/** The channels a customer at `level` keeps of what their plan includes (an unknown plan includes nothing). */
export function channelsAt(level: StandingLevel, policy: Policy, plan: { plan: string; seats: number } | null): SupportChannel[] {
  const all = plan ? entitledChannels(policy, plan.plan, plan.seats) : [];
  if (level === 'terminated') return [];
  if (level === 'restricted') return all.filter((c) => SELF_SERVICE.includes(c));
  if (level === 'reduced') return all.filter((c) => !ONE_TO_ONE.includes(c));
  return all;
}

export const canBookAt = (level: StandingLevel): boolean => !['terminated', 'restricted', 'reduced'].includes(level);

/** Whether the plan includes sessions of this type (an unknown plan or type includes none). */
export const planIncludes = (policy: Policy, plan: { plan: string; seats: number }, type: SessionType): boolean =>
  includesSessionType(entitledChannels(policy, plan.plan, plan.seats), type);

const REASONS: ReadonlyMap<string, StrikeReason> = new Map([
  ['no_show', 'no_show'],
  ['late_cancel', 'late_cancel'],
  ['late_reschedule', 'late_reschedule'],
  ['unresponsive', 'unresponsive'],
]);
/** The strike reason of a booking outcome, if that outcome can be a strike. */
export const strikeReason = (kind: string): StrikeReason | undefined => REASONS.get(kind);

/** The penalty the `count`-th strike (at `at`) brings: from penaltyAt up to (not including) reduced support. */
export function penaltyAfterStrike(count: number, at: string, policy: Policy, timeZone: string): { fee: Money; earliestFreeStart: string } | null {
  const sn = policy.sanctions;
  if (count < sn.penaltyAt || count >= sn.reducedSupportAt) return null;
  return { fee: sn.penaltyFee, earliestFreeStart: instantAfter(at, sn.penaltyEmbargo, timeZone).toISO()! };
}

export type StrikeNotice = 'reduced_support_notice' | 'penalty_notice' | 'no_show_warning';
/** The message the `count`-th strike sends, if any. */
export function noticeAfterStrike(count: number, policy: Policy): StrikeNotice | null {
  if (count === policy.sanctions.reducedSupportAt) return 'reduced_support_notice';
  const rung = consequenceAt(count, policy);
  if (rung === 'penalty') return 'penalty_notice';
  if (rung === 'warning') return 'no_show_warning';
  return null;
}

/** Whether a session starting at `start` carries the fee: a penalty in force, before its fee-free date, not paid already. */
export const feeDue = (p: { penaltyInForce: boolean; earliestFreeStart: string | null; start: string; paidAlready: boolean }): boolean =>
  !p.paidAlready && p.penaltyInForce && p.earliestFreeStart !== null && Date.parse(p.start) < Date.parse(p.earliestFreeStart);

/** The standing as CONTRACT §5 shows it. */
export function standingOf(
  customerId: string,
  f: StandingFacts & { strikeList: Standing['strikes']; penalty: Standing['penalty']; restriction: Standing['restriction'] },
  policy: Policy,
  plan: { plan: string; seats: number } | null,
): Standing {
  const level = standingLevel(f, policy);
  return {
    customerId,
    level,
    strikes: f.strikeList.map((x) => ({ ...x })),
    penalty: f.penaltyInForce ? f.penalty : null,
    restriction: f.restriction ? { ...f.restriction } : null,
    canBook: canBookAt(level),
    channels: channelsAt(level, policy, plan),
  };
}

/**
 * The standing at `now` from the one the customer's workflow last stored (none yet: a good standing on the plan), so
 * that reads need no worker. What time alone changes (a strike expires, a restriction or an embargo ends) is applied
 * here exactly as the workflow applies it when its timer fires.
 */
export function standingAt(stored: Standing | undefined, customer: { id: string; plan: string; seats: number }, policy: Policy, now: number): Standing {
  const plan = { plan: customer.plan, seats: customer.seats };
  if (!stored) {
    return standingOf(customer.id, { strikes: 0, terminated: false, restricted: false, penaltyInForce: false, strikeList: [], penalty: null, restriction: null }, policy, plan);
  }
  const strikeList = stored.strikes.filter((s) => Date.parse(s.expiresAt) > now);
  const restriction = stored.restriction?.until && Date.parse(stored.restriction.until) <= now ? null : stored.restriction;
  const penaltyOver = stored.penalty !== null && (Date.parse(stored.penalty.earliestFreeStart) <= now || strikeList.length < policy.sanctions.penaltyAt);
  if (strikeList.length === stored.strikes.length && restriction === stored.restriction && !penaltyOver) return stored;
  const facts = { strikes: strikeList.length, terminated: stored.level === 'terminated', restricted: restriction !== null, penaltyInForce: stored.penalty !== null && !penaltyOver };
  return standingOf(stored.customerId, { ...facts, strikeList, penalty: stored.penalty, restriction }, policy, plan);
}

/**
 * Whether a new booking would be admitted taking nothing, on a standing as it stands at the booking's admission: the
 * customer may book, the plan includes the type, and no fee is due. The same rules the customer's workflow applies
 * when its `admit` Update decides (which it still does for anything else: a fee, a refusal, a move).
 */
export function admissionClearAt(st: Standing, plan: { plan: string; seats: number }, policy: Policy, req: { sessionType: SessionType; start: string }): boolean {
  if (!st.canBook || !planIncludes(policy, plan, req.sessionType)) return false;
  return !feeDue({ penaltyInForce: st.penalty !== null, earliestFreeStart: st.penalty?.earliestFreeStart ?? null, start: req.start, paidAlready: false });
}

/** A short fingerprint of a policy's content (FNV-1a over its JSON): the customer's workflow and a booking hold the same policy. */
export function policyFingerprint(policy: Policy): string {
  const text = JSON.stringify(policy);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length.toString(16)}-${h.toString(16).padStart(8, '0')}`;
}
