// A customer's standing from its facts: the level the sanction ladder, the penalty, a restriction or a termination
// give, and the channels that leaves. Pure: the read path uses it to bring a stored standing up to the instant it
// is read (a strike that expired, a restriction or an embargo that ended while no worker ran).
import type { Standing, StandingLevel, Strike } from '../domain/customer';
import { entitledChannels, ONE_TO_ONE, SELF_SERVICE } from './entitlements';
import { consequenceAt } from './sanctions';
import type { Policy } from './types';

export interface StandingFacts {
  customerId: string;
  strikes: Strike[];
  /** The penalty while it is in force (not used, embargo not over). */
  penalty: Standing['penalty'];
  restriction: Standing['restriction'];
  terminated: boolean;
  plan: string | null;
  seats: number;
}

export function standingOf(f: StandingFacts, policy: Policy): Standing {
  const count = f.strikes.length;
  const level: StandingLevel = f.terminated
    ? 'terminated'
    : f.restriction
      ? 'restricted'
      : consequenceAt(count, policy) === 'reduced_support'
        ? 'reduced'
        : f.penalty
          ? 'penalty'
          : count >= policy.sanctions.warningAt
            ? 'warned'
            : 'good';
  let channels = f.plan !== null ? entitledChannels(policy, f.plan, f.seats) : [];
  if (level === 'terminated') channels = [];
  else if (level === 'restricted') channels = channels.filter((c) => SELF_SERVICE.includes(c));
  else if (level === 'reduced') channels = channels.filter((c) => !ONE_TO_ONE.includes(c));
  return {
    customerId: f.customerId,
    level,
    strikes: f.strikes.map((s) => ({ ...s })),
    penalty: f.penalty,
    restriction: f.restriction,
    canBook: !['terminated', 'restricted', 'reduced'].includes(level),
    channels,
  };
}

/**
 * The standing at `now` from the one the customer's workflow last stored (none yet: a good standing on the plan).
 * What time alone changes is applied here, exactly as the workflow applies it when its timer fires.
 */
export function standingAt(stored: Standing | undefined, customer: { id: string; plan: string; seats: number }, policy: Policy, now: number): Standing {
  if (!stored) return standingOf({ customerId: customer.id, strikes: [], penalty: null, restriction: null, terminated: false, plan: customer.plan, seats: customer.seats }, policy);
  const strikes = stored.strikes.filter((s) => Date.parse(s.expiresAt) > now);
  const restriction = stored.restriction?.until && Date.parse(stored.restriction.until) <= now ? null : stored.restriction;
  const penaltyOver = stored.penalty !== null && (Date.parse(stored.penalty.earliestFreeStart) <= now || strikes.length < policy.sanctions.penaltyAt);
  if (strikes.length === stored.strikes.length && restriction === stored.restriction && !penaltyOver) return stored;
  return standingOf(
    { customerId: stored.customerId, strikes, penalty: penaltyOver ? null : stored.penalty, restriction, terminated: stored.level === 'terminated', plan: customer.plan, seats: customer.seats },
    policy,
  );
}
