// The texts of the inbox's messages (es/en): the acknowledgement naming the promised time, the agent's reply, the
// answer to a sender whose plan has no inbox, and the agents' and managers' alerts (in English, as other alerts).
import type { Locale } from '../domain/booking';
import type { NotificationKind } from '../domain/notification';

export interface InboxFacts {
  locale: Locale;
  name: string;
  /** The promised time already in words, in the customer's zone and language. */
  due?: string;
  /** Until when support is restricted, in words. */
  until?: string;
  subject: string;
  text?: string;
  reason?: string | null;
  channels?: string[];
  consoleUrl?: string;
}

const CHANNELS: Record<Locale, Record<string, string>> = {
  es: {
    chat: 'chat', help_centre: 'centro de ayuda', academy: 'Academia', webinars: 'webinars', inbox_24h: 'bandeja de entrada exclusiva',
    live_workshops: 'talleres en directo', implementation_sessions: 'sesiones de implementación', quick_assists: 'asistencias rápidas',
  },
  en: {
    chat: 'chat', help_centre: 'help centre', academy: 'Academy', webinars: 'webinars', inbox_24h: 'exclusive inbox',
    live_workshops: 'live workshops', implementation_sessions: 'implementation sessions', quick_assists: 'quick assists',
  },
};

const list = (items: string[], locale: Locale) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items.map((c) => CHANNELS[locale][c] ?? c));
const re = (subject: string) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`);

function notIncluded(f: InboxFacts): string {
  const es = f.locale === 'es';
  if (f.reason === 'unknown_sender') {
    return es
      ? 'No encontramos ninguna cuenta con esta dirección de correo. La bandeja de entrada exclusiva es para los clientes de los planes que la incluyen; escríbanos desde la dirección de su cuenta.'
      : 'We found no account with this email address. The exclusive inbox is for customers whose plan includes it; please write from your account’s address.';
  }
  if (f.reason === 'terminated') return es ? 'Su suscripción ha terminado, por lo que la bandeja de entrada ya no está disponible.' : 'Your subscription has ended, so the inbox is no longer available.';
  if (f.reason === 'restricted') {
    if (es) return f.until ? `Su acceso a la asistencia está restringido hasta el ${f.until}.` : 'Su acceso a la asistencia está restringido.';
    return f.until ? `Your access to support is restricted until ${f.until}.` : 'Your access to support is restricted.';
  }
  const have = list(f.channels ?? [], f.locale);
  return es ? `Su plan no incluye la bandeja de entrada exclusiva. Tiene a su disposición: ${have}.` : `Your plan does not include the exclusive inbox. You have: ${have}.`;
}

/** Subject and paragraphs of an inbox message, or undefined for a kind that is not the inbox's. */
export function inboxContent(kind: NotificationKind, f: InboxFacts): { subject: string; lines: string[] } | undefined {
  const es = f.locale === 'es';
  const hello = es ? (f.name ? `Hola ${f.name}:` : 'Hola:') : f.name ? `Hello ${f.name},` : 'Hello,';
  switch (kind) {
    case 'inbox_acknowledgement':
      return es
        ? { subject: re(f.subject), lines: [hello, `Hemos recibido su mensaje. Le responderemos antes del ${f.due}.`] }
        : { subject: re(f.subject), lines: [hello, `We have received your message. We will answer before ${f.due}.`] };
    case 'inbox_reply':
      return { subject: re(f.subject), lines: (f.text ?? '').split(/\n{2,}/) };
    case 'inbox_not_included':
      return { subject: re(f.subject), lines: [hello, es ? 'Hemos recibido su mensaje y lo conservamos.' : 'We have received your message and kept it.', notIncluded(f)] };
    case 'inbox_sla_warning':
      return { subject: `Inbox answer due soon: ${f.subject}`, lines: [`A customer message awaits its answer, due ${f.due}.`, `Answer it: ${f.consoleUrl}`] };
    case 'inbox_sla_breach':
      return { subject: `Inbox answer overdue: ${f.subject}`, lines: [`The answer promised by ${f.due} was not sent in time.`, `Conversation: ${f.consoleUrl}`] };
    default:
      return undefined;
  }
}
