import { DEFAULT_POLICY } from '../../policy/default-policy';
import { entitledChannels } from '../../policy/entitlements';
import { canBookAt, channelsAt, feeDue, noticeAfterStrike, penaltyAfterStrike, planIncludes, standingLevel, strikeReason } from '../../policy/standing';

const P = DEFAULT_POLICY;
const facts = (f: Partial<Parameters<typeof standingLevel>[0]> = {}) => ({ strikes: 0, terminated: false, restricted: false, penaltyInForce: false, ...f });

describe('standing rules (policy/standing.ts)', () => {
  it('levels: good, warned, penalty, reduced; a restriction and a termination override the ladder', () => {
    expect(standingLevel(facts(), P)).toBe('good');
    expect(standingLevel(facts({ strikes: 1 }), P)).toBe('warned');
    expect(standingLevel(facts({ strikes: 2, penaltyInForce: true }), P)).toBe('penalty');
    expect(standingLevel(facts({ strikes: 2 }), P)).toBe('warned'); // the pass used or its date passed
    expect(standingLevel(facts({ strikes: 3 }), P)).toBe('reduced');
    expect(standingLevel(facts({ strikes: 3, restricted: true }), P)).toBe('restricted');
    expect(standingLevel(facts({ restricted: true, terminated: true }), P)).toBe('terminated');
    expect(['good', 'warned', 'penalty'].every((l) => canBookAt(l as never))).toBe(true);
    expect(['reduced', 'restricted', 'terminated'].some((l) => canBookAt(l as never))).toBe(false);
  });

  it('channels by level: reduced loses 1:1 sessions, restricted keeps self-service, terminated keeps nothing', () => {
    const plan = { plan: 'business', seats: 1 };
    const all = channelsAt('good', P, plan);
    expect(all).toContain('implementation_sessions');
    expect(channelsAt('reduced', P, plan)).not.toContain('implementation_sessions');
    expect(channelsAt('reduced', P, plan)).not.toContain('quick_assists');
    expect(channelsAt('restricted', P, plan).every((c) => ['help_centre', 'academy', 'webinars'].includes(c))).toBe(true);
    expect(channelsAt('terminated', P, plan)).toEqual([]);
    expect(channelsAt('good', P, null)).toEqual([]);
  });

  it('a client string that is no plan (prototype names included) gives no channels and includes no session type', () => {
    for (const plan of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'nope']) {
      expect(entitledChannels(P, plan, 1)).toEqual([]);
      expect(channelsAt('good', P, { plan, seats: 1 })).toEqual([]);
      expect(planIncludes(P, { plan, seats: 1 }, 'implementation')).toBe(false);
    }
    expect(planIncludes(P, { plan: 'business', seats: 1 }, 'toString' as never)).toBe(false);
  });

  it('strike reasons come from a closed set', () => {
    expect(strikeReason('no_show')).toBe('no_show');
    expect(strikeReason('late_reschedule')).toBe('late_reschedule');
    expect(strikeReason('toString')).toBeUndefined();
    expect(strikeReason('cancelled')).toBeUndefined();
  });

  it('the penalty comes at penaltyAt, from the strike, for the embargo in the customer zone; none from reduced support on', () => {
    const at = '2026-03-01T10:00:00.000Z';
    const p = penaltyAfterStrike(P.sanctions.penaltyAt, at, P, 'Europe/Madrid')!;
    expect(p.fee).toEqual(P.sanctions.penaltyFee);
    expect(p.earliestFreeStart).toBe('2026-09-01T11:00:00.000+02:00'); // 11:00 in Madrid (CET) + 6 calendar months: 11:00 CEST
    expect(penaltyAfterStrike(P.sanctions.penaltyAt - 1, at, P, 'UTC')).toBeNull();
    expect(penaltyAfterStrike(P.sanctions.reducedSupportAt, at, P, 'UTC')).toBeNull();
  });

  it('the notice of each strike', () => {
    expect(noticeAfterStrike(1, P)).toBe('no_show_warning');
    expect(noticeAfterStrike(2, P)).toBe('penalty_notice');
    expect(noticeAfterStrike(3, P)).toBe('reduced_support_notice');
    expect(noticeAfterStrike(0, P)).toBeNull();
  });

  it('the fee is due before the fee-free date while the pass is unused, and never twice for one booking', () => {
    const base = { penaltyInForce: true, earliestFreeStart: '2026-06-01T00:00:00Z', paidAlready: false };
    expect(feeDue({ ...base, start: '2026-05-01T00:00:00Z' })).toBe(true);
    expect(feeDue({ ...base, start: '2026-07-01T00:00:00Z' })).toBe(false);
    expect(feeDue({ ...base, start: '2026-05-01T00:00:00Z', paidAlready: true })).toBe(false);
    expect(feeDue({ ...base, start: '2026-05-01T00:00:00Z', penaltyInForce: false })).toBe(false);
  });
});
