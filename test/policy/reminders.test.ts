import { DateTime } from 'luxon';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { scheduleReminders } from '../../policy/reminders';

const due = (start: DateTime, zone: string) =>
  Object.fromEntries(scheduleReminders(DEFAULT_POLICY.reminders, start.toISO()!, zone, 0).map((r) => [r.offset, DateTime.fromISO(r.dueAt, { zone })]));

describe.each([
  ['Europe/Madrid', '2026-03-29T10:00', '2026-10-25T10:00'],
  ['America/New_York', '2026-03-08T10:00', '2026-11-01T10:00'],
])('reminders across the DST changes in %s', (zone, afterSpring, afterAutumn) => {
  it.each([afterSpring, afterAutumn])('a session at %s: "2 days before" keeps the wall clock, "24 hours before" is exact', (local) => {
    const start = DateTime.fromISO(local, { zone });
    const r = due(start, zone);
    expect(r.P2D.toFormat('HH:mm')).toBe('10:00');
    expect(r.P2D.toISODate()).toBe(start.minus({ days: 2 }).toISODate());
    expect(start.toMillis() - r.P2D.toMillis()).not.toBe(48 * 3600_000); // a DST change lies in between
    expect(start.toMillis() - r.PT24H.toMillis()).toBe(24 * 3600_000);
    expect(r.PT24H.toFormat('HH:mm')).not.toBe('10:00');
    expect(start.toMillis() - r.PT30M.toMillis()).toBe(30 * 60_000);
  });
});

it('marks reminders already past as skipped', () => {
  const start = Date.parse('2026-12-03T10:00:00Z');
  const r = scheduleReminders(DEFAULT_POLICY.reminders, new Date(start).toISOString(), 'Europe/Madrid', start - 3 * 3600_000);
  expect(r.map((x) => x.status)).toEqual(['skipped', 'skipped', 'pending', 'pending']);
  expect(r.map((x) => x.offset)).toEqual(['P2D', 'PT24H', 'PT1H', 'PT30M']);
});
