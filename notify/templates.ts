import { DateTime } from 'luxon';
import type { Locale } from '../domain/booking';
import type { NotificationKind } from '../domain/notification';

export interface MessageFacts {
  locale: Locale;
  name: string;
  timeZone: string;
  sessionType?: string;
  start?: string;
  offset?: string;
  links?: { change: string; cancel: string };
  facts?: Record<string, unknown>;
}
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

const SESSION = {
  es: { implementation: 'sesión de implementación', quick_assist: 'asistencia rápida' },
  en: { implementation: 'implementation session', quick_assist: 'quick assist' },
} as Record<Locale, Record<string, string>>;

/** "martes, 3 de diciembre de 2026, 10:00 (hora de Madrid)" / "Tuesday, December 3, 2026, 10:00 (Madrid time)". */
export function formatSessionTime(iso: string, timeZone: string, locale: Locale): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone }).setLocale(locale);
  const city = timeZone.split('/').pop()!.replace(/_/g, ' ');
  const date = dt.toFormat(locale === 'es' ? "cccc, d 'de' LLLL 'de' yyyy" : 'cccc, LLLL d, yyyy');
  return `${date}, ${dt.toFormat('HH:mm')} (${locale === 'es' ? `hora de ${city}` : `${city} time`})`;
}

const NOTICE = {
  es: 'Si necesita cambiar o cancelar, avísenos con al menos 24 horas de antelación: un cambio o una cancelación con menos de 24 horas cuenta como una ausencia (no-show).',
  en: 'If you need to change or cancel, please tell us at least 24 hours ahead: a change or cancellation less than 24 hours before counts as a no-show.',
};

type Lines = { subject: string; lines: string[]; sms?: string };

