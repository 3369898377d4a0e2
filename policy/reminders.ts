import type { ReminderView } from '../domain/booking';
import { instantBefore } from './durations';
import type { ReminderRule } from './types';

/**
 * The reminders of a session starting at `start`: each rule's instant (calendar parts in the customer's zone,
 * exact parts exactly); one already past at `now` (when the booking is made or moved) is `skipped`.
 */
export function scheduleReminders(rules: ReminderRule[], start: string, timeZone: string, now: number): ReminderView[] {
  return rules.map((rule) => {
    const due = instantBefore(start, rule.before, timeZone);
    return {
      channel: rule.channel,
      offset: rule.before,
      dueAt: due.toISO()!,
      status: due.toMillis() <= now ? 'skipped' : 'pending',
    };
  });
}
