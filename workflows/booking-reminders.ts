// A booking's side of the reminder engine (reminders.ts): which message a reminder sends, and what its outcome
// changes in the booking. Each step runs one at a time with the booking's other changes (BookingState.exclusive).
import { patched, setCurrentDetails } from '@temporalio/workflow';
import type { BookingState } from './booking-state';
import type { ReminderHost } from './reminders';

/**
 * A reminder's outcome no longer wakes the main loop: the loop waits for the next reminder or the start, which the
 * outcome does not move, so its timer stands (before, each outcome cancelled and restarted it: one timer more per
 * reminder). Runs begun before replay as they ran.
 */
export const QUIET_REMINDER_OUTCOME = 'quiet-reminder-outcome';

export function bookingReminderHost(s: BookingState): ReminderHost {
  return {
    reminders: () => s.b.reminders,
    /** A reminder about to go: its outcome rides in the send's own activity as the next revision of the read model. */
    prepare: (r, index) =>
      s.exclusive(async () => {
        const b = s.b;
        if (b.status !== 'scheduled' || r.status !== 'pending' || b.reminders[index] !== r) return null;
        s.advance();
        return s.message('reminder', `${r.offset}:v${b.version}`, {
          channel: r.channel,
          offset: r.offset,
          dueAt: r.dueAt,
          guard: { bookingId: b.id, version: b.version, notAfter: b.start },
          projection: { booking: s.view(), reminderIndex: index },
        });
      }),
    settle: (r, result, req) =>
      s.exclusive(async () => {
        // A reschedule or cancel that came in meanwhile replaced this reminder; its result no longer applies.
        const sent = req.projection!.booking;
        if (s.b.version !== sent.version || r.status !== 'pending') return;
        r.status = result.status;
        if (s.b.revision !== sent.revision) await s.save(); // a later change was projected meanwhile: project again
        if (patched(QUIET_REMINDER_OUTCOME)) setCurrentDetails(s.describe());
        else s.touched();
      }),
  };
}
