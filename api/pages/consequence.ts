// What a change would bring, in words, from the same policy code as `change-terms` (policy/notice, policy/sanctions).
import type { Locale } from '../../domain/booking';
import { instantAfter } from '../../policy/durations';
import type { Consequence } from '../../policy/sanctions';
import type { Money, Policy } from '../../policy/types';
import { formatSessionTime } from '../../notify/templates';
import { formatMoney, humanDuration, ordinal } from '../../notify/wording';

export interface Outlook {
  terms: { late: boolean; deadline: string; consequence: Consequence };
  policy: Policy;
  /** Strikes the customer holds now. */
  strikes: number;
  penalty: { fee: Money; earliestFreeStart: string } | null;
}

/** The sentences shown before the customer acts: the deadline, and when late, what this change would count as and bring. */
export function consequenceWords(o: Outlook, timeZone: string, locale: Locale, now = Date.now()): { late: boolean; lines: string[] } {
  const es = locale === 'es';
  const notice = humanDuration(o.policy.changeNotice, locale);
  const deadline = formatSessionTime(o.terms.deadline, timeZone, locale);
  if (!o.terms.late) {
    return {
      late: false,
      lines: [es ? `Puede cambiar o cancelar sin consecuencias hasta el ${deadline} (${notice} antes del inicio).` : `You can move or cancel without consequence until ${deadline} (${notice} before the start).`],
    };
  }
  const lines = [es ? `Faltan menos de ${notice} para el inicio: cambiar o cancelar ahora cuenta como una ausencia (no-show).` : `It is less than ${notice} before the start: moving or cancelling now counts as a no-show.`];
  const nth = ordinal(o.strikes + 1, locale);
  const window = humanDuration(o.policy.strikeWindow, locale);
  const counts = es ? `Sería su ${nth} ausencia en ${window}` : `This would be your ${nth} no-show in ${window}`;
  const sn = o.policy.sanctions;
  switch (o.terms.consequence) {
    case 'warning':
      lines.push(es ? `${counts}: recibiría un aviso.` : `${counts}: you would receive a warning.`);
      break;
    case 'penalty': {
      const fee = formatMoney(sn.penaltyFee, locale);
      const from = formatSessionTime(instantAfter(now, sn.penaltyEmbargo, timeZone).toISO()!, timeZone, locale);
      lines.push(
        es
          ? `${counts}: su próxima sesión conllevaría una tarifa de ${fee} o no podría empezar antes del ${from}.`
          : `${counts}: your next session would carry a fee of ${fee} or could start no earlier than ${from}.`,
      );
      break;
    }
    case 'reduced_support':
      lines.push(
        es
          ? `${counts}: no podría reservar sesiones 1:1 hasta que caduque alguna de ellas (el chat, el centro de ayuda y la Academia siguen disponibles).`
          : `${counts}: you could not book 1:1 sessions until one of them expires (chat, the help centre and the Academy remain available).`,
      );
      break;
    case 'none':
      break;
  }
  return { late: true, lines };
}

/** The penalty in force, in words: moving to a time before `earliestFreeStart` carries the fee. */
export function penaltyWords(p: NonNullable<Outlook['penalty']>, timeZone: string, locale: Locale): string {
  const fee = formatMoney(p.fee, locale);
  const from = formatSessionTime(p.earliestFreeStart, timeZone, locale);
  return locale === 'es'
    ? `Por ausencias anteriores, una sesión que empiece antes del ${from} conlleva una tarifa de ${fee}. Puede aceptarla o elegir una hora a partir de esa fecha.`
    : `Because of earlier no-shows, a session starting before ${from} carries a fee of ${fee}. You can accept it, or choose a time from that date on.`;
}
