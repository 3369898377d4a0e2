import { DateTime, Duration } from 'luxon';

/**
 * Moves an instant by an ISO-8601 duration the way the terms mean it: day, week, month and year parts are
 * calendar durations in the customer's time zone ("P2D" before 10:00 is 10:00 two calendar days earlier, even
 * across a DST change); hour, minute and second parts are exact.
 */
export function shiftInstant(instant: string | number, duration: string, timeZone: string, sign: 1 | -1): DateTime {
  const d = Duration.fromISO(duration);
  if (!d.isValid) throw new RangeError(`not an ISO-8601 duration: ${duration}`);
  const start = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone: timeZone }) : DateTime.fromISO(instant, { zone: timeZone });
  const calendar = { years: d.years, months: d.months, weeks: d.weeks, days: d.days };
  const exactMs = Duration.fromObject({ hours: d.hours, minutes: d.minutes, seconds: d.seconds, milliseconds: d.milliseconds }).toMillis();
  return sign === 1 ? start.plus(calendar).plus(exactMs) : start.minus(calendar).minus(exactMs);
}

export const instantBefore = (instant: string | number, duration: string, timeZone: string): DateTime =>
  shiftInstant(instant, duration, timeZone, -1);

export const instantAfter = (instant: string | number, duration: string, timeZone: string): DateTime =>
  shiftInstant(instant, duration, timeZone, 1);

/** An ISO-8601 string with the offset of the given zone. */
export const isoInZone = (ms: number, timeZone: string): string => DateTime.fromMillis(ms, { zone: timeZone }).toISO()!;
