// Weekly hours → slots: pure logic (no I/O). Times are wall-clock times in the given zone, so a 10:00 slot stays
// at 10:00 across a DST change.
import { DateTime } from 'luxon';
import type { SessionType } from '../policy/types';
import type { SlotInput } from './slots-service';

export interface WeeklyHours {
  agentId: string;
  sessionType: SessionType;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** "HH:mm", wall-clock in `timeZone`. */
  startTime: string;
  endTime: string;
  sessionMinutes: number;
  timeZone: string;
  /** The first day ("yyyy-MM-dd", in `timeZone`); the expansion covers `weeks` × 7 days from it. */
  from: string;
  weeks: number;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** The slots the weekly hours describe, in start order. Each session fits whole inside its day's window. */
export function expandWeeklyHours(w: WeeklyHours): SlotInput[] {
  const first = DateTime.fromISO(w.from, { zone: w.timeZone }).startOf('day');
  const [open, close] = [minutesOf(w.startTime), minutesOf(w.endTime)];
  const out: SlotInput[] = [];
  for (let d = 0; d < w.weeks * 7; d++) {
    const day = first.plus({ days: d });
    if (!w.days.includes(day.weekday)) continue;
    for (let m = open; m + w.sessionMinutes <= close; m += w.sessionMinutes) {
      const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
      const end = day.set({ hour: Math.floor((m + w.sessionMinutes) / 60), minute: (m + w.sessionMinutes) % 60 });
      out.push({ agentId: w.agentId, sessionType: w.sessionType, start: start.toISO()!, end: end.toISO()! });
    }
  }
  return out;
}
