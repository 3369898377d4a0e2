// A workshop registration's messages: rendered from the registration, its workshop and the customer (read from
// PostgreSQL here, never carried by a workflow), with the seat's invite and the registration's cancel link.
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import type { NewNotification } from '../db/notifications';
import { findRegistrationRow, findWorkshopRow, toRegistration, toWorkshop } from '../db/workshops';
import type { CustomerContact } from '../domain/booking';
import type { NotificationKind, NotificationRequest } from '../domain/notification';
import { registrationLink } from '../links/tokens';
import type { InviteMethod } from '../notify/invite';
import { renderMessage } from '../notify/templates';
import { registrationInvite } from '../notify/workshop-invite';

/** The invite a registration's message carries: a seat taken asks calendars to add it, a seat given up to remove it. */
function inviteMethod(kind: NotificationKind, facts: NotificationRequest['facts']): InviteMethod | null {
  if (kind === 'workshop_registration' || kind === 'workshop_promoted') return 'REQUEST';
  if (kind === 'workshop_cancellation' && facts?.hadSeat === true) return 'CANCEL';
  return null;
}

/** Everything the notification log stores of a registration's message but its provider. */
export async function renderRegistrationMessage(
  pool: Pool,
  settings: Settings,
  req: NotificationRequest & { registration: { id: string } },
  contact: CustomerContact,
): Promise<Omit<NewNotification, 'provider'>> {
  const row = await findRegistrationRow(pool, req.registration.id);
  const workshopRow = row && (await findWorkshopRow(pool, row.workshop_id));
  if (!row || !workshopRow) throw new Error(`registration ${req.registration.id} is not in the read model yet`);
  const registration = toRegistration(row);
  const workshop = toWorkshop(workshopRow);
  const live = registration.status === 'registered' || registration.status === 'waitlisted';
  const cancelLink = live && req.kind !== 'workshop_cancellation' ? await registrationLink(registration, workshop.start, settings.linkSecret, settings.publicBaseUrl) : undefined;
  const message = renderMessage(req.kind, {
    locale: contact.locale,
    name: contact.name,
    timeZone: contact.timeZone,
    start: workshop.start,
    offset: req.offset,
    changeNotice: workshopRow.policy.changeNotice,
    facts: { ...req.facts, workshopTitle: workshop.title, position: registration.position, ...(cancelLink ? { cancelLink } : {}) },
  });
  const email = req.channel === 'email';
  const method = email ? inviteMethod(req.kind, req.facts) : null;
  const seat = { registrationId: registration.id, title: workshop.title, start: workshop.start, end: workshop.end };
  return {
    key: req.key,
    booking_id: registration.id,
    customer_id: req.customerId,
    channel: req.channel,
    kind: req.kind,
    offset: req.offset ?? null,
    locale: contact.locale,
    recipient: email ? contact.email : contact.phone!,
    subject: email ? message.subject : null,
    body: email ? message.text : `${message.sms}${cancelLink ? ` ${cancelLink}` : ''}`,
    html: email ? message.html : null,
    ics: method ? registrationInvite(method, seat, contact, settings, cancelLink) : null,
    due_at: req.dueAt ?? null,
  };
}
