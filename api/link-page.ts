import { DateTime } from 'luxon';
import type { BookingView } from '../domain/booking';

const TEXT = {
  es: {
    title: 'Su sesión de asistencia',
    implementation: 'Sesión de implementación',
    quick_assist: 'Asistencia rápida',
    when: 'Fecha y hora',
    status: 'Estado',
    move: 'Cambiar a otra franja',
    moveTo: 'Cambiar',
    cancel: 'Cancelar la sesión',
    none: 'No hay otras franjas libres ahora mismo.',
    late: 'Faltan menos de 24 horas: un cambio o una cancelación ahora cuenta como una ausencia (no-show).',
    onTime: 'Puede cambiar o cancelar sin consecuencias hasta',
    moved: 'Su sesión se ha cambiado.',
    cancelled: 'Su sesión se ha cancelado.',
    closed: 'Esta sesión ya no se puede cambiar.',
    statuses: { scheduled: 'programada', in_progress: 'en curso', cancelled: 'cancelada', cancelled_late: 'cancelada (tarde)', cancelled_by_support: 'cancelada por soporte' } as Record<string, string>,
  },
  en: {
    title: 'Your support session',
    implementation: 'Implementation session',
    quick_assist: 'Quick assist',
    when: 'Date and time',
    status: 'Status',
    move: 'Move to another slot',
    moveTo: 'Change',
    cancel: 'Cancel the session',
    none: 'There are no other free slots right now.',
    late: 'Less than 24 hours to go: a change or cancellation now counts as a no-show.',
    onTime: 'You can change or cancel without consequence until',
    moved: 'Your session has been moved.',
    cancelled: 'Your session has been cancelled.',
    closed: 'This session can no longer be changed.',
    statuses: { scheduled: 'scheduled', in_progress: 'in progress', cancelled: 'cancelled', cancelled_late: 'cancelled (late)', cancelled_by_support: 'cancelled by support' } as Record<string, string>,
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function formatWhen(iso: string, timeZone: string, locale: 'es' | 'en'): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone }).setLocale(locale);
  return `${dt.toLocaleString(DateTime.DATETIME_HUGE)}`;
}

interface PageInput {
  booking?: BookingView;
  terms?: { late: boolean; deadline: string };
  slots?: { id: string; start: string }[];
  links?: { change: string; cancel: string };
  notice?: string;
  error?: string;
}

/** The page behind the Change and Cancel links. No scripts: plain forms, so a strict CSP holds. */
export function renderLinkPage({ booking, terms, slots = [], links, notice, error }: PageInput): string {
  const locale = booking?.locale ?? 'en';
  const t = TEXT[locale];
  const shell = (body: string) =>
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${t.title}</title></head><body><main>${body}</main></body></html>`;
  if (error || !booking || !terms || !links) return shell(`<h1>${t.title}</h1><p role="alert">${escape(error ?? '')}</p>`);
  const tz = booking.timeZone;
  const path = (url: string) => new URL(url).pathname;
  const open = booking.status === 'scheduled';
  const parts = [
    `<h1>${t.title}</h1>`,
    notice === 'moved' ? `<p role="status">${t.moved}</p>` : notice === 'cancelled' ? `<p role="status">${t.cancelled}</p>` : '',
    `<p>${escape(t[booking.sessionType])}</p>`,
    `<p>${t.when}: <strong id="when">${escape(formatWhen(booking.start, tz, locale))}</strong></p>`,
    `<p>${t.status}: <span id="status">${escape(t.statuses[booking.status] ?? booking.status)}</span></p>`,
  ];
  if (!open) parts.push(`<p>${t.closed}</p>`);
  else {
    parts.push(terms.late ? `<p role="alert" id="late-warning">${t.late}</p>` : `<p>${t.onTime} ${escape(formatWhen(terms.deadline, tz, locale))}.</p>`);
    parts.push(`<h2>${t.move}</h2>`);
    parts.push(
      slots.length === 0
        ? `<p>${t.none}</p>`
        : `<ul>${slots
            .map(
              (s) =>
                `<li><form method="post" action="${path(links.change)}/reschedule"><input type="hidden" name="slotId" value="${escape(s.id)}">${escape(formatWhen(s.start, tz, locale))} <button type="submit" data-slot="${escape(s.id)}">${t.moveTo}</button></form></li>`,
            )
            .join('')}</ul>`,
    );
    parts.push(`<form method="post" action="${path(links.cancel)}/cancel"><button type="submit" id="cancel">${t.cancel}</button></form>`);
  }
  return shell(parts.join('\n'));
}
