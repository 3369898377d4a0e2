// A customer workflow's state: JSON-plain, carried across continue-as-new, and read back from what runs begun before
// carried or sent. No profile texts and no free texts: the plan, seats and time zone the rules need, and report ids.
// The steps that change it are CustomerModel's (customer-model.ts).
import type { NotificationKind } from '../domain/notification';
import type { CustomerTerms, Strike } from '../domain/customer';
import type { Money, Policy } from '../policy/types';
import type { Admission } from './customer-messages';

/** What an admission took: its fee, and for a reschedule what it replaced (given back if the move is refused). */
export interface AdmissionRecord extends Admission {
  start?: string;
  tookPenalty?: boolean;
  previous?: { fee: Money | null; start?: string };
}

export interface CustomerState {
  /** Only what the rules need of the profile (never a name, address or phone). */
  profile: CustomerTerms | null;
  policy: Policy;
  strikes: Strike[];
  /** Hand-off event ids already applied (those of the strike window suffice to de-duplicate retries). */
  seen: { id: string; at: string }[];
  /** At penaltyAt: the next session before `earliestFreeStart` carries `fee`; `usedBy` is the booking that paid it. */
  penalty: { fee: Money; earliestFreeStart: string; usedBy: string | null } | null;
  restriction: { since: string; until: string | null; reason: string } | null;
  terminated: { at: string; by: string } | null;
  /** Admissions of bookings that have not started yet (pruned after their start). */
  admissions: Record<string, AdmissionRecord>;
  /** Open conduct reports, by id; the texts and every decision live in PostgreSQL. */
  reports: { reportId: string; bookingId?: string; status: 'open'; openedAt: string }[];
  /** Fenced changes (a strike, a restriction) applied but not yet in a stored standing: its projection deletes their fences. */
  absorbed?: string[];
}

export type CustomerMessage = { kind: NotificationKind; occasion: string; facts?: Record<string, string | number | boolean | null | Money> };

/** The state carried by a run begun before, without the texts it used to hold. */
export function fromCarried(raw: Record<string, unknown>, policy: Policy): CustomerState {
  const r = raw as Partial<CustomerState> & { profile?: (CustomerTerms & Record<string, unknown>) | null; reports?: { reportId: string; bookingId?: string; status: string; openedAt: string }[] };
  const p = r.profile;
  return {
    profile: p ? { plan: String(p.plan), seats: Number(p.seats), timeZone: String(p.timeZone) } : null,
    policy: r.policy ?? policy,
    strikes: r.strikes ?? [],
    seen: r.seen ?? [],
    penalty: r.penalty ?? null,
    restriction: r.restriction ? { since: r.restriction.since, until: r.restriction.until, reason: 'conduct' } : null,
    terminated: r.terminated ? { at: r.terminated.at, by: r.terminated.by } : null,
    admissions: r.admissions ?? {},
    reports: (r.reports ?? []).filter((x) => x.status === 'open').map((x) => ({ reportId: x.reportId, bookingId: x.bookingId, status: 'open' as const, openedAt: x.openedAt })),
    ...(Array.isArray(r.absorbed) ? { absorbed: r.absorbed.filter((x) => typeof x === 'string') } : {}),
  };
}

/** The profile terms of a profile signal, whatever it carried (runs begun before sent the whole profile). */
export const termsOf = (p: unknown): CustomerTerms | null => {
  const o = p as Partial<CustomerTerms> | null | undefined;
  if (!o || typeof o.plan !== 'string' || typeof o.seats !== 'number' || typeof o.timeZone !== 'string') return null;
  return { plan: o.plan, seats: o.seats, timeZone: o.timeZone };
};
