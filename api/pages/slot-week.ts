// Free slots a week at a time, grouped by day, as the customer reads them (their zone and language).
import { DateTime } from 'luxon';
import type { Locale } from '../../domain/booking';

export interface Week {
  /** First day shown (yyyy-MM-dd in the customer's zone) and the instants that bound the week. */
  day: string;
  from: string;
  to: string;
  previous: string | null;
  next: string;
}

/** The week starting on `requested` (yyyy-MM-dd), never before today in the customer's zone. */
export function weekFrom(requested: string | undefined, timeZone: string, now = Date.now()): Week {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  const asked = requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? DateTime.fromISO(requested, { zone: timeZone }) : today;
  const start = asked.isValid && asked > today ? asked.startOf('day') : today;
  const end = start.plus({ days: 7 });
  const previous = start > today ? DateTime.max(today, start.minus({ days: 7 })) : null;
  return { day: start.toISODate()!, from: start.toISO()!, to: end.toISO()!, previous: previous?.toISODate() ?? null, next: end.toISODate()! };
}

/** "3 – 9 dic." / "Dec 3 – 9". */
export function weekLabel(week: Week, timeZone: string, locale: Locale): string {
  const start = DateTime.fromISO(week.from, { zone: timeZone }).setLocale(locale);
  const last = DateTime.fromISO(week.to, { zone: timeZone }).minus({ days: 1 }).setLocale(locale);
  return `${start.toLocaleString({ day: 'numeric', month: 'short' })} – ${last.toLocaleString({ day: 'numeric', month: 'short' })}`;
}

export interface DayOfSlots {
  /** "martes, 3 de diciembre" / "Tuesday, December 3". */
  label: string;
  slots: { id: string; start: string; time: string }[];
}

/** Slots at the same time with different agents are one choice to the customer: the first of them is offered. */
export function groupByDay(slots: { id: string; start: string }[], timeZone: string, locale: Locale): DayOfSlots[] {
  const days = new Map<string, DayOfSlots>();
  const seen = new Set<number>();
  for (const s of slots) {
    const instant = Date.parse(s.start);
    if (seen.has(instant)) continue;
    seen.add(instant);
    const t = DateTime.fromISO(s.start, { zone: timeZone }).setLocale(locale);
    const key = t.toISODate()!;
    if (!days.has(key)) days.set(key, { label: t.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }), slots: [] });
    days.get(key)!.slots.push({ id: s.id, start: s.start, time: t.toFormat('HH:mm') });
  }
  return [...days.values()];
}
