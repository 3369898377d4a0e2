// ical.js is published as ESM with a CommonJS build; this project is CommonJS, so it takes the latter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default = require('ical.js');
type IcalTime = InstanceType<typeof ICAL.Time>;
import { startProviderFake } from '../fakes/providers';
import { startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let fake: Awaited<ReturnType<typeof startProviderFake>>;
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  fake = await startProviderFake();
  stack = await startTestStack(fake.env);
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

/** The invite the customer's mailbox got with the message of `kind`, parsed back as a calendar client would. */
async function inviteOf(bookingId: string, kind: string) {
  const key = (k?: string) => k?.startsWith(`booking:${bookingId}:${kind}:`);
  await until(async () => fake.emails().some((m) => key(m.key)));
  const mail = fake.emails().find((m) => key(m.key))!;
  expect(mail.attachments).toHaveLength(1);
  const [file] = mail.attachments;
  const calendar = new ICAL.Component(ICAL.parse(file.content));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    filename: file.filename,
    contentType: file.contentType,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: event.getFirstPropertyValue('sequence'),
    status: event.getFirstPropertyValue('status'),
    start: (event.getFirstPropertyValue('dtstart') as IcalTime).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as IcalTime).toJSDate().toISOString(),
    organizer: String(event.getFirstPropertyValue('organizer')).toLowerCase(),
    attendee: String(event.getFirstPropertyValue('attendee')).toLowerCase(),
    description: String(event.getFirstPropertyValue('description')),
  };
}

it('confirmation, reschedule and cancellation each carry an invite that keeps the one calendar event true', async () => {
  // Slots start on whole minutes, as agents publish them (iCalendar times carry whole seconds).
  const at = (h: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + h * 3600_000).toISOString();
  await stack.call('PUT', '/v1/customers/c-invite', { name: 'Lucía', email: 'lucia@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const s1 = (await stack.call('POST', '/v1/slots', { agentId: 'i1', sessionType: 'implementation', start: at(80), end: at(81) })).body;
  const s2 = (await stack.call('POST', '/v1/slots', { agentId: 'i2', sessionType: 'implementation', start: at(120), end: at(121) })).body;
  const { booking } = (await stack.call('POST', '/v1/bookings', { customerId: 'c-invite', slotId: s1.id }, 'booking_ui')).body;

  const confirmed = await inviteOf(booking.id, 'confirmation');
  expect(confirmed).toMatchObject({
    filename: 'invite.ics',
    method: 'REQUEST',
    uid: `${booking.id}@mg.example.com`,
    sequence: 1,
    status: 'CONFIRMED',
    start: s1.start,
    end: s1.end,
    organizer: 'mailto:support@mg.example.com',
    attendee: 'mailto:lucia@example.com',
  });
  expect(confirmed.contentType).toMatch(/^text\/calendar;.*method=REQUEST/);
  expect(confirmed.description).toMatch(new RegExp(`Cambiar: ${stack.base}/b/\\S+\\nCancelar: ${stack.base}/b/\\S+`));

  await stack.call('POST', `/v1/bookings/${booking.id}/reschedule`, { slotId: s2.id }, 'booking_ui');
  const moved = await inviteOf(booking.id, 'reschedule_confirmation');
  expect(moved).toMatchObject({ method: 'REQUEST', uid: confirmed.uid, sequence: 2, start: s2.start, end: s2.end });
  expect(moved.contentType).toMatch(/method=REQUEST/);

  await stack.call('POST', `/v1/bookings/${booking.id}/cancel`, {}, 'booking_ui');
  const cancelled = await inviteOf(booking.id, 'cancellation_confirmation');
  expect(cancelled).toMatchObject({ method: 'CANCEL', uid: confirmed.uid, status: 'CANCELLED', start: s2.start });
  expect(cancelled.sequence).toBeGreaterThan(Number(moved.sequence));
  expect(cancelled.contentType).toMatch(/method=CANCEL/);

  // Reminders and other messages carry no invite: only the three that change the calendar do.
  expect(fake.emails().filter((m) => m.key?.startsWith(`booking:${booking.id}:`) && m.attachments.length > 0)).toHaveLength(3);
});
