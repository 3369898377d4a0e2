import { DateTime, Duration } from 'luxon';
import type { BusinessHours, InboxPolicy, Weekday } from './types';
import { instantAfter } from './durations';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Beyond this many days without a working minute the hours are unusable (every day a holiday, no hours at all). */
const MAX_DAYS = 3700;

/** A local "HH:mm" of a local date in `zone`; a time that a DST change skips moves forward, as luxon does. */
const localTime = (day: DateTime, hhmm: string): DateTime => {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day');
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: day.zoneName! });
};

/** The working intervals of one local date, as epoch ms, in order. */
function intervalsOf(day: DateTime, hours: BusinessHours): [number, number][] {
  if (hours.holidays.includes(day.toISODate()!)) return [];
  const ranges = hours.days[WEEKDAYS[day.weekday - 1]] ?? [];
  return ranges
    .map(([from, to]) => [localTime(day, from).toMillis(), localTime(day, to).toMillis()] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/**
 * The instant after `workingMs` of working time counted from `fromMs`, in the hours' zone: only the days' intervals
 * count, holidays (local dates) count nothing. Intervals are local wall-clock times, so a DST change moves their
 * instants with the zone. A start outside the hours counts from the next interval; zero lands on the next working
 * instant. Throws a RangeError when no working time exists within ten years.
 */
export function addWorkingTime(fromMs: number, workingMs: number, hours: BusinessHours): number {
  let remaining = Math.max(0, workingMs);
  let day = DateTime.fromMillis(fromMs, { zone: hours.timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`unknown time zone ${hours.timeZone}`);
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const [start, end] of intervalsOf(day, hours)) {
      const from = Math.max(start, fromMs);
      if (from >= end) continue;
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
  }
  throw new RangeError('the business hours have no working time within ten years');
}

/** An ISO-8601 duration as exact milliseconds of working time ("P1D" is 24 working hours). */
const workingMsOf = (duration: string) => Duration.fromISO(duration).as('milliseconds');

/**
 * The clock of one customer message received at `atMs`: when the answer is due and when the agents are warned
 * (`warnBefore` before it, counted in the same time: calendar or working). `first` is the conversation's first message.
 */
export function slaClock(atMs: number, inbox: InboxPolicy, first: boolean, timeZone: string): { dueAtMs: number; warnAtMs: number } {
  const target = first ? inbox.firstReply : inbox.nextReply;
  const hours = inbox.businessHours;
  if (hours) {
    const total = workingMsOf(target);
    const dueAtMs = addWorkingTime(atMs, total, hours);
    const warnAtMs = Math.min(dueAtMs, addWorkingTime(atMs, Math.max(0, total - workingMsOf(inbox.warnBefore)), hours));
    return { dueAtMs, warnAtMs };
  }
  const dueAtMs = instantAfter(atMs, target, timeZone).toMillis();
  const warnAtMs = Math.max(atMs, Math.min(dueAtMs, dueAtMs - workingMsOf(inbox.warnBefore)));
  return { dueAtMs, warnAtMs };
}
