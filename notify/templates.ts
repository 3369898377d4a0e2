import { DateTime } from 'luxon';
import type { Locale } from '../domain/booking';
import type { NotificationKind } from '../domain/notification';
import { DEFAULT_POLICY } from '../policy/default-policy';
import { humanDuration, noticeSentence, sessionName, workshopName } from './wording';
import { workshopContent } from './workshop-texts';
import { inboxContent } from './inbox-texts';

export interface MessageFacts {
  locale: Locale;
  name: string;
  timeZone: string;
  sessionType?: string;
  start?: string;
  offset?: string;
  links?: { change: string; cancel: string };
  /** The signed link to the feedback page (feedback_request). */
  feedbackLink?: string;
  /** The booking's policy `changeNotice` (ISO-8601); the built-in policy's when absent. */
  changeNotice?: string;
  facts?: Record<string, unknown>;
}
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/** "martes, 3 de diciembre de 2026, 10:00 (hora de Madrid)" / "Tuesday, December 3, 2026, 10:00 (Madrid time)". */
export function formatSessionTime(iso: string, timeZone: string, locale: Locale): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone }).setLocale(locale);
  const city = timeZone.split('/').pop()!.replace(/_/g, ' ');
  const date = dt.toFormat(locale === 'es' ? "cccc, d 'de' LLLL 'de' yyyy" : 'cccc, LLLL d, yyyy');
  return `${date}, ${dt.toFormat('HH:mm')} (${locale === 'es' ? `hora de ${city}` : `${city} time`})`;
}

type Lines = { subject: string; lines: string[]; sms?: string };

/** An inbox message's facts (`subject`, `text`, `dueAt`, `until`, `reason`, `channels`, `consoleUrl`) with its times in words. */
function inboxFacts(m: MessageFacts) {
  const f = m.facts ?? {};
  const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  const dueAt = str('dueAt');
  const until = str('until');
  return {
    locale: m.locale,
    name: m.name,
    subject: str('subject') ?? '',
    text: str('text'),
    due: dueAt ? formatSessionTime(dueAt, m.timeZone, m.locale) : undefined,
    until: until ? formatSessionTime(until, m.timeZone, m.locale) : undefined,
    reason: str('reason') ?? null,
    channels: str('channels')?.split(',').filter(Boolean),
    consoleUrl: str('consoleUrl'),
  };
}

function content(kind: NotificationKind, m: MessageFacts): Lines {
  const es = m.locale === 'es';
  const workshop = typeof m.facts?.workshopTitle === 'string' ? m.facts.workshopTitle : undefined;
  const what = workshop !== undefined ? workshopName(workshop, m.locale) : m.sessionType ? sessionName(m.sessionType, m.locale) : '';
  const when = m.start ? formatSessionTime(m.start, m.timeZone, m.locale) : '';
  const f = m.facts ?? {};
  const fee = f.fee as { amount: number; currency: string } | undefined;
  const feeText = fee ? `${(fee.amount / 100).toFixed(2)} ${fee.currency}` : '';
  const free = typeof f.earliestFreeStart === 'string' ? formatSessionTime(f.earliestFreeStart, m.timeZone, m.locale) : '';
  const until = typeof f.until === 'string' ? formatSessionTime(f.until, m.timeZone, m.locale) : '';
  const changeNotice = m.changeNotice ?? DEFAULT_POLICY.changeNotice;
  const NOTICE = { es: noticeSentence(changeNotice, 'es'), en: noticeSentence(changeNotice, 'en') };
  const notice = humanDuration(changeNotice, m.locale);
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
        ? { subject: `Cambio con menos de ${notice} de antelación`, lines: [`Hola ${m.name}:`, `Hemos realizado su cambio, pero se ha hecho con menos de ${notice} de antelación y, según nuestras condiciones, cuenta como una ausencia (no-show).`] }
        : { subject: `Change less than ${notice} ahead`, lines: [`Hello ${m.name},`, `We have made your change, but it came less than ${notice} ahead and, under our terms, counts as a no-show.`] };
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
        ? { subject: '¿Qué tal fue su sesión?', lines: [`Hola ${m.name}:`, 'Gracias por asistir. ¿Cómo valoraría la sesión, de 1 a 5? Es una sola pregunta y puede cambiar su respuesta durante 7 días.'] }
        : { subject: 'How was your session?', lines: [`Hello ${m.name},`, 'Thank you for attending. How would you rate the session, from 1 to 5? It is one question, and you can change your answer for 7 days.'] };
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
    case 'workshop_registration':
    case 'workshop_waitlisted':
    case 'workshop_promoted':
    case 'workshop_cancellation':
      return workshopContent(kind, { ...m, name: m.name }, { what, when, notice: NOTICE[m.locale] });
    case 'webhook_failed':
      return f.reason === 'disabled'
        ? { subject: `Webhook disabled: ${f.url}`, lines: [`The receiver at ${f.url} answered 410 Gone to delivery ${f.deliveryId} (${f.event}); subscription ${f.subscriptionId} is now disabled.`] }
        : { subject: `Webhook delivery failed: ${f.event} to ${f.url}`, lines: [`Delivery ${f.deliveryId} of ${f.event} to ${f.url} (subscription ${f.subscriptionId}) failed after ${f.attempts} attempts; the last answer was ${f.lastStatus ?? 'none'}${f.lastError ? ` (${f.lastError})` : ''}. A manager can retry it from the console or POST /v1/webhooks/${f.subscriptionId}/deliveries/${f.deliveryId}/retry.`] };
    case 'inbox_acknowledgement':
    case 'inbox_reply':
    case 'inbox_not_included':
    case 'inbox_sla_warning':
    case 'inbox_sla_breach':
      return inboxContent(kind, inboxFacts(m))!;
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A message of `kind` in the customer's language and time zone: email text + HTML, and an SMS text. */
export function renderMessage(kind: NotificationKind, m: MessageFacts): RenderedMessage {
  const c = content(kind, m);
  const es = m.locale === 'es';
  const links = m.links ? [`${es ? 'Cambiar' : 'Change'}: ${m.links.change}`, `${es ? 'Cancelar' : 'Cancel'}: ${m.links.cancel}`] : [];
  const rate = es ? 'Valorar la sesión' : 'Rate the session';
  const feedback = m.feedbackLink ? [`${rate}: ${m.feedbackLink}`] : [];
  const text = [...c.lines, ...links, ...feedback].join('\n\n');
  const html = `<!doctype html><html lang="${m.locale}"><body>${c.lines.map((l) => `<p>${esc(l)}</p>`).join('')}${
    m.links ? `<p><a href="${esc(m.links.change)}">${es ? 'Cambiar' : 'Change'}</a> · <a href="${esc(m.links.cancel)}">${es ? 'Cancelar' : 'Cancel'}</a></p>` : ''
  }${m.feedbackLink ? `<p><a href="${esc(m.feedbackLink)}">${rate}</a></p>` : ''}</body></html>`;
  const sms = `${c.sms ?? c.subject}${m.links ? ` ${m.links.change}` : ''}`;
  return { subject: c.subject, text, html, sms };
}
