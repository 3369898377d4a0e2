// The page behind the Change and Cancel links (`/b/:token`): server-rendered, no scripts, plain forms (two taps to
// move: a time, then the button), the consequence stated before acting.
import type { BookingView } from '../../domain/booking';
import type { Slot } from '../../db/slots';
import { formatSessionTime } from '../../notify/templates';
import { formatMoney, sessionName } from '../../notify/wording';
import { BOOKING_TEXT } from './booking-texts';
import { consequenceWords, penaltyWords, type Outlook } from './consequence';
import { esc, pageShell } from './layout';
import { groupByDay, type Week, weekLabel } from './slot-week';

export interface PageActions {
  /** This page's own path (for week links), the form targets and the calendar file. A page shows only the form of
   * its link's scope: a cancel link's page has no move form, a change link's no cancel form. */
  self: string;
  reschedule?: string;
  cancel?: string;
  calendar: string;
}

export interface BookingPageInput {
  booking: BookingView;
  outlook: Outlook;
  week: Week;
  slots: Slot[];
  actions: PageActions;
  done?: 'moved' | 'cancelled';
  late?: boolean;
  /** An error code from a refused change. */
  error?: string;
}

const when = (b: BookingView, iso = b.start) => formatSessionTime(iso, b.timeZone, b.locale);

/** The slot choices of one form: a fieldset per day, a radio per time. */
function slotChoices(b: BookingView, slots: { id: string; start: string }[]): string {
  return groupByDay(slots, b.timeZone, b.locale)
    .map(
      (day) =>
        `<fieldset><legend>${esc(day.label)}</legend><div class="slots">${day.slots
          .map((s) => `<label class="choice"><input type="radio" name="slotId" value="${esc(s.id)}" required data-start="${esc(s.start)}"><span>${s.time}</span></label>`)
          .join('')}</div></fieldset>`,
    )
    .join('');
}

/** The title, then (after a change) its result, then when the session is. */
function header(b: BookingView, result = ''): string {
  const t = BOOKING_TEXT[b.locale];
  return [
    `<h1>${esc(t.title(sessionName(b.sessionType, b.locale)))}</h1>`,
    result,
    `<section class="card" aria-label="${b.locale === 'es' ? 'Su sesión' : 'Your session'}"><p class="when" id="when">${esc(when(b))}</p>`,
    `<p class="muted" id="zone">${esc(t.zone(b.timeZone))}</p><p>${t.status[b.status] ?? b.status}</p></section>`,
  ].join('');
}

export function renderBookingPage(p: BookingPageInput): string {
  const b = p.booking;
  const t = BOOKING_TEXT[b.locale];
  let result = '';
  if (p.done === 'moved') {
    result = (
      `<div class="card ok" role="status"><p id="result">${esc(t.moved(when(b)))}</p>${p.late ? `<p>${t.movedLate}</p>` : ''}<p><a class="calendar" href="${esc(p.actions.calendar)}" download="invite.ics">${t.addCalendar}</a></p></div>`
    );
  }
  if (p.done === 'cancelled') {
    result = `<div class="card ok" role="status"><p id="result">${esc(t.cancelled(when(b)))}</p><p><a class="calendar" href="${esc(p.actions.calendar)}" download="invite.ics">${t.removeCalendar}</a></p></div>`;
  }
  const parts = [header(b, result)];
  if (p.error) parts.push(`<div class="card error" role="alert"><p>${esc(t.errors[p.error] ?? t.errors.other)}</p></div>`);
  if (b.status !== 'scheduled') {
    if (!p.done) parts.push(`<p>${t.closed}</p>`);
    return pageShell(b.locale, t.title(sessionName(b.sessionType, b.locale)), parts.join('\n'));
  }

  const words = consequenceWords(p.outlook, b.timeZone, b.locale);
  parts.push(`<section class="card${words.late ? ' notice' : ''}" id="terms">${words.lines.map((l) => `<p>${esc(l)}</p>`).join('')}${
    p.outlook.penalty && !b.fee ? `<p id="penalty">${esc(penaltyWords(p.outlook.penalty, b.timeZone, b.locale))}</p>` : ''
  }</section>`);

  if (p.actions.reschedule) parts.push(moveSection(p, p.actions.reschedule));
  if (p.actions.cancel) {
    parts.push(
      `<section class="card" id="cancel" aria-labelledby="cancel-title"><h2 id="cancel-title">${t.cancelTitle}</h2>${words.late ? words.lines.map((l) => `<p>${esc(l)}</p>`).join('') : ''}<form method="post" action="${esc(p.actions.cancel)}"><button type="submit" class="danger" id="cancel-button">${t.cancelButton}</button></form></section>`,
    );
  }
  if (!p.done) parts.push(`<p><a class="calendar" href="${esc(p.actions.calendar)}" download="invite.ics">${t.addCalendar}</a></p>`);
  return pageShell(b.locale, t.title(sessionName(b.sessionType, b.locale)), parts.join('\n'));
}

