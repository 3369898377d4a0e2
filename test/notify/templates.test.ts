import type { NotificationKind } from '../../domain/notification';
import { smsSegments } from '../../notify/sms';
import { formatSessionTime, renderMessage } from '../../notify/templates';

const KINDS: NotificationKind[] = [
  'confirmation', 'reminder', 'reschedule_confirmation', 'cancellation_confirmation', 'late_change_notice', 'no_show_warning',
  'penalty_notice', 'reduced_support_notice', 'reschedule_recommended', 'feedback_request', 'restriction_notice',
  'restriction_lifted', 'attendance_unrecorded',
];
const links = { change: 'http://127.0.0.1:3000/b/eyJhbGciOiJIUzI1NiJ9.change', cancel: 'http://127.0.0.1:3000/b/eyJhbGciOiJIUzI1NiJ9.cancel' };
const base = { name: 'Ana', timeZone: 'Europe/Madrid', sessionType: 'implementation', start: '2026-12-03T09:00:00Z', links, facts: { fee: { amount: 5000, currency: 'EUR' }, earliestFreeStart: '2027-06-01T10:00:00Z', until: '2027-01-01T00:00:00Z' } };

describe('message templates', () => {
  it.each(KINDS.flatMap((k) => [[k, 'es'], [k, 'en']] as const))('%s in %s has a subject, a text and an HTML part', (kind, locale) => {
    const m = renderMessage(kind, { ...base, locale });
    expect(m.subject.length).toBeGreaterThan(5);
    expect(m.text).toContain(kind === 'attendance_unrecorded' ? 'attendance' : 'Ana');
    expect(m.html).toMatch(/^<!doctype html>/);
  });

  it('renders the time in the customer zone and language', () => {
    expect(formatSessionTime('2026-12-03T09:00:00Z', 'Europe/Madrid', 'es')).toBe('jueves, 3 de diciembre de 2026, 10:00 (hora de Madrid)');
    expect(formatSessionTime('2026-12-03T15:00:00Z', 'America/New_York', 'en')).toBe('Thursday, December 3, 2026, 10:00 (New York time)');
    // Right after the spring change: 10:00 local is 08:00 UTC in Madrid.
    expect(formatSessionTime('2026-03-29T08:00:00Z', 'Europe/Madrid', 'es')).toBe('domingo, 29 de marzo de 2026, 10:00 (hora de Madrid)');
  });

  it('puts Change and Cancel links in the confirmation and reminders, and the 24-hour terms', () => {
    for (const kind of ['confirmation', 'reminder'] as const) {
      const m = renderMessage(kind, { ...base, locale: 'es' });
      expect(m.text).toContain(`Cambiar: ${links.change}`);
      expect(m.text).toContain(`Cancelar: ${links.cancel}`);
      expect(m.html).toContain(`href="${links.cancel}"`);
      expect(m.text).toContain('24 horas');
    }
    expect(renderMessage('penalty_notice', { ...base, locale: 'en' }).text).toContain('50.00 EUR');
  });

  it('keeps a reminder SMS with its short link within two segments', () => {
    for (const locale of ['es', 'en'] as const) {
      const sms = renderMessage('reminder', { ...base, locale, links: { ...links, change: 'http://127.0.0.1:3000/s/AbCdEf12' } }).sms;
      expect(sms).toContain('/s/AbCdEf12');
      expect(smsSegments(sms)).toBeLessThanOrEqual(2);
    }
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ó'.repeat(71))).toBe(2);
  });
});
