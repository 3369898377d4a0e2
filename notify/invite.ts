// Calendar invites (iCalendar, RFC 5545/5546) for a booking: one UID per booking, SEQUENCE = booking version, so a
// calendar client updates the one event on a reschedule and removes it on a cancellation. Pure: no I/O.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteInput {
  method: InviteMethod;
  bookingId: string;
  /** The UID's domain: MAILGUN_DOMAIN, or the host of PUBLIC_BASE_URL. */
  uidDomain: string;
  /** The booking's version; a cancellation is sent with version + 1 so clients take it as newer. */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description: string;
  /** The page of the booking (its Change link), when there is one. */
  url?: string;
  /** `Name <address>` or a bare address (MAIL_FROM). */
  organizer: string;
  attendee: { name: string; email: string };
  /** When the invite was made (DTSTAMP); rendered once and stored, so retries send the same bytes. */
  stamp?: Date;
}

/** The invite's attachment as mail clients expect it. */
export const inviteContentType = (method: InviteMethod) => `text/calendar; charset=utf-8; method=${method}`;
export const INVITE_FILENAME = 'invite.ics';

/** The method an invite was rendered with (read back from a stored invite). */
export const inviteMethodOf = (ics: string): InviteMethod => (/^METHOD:CANCEL\r?$/m.test(ics) ? 'CANCEL' : 'REQUEST');

export const inviteUid = (bookingId: string, uidDomain: string) => `${bookingId}@${uidDomain}`;

/** `Support <support@example.com>` → { name, email }. */
export function parseAddress(from: string): { name?: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1] || undefined, email: m[2] } : { email: from.trim() };
}

export function renderInvite(i: InviteInput): string {
  const cancel = i.method === 'CANCEL';
  const cal = ical({
    prodId: { company: 'Support Sessions', product: 'support-sessions', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const organizer = parseAddress(i.organizer);
  cal.createEvent({
    id: inviteUid(i.bookingId, i.uidDomain),
    sequence: i.sequence,
    stamp: i.stamp ?? new Date(),
    start: new Date(i.start),
    end: new Date(i.end),
    summary: i.summary,
    description: i.description,
    url: i.url ?? null,
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: organizer.name ?? organizer.email, email: organizer.email },
    attendees: [
      {
        name: i.attendee.name,
        email: i.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      },
    ],
  });
  return cal.toString();
}
