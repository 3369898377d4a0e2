import { DateTime } from 'luxon';
import { addWorkingTime, slaClock } from '../../policy/business-hours';
import { DEFAULT_INBOX } from '../../policy/default-policy';
import type { BusinessHours } from '../../policy/types';

const weekdays = (tz: string, holidays: string[] = []): BusinessHours => {
  const day: [string, string][] = [['09:00', '18:00']];
  return { timeZone: tz, days: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays };
};
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("cccc yyyy-MM-dd'T'HH:mm ZZ");
const H = 3600_000;

describe('addWorkingTime', () => {
  it('a message on Friday evening is due on Monday, across the end of summer time (Europe/Madrid)', () => {
    // Friday 2026-10-23 19:30 (+02:00); the clocks go back on Sunday 25 October; Monday is +01:00.
    const due = addWorkingTime(at('2026-10-23T19:30', 'Europe/Madrid'), 4 * H, weekdays('Europe/Madrid'));
    expect(local(due, 'Europe/Madrid')).toBe('Monday 2026-10-26T13:00 +01:00');
    expect(new Date(due).toISOString()).toBe('2026-10-26T12:00:00.000Z');
  });

  it('a message on Friday evening is due on Monday, across the start of summer time (America/New_York)', () => {
    // Friday 2026-03-06 20:00 (-05:00); the clocks go forward on Sunday 8 March; Monday is -04:00.
    const due = addWorkingTime(at('2026-03-06T20:00', 'America/New_York'), 2 * H, weekdays('America/New_York'));
    expect(local(due, 'America/New_York')).toBe('Monday 2026-03-09T11:00 -04:00');
  });

  it('counts what is left of Friday, skips the weekend and a holiday Monday', () => {
    const hours = weekdays('Europe/Madrid', ['2026-12-28']);
    // Friday 2026-12-25 17:00 → 1 h left on Friday, Monday is a holiday, 3 h more on Tuesday.
    const due = addWorkingTime(at('2026-12-25T17:00', 'Europe/Madrid'), 4 * H, hours);
    expect(local(due, 'Europe/Madrid')).toBe('Tuesday 2026-12-29T12:00 +01:00');
  });

  it('24 working hours span several working days; several intervals a day count one after another', () => {
    const split: BusinessHours = { timeZone: 'Europe/Madrid', days: { mon: [['14:00', '18:00'], ['09:00', '13:00']], tue: [['09:00', '13:00']] }, holidays: [] };
    expect(local(addWorkingTime(at('2026-11-30T08:00', 'Europe/Madrid'), 6 * H, split), 'Europe/Madrid')).toBe('Monday 2026-11-30T16:00 +01:00');
    expect(local(addWorkingTime(at('2026-11-30T10:00', 'Europe/Madrid'), 24 * H, weekdays('Europe/Madrid')), 'Europe/Madrid')).toBe('Wednesday 2026-12-02T16:00 +01:00');
  });

  it('zero lands on the next working instant; hours until 24:00 count to midnight', () => {
    expect(local(addWorkingTime(at('2026-12-05T12:00', 'Europe/Madrid'), 0, weekdays('Europe/Madrid')), 'Europe/Madrid')).toBe('Monday 2026-12-07T09:00 +01:00');
    const late: BusinessHours = { timeZone: 'UTC', days: { mon: [['20:00', '24:00']] }, holidays: [] };
    expect(new Date(addWorkingTime(Date.parse('2026-11-30T21:00Z'), 3 * H, late)).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('hours with no working time at all are refused, not looped over for ever', () => {
    expect(() => addWorkingTime(0, H, { timeZone: 'UTC', days: {}, holidays: [] })).toThrow(RangeError);
  });
});

describe('slaClock', () => {
  it('calendar time: due firstReply (or nextReply) after the message, warned warnBefore before', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(slaClock(now, DEFAULT_INBOX, true, 'Europe/Madrid')).toEqual({ dueAtMs: now + 24 * H, warnAtMs: now + 20 * H });
    const quick = { ...DEFAULT_INBOX, nextReply: 'PT2H', warnBefore: 'PT4H' };
    expect(slaClock(now, quick, false, 'Europe/Madrid')).toEqual({ dueAtMs: now + 2 * H, warnAtMs: now });
  });

  it('business hours: the warning counts in working time too', () => {
    const inbox = { ...DEFAULT_INBOX, firstReply: 'PT8H', warnBefore: 'PT2H', businessHours: weekdays('Europe/Madrid') };
    const clock = slaClock(at('2026-10-23T14:00', 'Europe/Madrid'), inbox, true, 'Europe/Madrid');
    expect(local(clock.warnAtMs, 'Europe/Madrid')).toBe('Monday 2026-10-26T11:00 +01:00');
    expect(local(clock.dueAtMs, 'Europe/Madrid')).toBe('Monday 2026-10-26T13:00 +01:00');
  });
});
