// The page behind a workshop registration's cancel link (`/b/:token`, scope `registration`): the workshop in the
// customer's zone, their seat or waitlist position, and Cancel. Server-rendered, no scripts, one plain form.
import type { RegistrationView, WorkshopView } from '../../domain/workshop';
import { formatSessionTime } from '../../notify/templates';
import { esc, pageShell } from './layout';

const TEXT = {
  es: {
    title: (t: string) => `Taller: ${t}`,
    zone: (tz: string) => `Hora de su zona horaria (${tz.replace(/_/g, ' ')}).`,
    seat: 'Tiene plaza en este taller.',
    position: (n: number) => `Está en la lista de espera, en la posición ${n}. Si se libera una plaza, será suya al momento y le avisaremos.`,
    status: { cancelled: 'Su inscripción está cancelada.', attended: 'Asistió a este taller.', no_show: 'No asistió a este taller.' } as Record<string, string>,
    workshopCancelled: 'Este taller se ha cancelado.',
    cancelTitle: 'Cancelar la inscripción',
    cancelSeat: 'Cancelar mi plaza',
    cancelWait: 'Salir de la lista de espera',
    late: 'Falta poco para el inicio: cancelar ahora puede contar como una ausencia.',
    done: 'Hecho: su inscripción está cancelada.',
    started: 'El taller ya ha empezado; la inscripción ya no se puede cambiar.',
    error: 'No hemos podido cancelar la inscripción. Inténtelo de nuevo.',
    aria: 'Su taller',
  },
  en: {
    title: (t: string) => `Workshop: ${t}`,
    zone: (tz: string) => `Time in your time zone (${tz.replace(/_/g, ' ')}).`,
    seat: 'You have a seat at this workshop.',
    position: (n: number) => `You are on the waitlist, at position ${n}. If a seat frees up, it is yours at once and we will tell you.`,
    status: { cancelled: 'Your registration is cancelled.', attended: 'You attended this workshop.', no_show: 'You did not attend this workshop.' } as Record<string, string>,
    workshopCancelled: 'This workshop has been cancelled.',
    cancelTitle: 'Cancel the registration',
    cancelSeat: 'Cancel my seat',
    cancelWait: 'Leave the waitlist',
    late: 'The start is close: cancelling now may count as a no-show.',
    done: 'Done: your registration is cancelled.',
    started: 'The workshop has started; the registration can no longer be changed.',
    error: 'We could not cancel the registration. Please try again.',
    aria: 'Your workshop',
  },
};

export interface RegistrationPageInput {
  registration: RegistrationView;
  workshop: WorkshopView;
  /** Cancelling now would be late and counted. */
  lateCounts: boolean;
  cancelAction: string;
  done?: boolean;
  error?: boolean;
}

export function renderRegistrationPage(p: RegistrationPageInput): string {
  const r = p.registration;
  const t = TEXT[r.locale];
  const live = r.status === 'registered' || r.status === 'waitlisted';
  const started = Date.parse(p.workshop.start) <= Date.now();
  const state =
    r.status === 'registered' ? t.seat : r.status === 'waitlisted' && r.position !== null ? t.position(r.position) : (t.status[r.status] ?? r.status);
  const parts = [
    `<h1>${esc(t.title(p.workshop.title))}</h1>`,
    p.done ? `<div class="card ok" role="status"><p id="result">${t.done}</p></div>` : '',
    p.error ? `<div class="card error" role="alert"><p>${t.error}</p></div>` : '',
    `<section class="card" aria-label="${t.aria}"><p class="when" id="when">${esc(formatSessionTime(p.workshop.start, r.timeZone, r.locale))}</p>`,
    `<p class="muted" id="zone">${esc(t.zone(r.timeZone))}</p><p id="state">${esc(state)}</p>`,
    p.workshop.status === 'cancelled' ? `<p>${t.workshopCancelled}</p>` : '',
    `</section>`,
  ];
  if (live && started) parts.push(`<p>${t.started}</p>`);
  if (live && !started) {
    parts.push(
      `<section class="card${p.lateCounts ? ' notice' : ''}" id="cancel" aria-labelledby="cancel-title"><h2 id="cancel-title">${t.cancelTitle}</h2>`,
      p.lateCounts ? `<p>${t.late}</p>` : '',
      `<form method="post" action="${esc(p.cancelAction)}"><button type="submit" class="danger" id="cancel-button">${r.status === 'registered' ? t.cancelSeat : t.cancelWait}</button></form></section>`,
    );
  }
  return pageShell(r.locale, t.title(p.workshop.title), parts.filter(Boolean).join('\n'));
}
