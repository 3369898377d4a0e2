// The calendar invite of a booking, as its emails carry it and as the customer page offers it ("add to calendar").
import type { Settings } from '../config/settings';
import type { Locale } from '../domain/booking';
import type { NotificationKind } from '../domain/notification';
import { renderInvite, type InviteMethod } from './invite';
import { formatSessionTime } from './templates';
import { sessionTitle } from './wording';

export interface InviteBooking {
  id: string;
  version: number;
  sessionType: string;
  start: string;
  end: string;
}

export type InviteContact = { name: string; email: string; locale: Locale; timeZone: string };
type InviteSettings = Pick<Settings, 'mailgun' | 'publicBaseUrl'>;

/** Which invite a message of `kind` carries: confirmations ask calendars to add or update, cancellations to remove. */
const METHOD_OF: Partial<Record<NotificationKind, InviteMethod>> = {
  confirmation: 'REQUEST',
  reschedule_confirmation: 'REQUEST',
  cancellation_confirmation: 'CANCEL',
};

/** The organiser (MAIL_FROM) and the UID's domain (MAILGUN_DOMAIN, else the host of PUBLIC_BASE_URL). */
const identity = (settings: InviteSettings) => {
  const host = new URL(settings.publicBaseUrl).hostname;
  return { uidDomain: settings.mailgun?.domain ?? host, organizer: settings.mailgun?.from ?? `Support Sessions <support@${host.includes('.') ? host : 'support-sessions.invalid'}>` };
};

export function bookingInvite(
  method: InviteMethod,
  booking: InviteBooking,
  contact: InviteContact,
  settings: InviteSettings,
  links?: { change: string; cancel: string },
): string {
  const es = contact.locale === 'es';
  const title = sessionTitle(booking.sessionType, contact.locale);
  const lines = [`${title}: ${formatSessionTime(booking.start, contact.timeZone, contact.locale)}`];
  if (links) lines.push(`${es ? 'Cambiar' : 'Change'}: ${links.change}`, `${es ? 'Cancelar' : 'Cancel'}: ${links.cancel}`);
  return renderInvite({
    method,
    bookingId: booking.id,
    ...identity(settings),
    // A cancellation must be newer than the last request for the same UID.
    sequence: method === 'CANCEL' ? booking.version + 1 : booking.version,
    start: booking.start,
    end: booking.end,
    summary: title,
    description: lines.join('\n'),
    url: links?.change,
    attendee: { name: contact.name, email: contact.email },
  });
}

/** The invite a message of `kind` carries, or null. */
export function inviteFor(
  kind: NotificationKind,
  booking: InviteBooking,
  contact: InviteContact,
  settings: InviteSettings,
  links?: { change: string; cancel: string },
): string | null {
  const method = Object.hasOwn(METHOD_OF, kind) ? METHOD_OF[kind] : undefined;
  return method ? bookingInvite(method, booking, contact, settings, links) : null;
}