function content(kind: NotificationKind, m: MessageFacts): Lines {
  const es = m.locale === 'es';
  const what = m.sessionType ? SESSION[m.locale][m.sessionType] ?? m.sessionType : '';
  const when = m.start ? formatSessionTime(m.start, m.timeZone, m.locale) : '';
  const f = m.facts ?? {};
  const fee = f.fee as { amount: number; currency: string } | undefined;
  const feeText = fee ? `${(fee.amount / 100).toFixed(2)} ${fee.currency}` : '';
  const free = typeof f.earliestFreeStart === 'string' ? formatSessionTime(f.earliestFreeStart, m.timeZone, m.locale) : '';
  const until = typeof f.until === 'string' ? formatSessionTime(f.until, m.timeZone, m.locale) : '';
  switch (kind) {
    case 'confirmation':
      return es
        ? { subject: `Confirmada: su ${what}, ${when}`, lines: [`Hola ${m.name}:`, `Su ${what} está reservada para el ${when}. Esta franja es solo para usted.`, NOTICE.es] }
        : { subject: `Confirmed: your ${what}, ${when}`, lines: [`Hello ${m.name},`, `Your ${what} is booked for ${when}. This slot is yours alone.`, NOTICE.en] };
    case 'reminder':
      return es
        ? { subject: `Recordatorio: su ${what}, ${when}`, lines: [`Hola ${m.name}:`, `Le recordamos su ${what} del ${when}.`, NOTICE.es], sms: `Recordatorio: su ${what} empieza a las ${m.start ? DateTime.fromISO(m.start, { zone: m.timeZone }).toFormat('HH:mm') : ''}.` }
        : { subject: `Reminder: your ${what}, ${when}`, lines: [`Hello ${m.name},`, `A reminder of your ${what} on ${when}.`, NOTICE.en], sms: `Reminder: your ${what} starts at ${m.start ? DateTime.fromISO(m.start, { zone: m.timeZone }).toFormat('HH:mm') : ''}.` };
    case 'reschedule_confirmation':
      return es
        ? { subject: `Sesión cambiada: ${when}`, lines: [`Hola ${m.name}:`, `Su ${what} se ha cambiado al ${when}.`, NOTICE.es] }
        : { subject: `Session moved: ${when}`, lines: [`Hello ${m.name},`, `Your ${what} has been moved to ${when}.`, NOTICE.en] };
    case 'cancellation_confirmation':
      return es
        ? { subject: `Sesión cancelada`, lines: [`Hola ${m.name}:`, `Su ${what} del ${when} se ha cancelado.`] }
        : { subject: `Session cancelled`, lines: [`Hello ${m.name},`, `Your ${what} on ${when} has been cancelled.`] };
    case 'late_change_notice':
      return es
        ? { subject: 'Cambio con menos de 24 horas de antelación', lines: [`Hola ${m.name}:`, 'Hemos realizado su cambio, pero se ha hecho con menos de 24 horas de antelación y, según nuestras condiciones, cuenta como una ausencia (no-show).'] }
        : { subject: 'Change less than 24 hours ahead', lines: [`Hello ${m.name},`, 'We have made your change, but it came less than 24 hours ahead and, under our terms, counts as a no-show.'] };
    case 'no_show_warning':
      return es
        ? { subject: 'Aviso: ausencia registrada', lines: [`Hola ${m.name}:`, 'Hemos registrado una ausencia (no-show). Si se produce una segunda en 12 meses, la siguiente sesión podrá conllevar una tarifa o no estar disponible antes de seis meses.'] }
        : { subject: 'Warning: no-show recorded', lines: [`Hello ${m.name},`, 'We recorded a no-show. If a second one happens within 12 months, your next session may carry a fee or not be available for six months.'] };
    case 'penalty_notice':
      return es
        ? { subject: 'Su próxima sesión', lines: [`Hola ${m.name}:`, fee ? `Tras una segunda ausencia en 12 meses, su próxima sesión conlleva una tarifa de ${feeText}, o puede reservarla sin tarifa a partir del ${free}.` : 'Su derecho a una sesión con tarifa se ha restablecido.'] }
        : { subject: 'Your next session', lines: [`Hello ${m.name},`, fee ? `After a second no-show within 12 months, your next session carries a fee of ${feeText}, or you may book it without a fee from ${free}.` : 'Your fee-carrying session has been given back.'] };
    case 'reduced_support_notice':
      return es
        ? { subject: 'Asistencia reducida', lines: [`Hola ${m.name}:`, 'Debido a ausencias repetidas en 12 meses, no se pueden reservar sesiones 1:1 hasta que expire alguna. El chat, el centro de ayuda y la Academia siguen disponibles.'] }
        : { subject: 'Reduced support', lines: [`Hello ${m.name},`, 'Because of repeated no-shows within 12 months, 1:1 sessions cannot be booked until one expires. Chat, the help centre and the Academy remain available.'] };
    case 'reschedule_recommended':
      return es
        ? { subject: 'Reprogramemos su sesión', lines: [`Hola ${m.name}:`, 'No obtuvimos respuesta durante más de cinco minutos y tuvimos que cancelar la sesión. Le recomendamos reservar una nueva.'] }
        : { subject: "Let's reschedule your session", lines: [`Hello ${m.name},`, 'We had no response for more than five minutes and had to cancel the session. We recommend booking a new one.'] };
    case 'feedback_request':
      return es
        ? { subject: '¿Qué tal fue su sesión?', lines: [`Hola ${m.name}:`, 'Gracias por asistir. Sus comentarios nos ayudan a mejorar: responda a este correo con su opinión.'] }
        : { subject: 'How was your session?', lines: [`Hello ${m.name},`, 'Thank you for attending. Your feedback helps us improve: reply to this email with your thoughts.'] };
    case 'restriction_notice':
      return es
        ? { subject: 'Acceso a la asistencia restringido', lines: [`Hola ${m.name}:`, until ? `Tras revisar un incidente, su acceso a la asistencia queda restringido hasta el ${until}.` : 'Tras revisar un incidente, su acceso a la asistencia queda restringido.'] }
        : { subject: 'Support access restricted', lines: [`Hello ${m.name},`, until ? `After reviewing an incident, your access to support is restricted until ${until}.` : 'After reviewing an incident, your access to support is restricted.'] };
    case 'restriction_lifted':
      return es
        ? { subject: 'Acceso a la asistencia restablecido', lines: [`Hola ${m.name}:`, 'Su acceso a la asistencia vuelve a estar disponible.'] }
        : { subject: 'Support access restored', lines: [`Hello ${m.name},`, 'Your access to support is available again.'] };
    case 'attendance_unrecorded':
      return { subject: `Attendance not recorded: ${what} ${when}`, lines: [`No attendance was recorded for the ${what} on ${when}. Please record it.`] };
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A message of `kind` in the customer's language and time zone: email text + HTML, and an SMS text. */
export function renderMessage(kind: NotificationKind, m: MessageFacts): RenderedMessage {
  const c = content(kind, m);
  const es = m.locale === 'es';
  const links = m.links ? [`${es ? 'Cambiar' : 'Change'}: ${m.links.change}`, `${es ? 'Cancelar' : 'Cancel'}: ${m.links.cancel}`] : [];
  const text = [...c.lines, ...links].join('\n\n');
  const html = `<!doctype html><html lang="${m.locale}"><body>${c.lines.map((l) => `<p>${esc(l)}</p>`).join('')}${
    m.links ? `<p><a href="${esc(m.links.change)}">${es ? 'Cambiar' : 'Change'}</a> · <a href="${esc(m.links.cancel)}">${es ? 'Cancelar' : 'Cancel'}</a></p>` : ''
  }</body></html>`;
  const sms = `${c.sms ?? c.subject}${m.links ? ` ${m.links.change}` : ''}`;
  return { subject: c.subject, text, html, sms };
}
