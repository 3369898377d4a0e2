// The calendar invite of a workshop seat: one event per registration (its UID), the attendee alone in it — never the
// other attendees, whose addresses are theirs. REQUEST when the seat is taken, CANCEL when it is given up.
import type { Locale } from '../domain/booking';
import { type InviteSettings, inviteIdentity } from './booking-invite';
import { type InviteMethod, renderInvite } from './invite';
import { formatSessionTime } from './templates';

export function registrationInvite(
  method: InviteMethod,
  seat: { registrationId: string; title: string; start: string; end: string },
  attendee: { name: string; email: string; locale: Locale; timeZone: string },
  settings: InviteSettings,
  cancelLink?: string,
): string {
  const es = attendee.locale === 'es';
  const lines = [`${seat.title}: ${formatSessionTime(seat.start, attendee.timeZone, attendee.locale)}`];
  if (cancelLink) lines.push(`${es ? 'Cancelar' : 'Cancel'}: ${cancelLink}`);
  return renderInvite({
    method,
    bookingId: seat.registrationId,
    ...inviteIdentity(settings),
    // A seat is taken once (sequence 1); giving it up must be newer.
    sequence: method === 'CANCEL' ? 2 : 1,
    start: seat.start,
    end: seat.end,
    summary: seat.title,
    description: lines.join('\n'),
    url: cancelLink,
    attendee: { name: attendee.name, email: attendee.email },
  });
}