/** The week's free times and the move form. */
function moveSection(p: BookingPageInput, action: string): string {
  const b = p.booking;
  const t = BOOKING_TEXT[b.locale];
  const nav = `<nav class="week" aria-label="${t.week} ${esc(weekLabel(p.week, b.timeZone, b.locale))}">${
    p.week.previous
      ? `<a href="${esc(`${p.actions.self}?week=${p.week.previous}`)}" rel="prev" aria-label="${t.previous}">← ${t.previousShort}</a>`
      : `<span class="off" aria-hidden="true">← ${t.previousShort}</span>`
  }<strong>${esc(weekLabel(p.week, b.timeZone, b.locale))}</strong><a href="${esc(`${p.actions.self}?week=${p.week.next}`)}" rel="next" aria-label="${t.next}">${t.nextShort} →</a></nav>`;
  return [
    `<section class="card" id="move" aria-labelledby="move-title"><h2 id="move-title">${t.move}</h2>${nav}`,
    p.slots.length === 0
      ? `<p>${t.noSlots}</p>`
      : `<form method="post" action="${esc(action)}"><p class="muted">${t.pick}</p>${slotChoices(b, p.slots)}<button type="submit" id="move-button">${t.moveButton}</button></form>`,
    `</section>`,
  ].join('');
}

/** A penalty is a choice: accept the fee for the chosen time, or take a time from `earliestFreeStart` on. */
export function renderPenaltyChoice(p: {
  booking: BookingView;
  chosen: Slot;
  penalty: { fee: { amount: number; currency: string }; earliestFreeStart: string };
  later: Slot[];
  actions: PageActions;
}): string {
  const b = p.booking;
  const t = BOOKING_TEXT[b.locale];
  const fee = formatMoney(p.penalty.fee, b.locale);
  const parts = [
    header(b),
    `<section class="card notice" id="penalty-choice" aria-labelledby="penalty-title"><h2 id="penalty-title">${t.penaltyTitle}</h2>`,
    `<p>${esc(when(b, p.chosen.start))}</p><p>${esc(penaltyWords(p.penalty, b.timeZone, b.locale))}</p>`,
    `<form method="post" action="${esc(p.actions.reschedule ?? '')}"><input type="hidden" name="slotId" value="${esc(p.chosen.id)}"><input type="hidden" name="acceptFee" value="true">`,
    `<button type="submit" id="accept-fee">${esc(t.acceptFee(fee))}</button></form></section>`,
    `<section class="card" id="later" aria-labelledby="later-title"><h2 id="later-title">${esc(t.laterTitle(when(b, p.penalty.earliestFreeStart)))}</h2>`,
    p.later.length === 0
      ? `<p>${t.noLater}</p>`
      : `<form method="post" action="${esc(p.actions.reschedule ?? '')}">${slotChoices(b, p.later)}<button type="submit" class="secondary">${t.moveButton}</button></form>`,
    `</section><p><a href="${esc(p.actions.self)}">${t.back}</a></p>`,
  ];
  return pageShell(b.locale, t.penaltyTitle, parts.join('\n'));
}
