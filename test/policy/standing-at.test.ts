import { DEFAULT_POLICY } from '../../policy/default-policy';
import { standingAt } from '../../policy/standing';
import type { Standing } from '../../domain/customer';

const customer = { id: 'c1', plan: 'pro', seats: 2 };
const now = Date.parse('2026-12-01T10:00:00Z');
const strike = (expiresAt: string) => ({ at: '2026-01-01T10:00:00Z', bookingId: `b-${expiresAt}`, reason: 'no_show' as const, expiresAt });

describe('standingAt: the stored standing brought to the instant it is read', () => {
  it('a customer with nothing stored yet has a good standing on their plan', () => {
    const st = standingAt(undefined, customer, DEFAULT_POLICY, now);
    expect(st).toMatchObject({ customerId: 'c1', level: 'good', strikes: [], penalty: null, restriction: null, canBook: true });
    expect(st.channels).toContain('implementation_sessions');
  });

  it('drops a strike, a penalty and a restriction that ended while no worker ran; keeps what still holds', () => {
    const stored: Standing = {
      customerId: 'c1',
      level: 'restricted',
      strikes: [strike('2026-11-30T10:00:00Z'), strike('2027-01-01T10:00:00Z')],
      penalty: { fee: { amount: 5000, currency: 'EUR' }, earliestFreeStart: '2027-02-01T00:00:00Z' },
      restriction: { since: '2026-11-01T00:00:00Z', until: '2026-11-30T00:00:00Z', reason: 'conduct' },
      canBook: false,
      channels: ['help_centre', 'academy', 'webinars'],
    };
    const st = standingAt(stored, customer, DEFAULT_POLICY, now);
    expect(st.strikes.map((s) => s.expiresAt)).toEqual(['2027-01-01T10:00:00Z']);
    expect(st).toMatchObject({ level: 'warned', penalty: null, restriction: null, canBook: true });
    expect(st.channels).toContain('quick_assists');
  });

  it('returns the stored standing untouched when time changed nothing', () => {
    const stored: Standing = { customerId: 'c1', level: 'terminated', strikes: [], penalty: null, restriction: null, canBook: false, channels: [] };
    expect(standingAt(stored, customer, DEFAULT_POLICY, now)).toBe(stored);
  });
});
