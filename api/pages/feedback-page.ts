// The feedback page (`/f/:token`): one question, rating 1–5 and an optional comment, in the customer's language.
import type { FeedbackAnswer } from '../../db/feedback';
import type { BookingView } from '../../domain/booking';
import { formatSessionTime } from '../../notify/templates';
import { sessionName } from '../../notify/wording';
import { esc, pageShell } from './layout';

const TEXT = {
  es: {
    title: '¿Qué tal fue su sesión?',
    about: (what: string, when: string) => `Su ${what} del ${when}.`,
    question: '¿Cómo valoraría la sesión?',
    scale: ['Muy mala', 'Mala', 'Normal', 'Buena', 'Excelente'],
    comment: 'Comentario (opcional)',
    send: 'Enviar valoración',
    change: 'Cambiar valoración',
    thanks: 'Gracias: hemos guardado su valoración.',
    stored: (r: number) => `Su valoración actual: ${r} de 5. Puede cambiarla durante 7 días después de la sesión.`,
    invalid: 'Elija una valoración del 1 al 5.',
  },
  en: {
    title: 'How was your session?',
    about: (what: string, when: string) => `Your ${what} on ${when}.`,
    question: 'How would you rate the session?',
    scale: ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'],
    comment: 'Comment (optional)',
    send: 'Send rating',
    change: 'Change rating',
    thanks: 'Thank you: your rating has been saved.',
    stored: (r: number) => `Your current rating: ${r} out of 5. You can change it for 7 days after the session.`,
    invalid: 'Please choose a rating from 1 to 5.',
  },
};

export function renderFeedbackPage(input: { booking: BookingView; answer?: FeedbackAnswer; action: string; saved?: boolean; invalid?: boolean }): string {
  const { booking, answer, action } = input;
  const locale = booking.locale;
  const t = TEXT[locale];
  const when = formatSessionTime(booking.start, booking.timeZone, locale);
  const scale = t.scale
    .map((label, i) => {
      const n = i + 1;
      return `<label class="choice"><input type="radio" name="rating" value="${n}" required${answer?.rating === n ? ' checked' : ''}><span><strong>${n}</strong> <span class="muted">${label}</span></span></label>`;
    })
    .join('');
  const body = [
    `<h1>${t.title}</h1>`,
    `<p>${esc(t.about(sessionName(booking.sessionType, locale), when))}</p>`,
    input.saved ? `<div class="card ok" role="status"><p>${t.thanks}</p></div>` : '',
    input.invalid ? `<div class="card error" role="alert"><p>${t.invalid}</p></div>` : '',
    answer ? `<p id="current">${t.stored(answer.rating)}</p>` : '',
    `<form class="card" method="post" action="${esc(action)}">`,
    `<fieldset><legend>${t.question}</legend><div class="slots rating">${scale}</div></fieldset>`,
    `<p><label class="field" for="comment">${t.comment}</label><textarea id="comment" name="comment" maxlength="2000">${esc(answer?.comment ?? '')}</textarea></p>`,
    `<button type="submit">${answer ? t.change : t.send}</button></form>`,
  ];
  return pageShell(locale, t.title, body.join('\n'));
}
