import { DateTime } from 'luxon';
import { expandWeeklyHours, type WeeklyHours } from '../../api/weekly-hours';

const base: WeeklyHours = {
  agentId: 'ag-1',
  sessionType: 'quick_assist',
  days: [1, 3],
  startTime: '09:00',
  endTime: '11:00',
  sessionMinutes: 60,
  timeZone: 'Europe/Madrid',
  from: '2027-03-22',
  weeks: 2,
};

const wall = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');

describe('expandWeeklyHours', () => {
  it('keeps wall-clock times across the spring DST change in Europe/Madrid', () => {
    const slots = expandWeeklyHours(base);
    expect(slots.map((s) => wall(s.start, base.timeZone))).toEqual([
      'Mon 2027-03-22 09:00 +01:00',
      'Mon 2027-03-22 10:00 +01:00',
      'Wed 2027-03-24 09:00 +01:00',
      'Wed 2027-03-24 10:00 +01:00',
      'Mon 2027-03-29 09:00 +02:00',
      'Mon 2027-03-29 10:00 +02:00',
      'Wed 2027-03-31 09:00 +02:00',
      'Wed 2027-03-31 10:00 +02:00',
    ]);
    expect(slots.every((s) => Date.parse(s.end) - Date.parse(s.start) === 3600_000)).toBe(true);
  });

  it('keeps wall-clock times across the autumn change in America/New_York, and only whole sessions fit', () => {
    const slots = expandWeeklyHours({ ...base, days: [7], timeZone: 'America/New_York', from: '2027-10-31', weeks: 2, startTime: '13:00', endTime: '14:50', sessionMinutes: 45 });
    expect(slots.map((s) => wall(s.start, 'America/New_York'))).toEqual([
      'Sun 2027-10-31 13:00 -04:00',
      'Sun 2027-10-31 13:45 -04:00',
      'Sun 2027-11-07 13:00 -05:00',
      'Sun 2027-11-07 13:45 -05:00',
    ]);
  });

  it('gives nothing when no day is chosen or the window is shorter than a session', () => {
    expect(expandWeeklyHours({ ...base, days: [] })).toEqual([]);
    expect(expandWeeklyHours({ ...base, endTime: '09:30' })).toEqual([]);
  });
});
