// Words for durations, money and counts in the customer's language: shared by the messages and the customer pages,
// so both say what the policy says (never a hard-coded "24 hours").
import { Duration } from 'luxon';
import type { Locale } from '../domain/booking';
import type { Money } from '../policy/types';

/** "PT24H" → "24 hours" / "24 horas"; "P12M" → "12 months" / "12 meses". */
export const humanDuration = (iso: string, locale: Locale): string => Duration.fromISO(iso).reconfigure({ locale }).toHuman({ listStyle: 'long' });

/** { amount: 5000, currency: 'EUR' } → "50,00 €" / "€50.00". */
export const formatMoney = (m: Money, locale: Locale): string => new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amount / 100);

const ORDINALS: Record<Locale, string[]> = {
  es: ['primera', 'segunda', 'tercera', 'cuarta', 'quinta'],
  en: ['first', 'second', 'third', 'fourth', 'fifth'],
};

/** 2 → "second" / "segunda" (feminine: "ausencia"); past five, "6th" / "6.ª". */
export const ordinal = (n: number, locale: Locale): string => ORDINALS[locale][n - 1] ?? (locale === 'es' ? `${n}.ª` : `${n}th`);

/** The change-notice sentence of every message about an upcoming session, from the booking's policy. */
export function noticeSentence(changeNotice: string, locale: Locale): string {
  const d = humanDuration(changeNotice, locale);
  return locale === 'es'
    ? `Si necesita cambiar o cancelar, avísenos con al menos ${d} de antelación: un cambio o una cancelación con menos de ${d} cuenta como una ausencia (no-show).`
    : `If you need to change or cancel, please tell us at least ${d} ahead: a change or cancellation less than ${d} before counts as a no-show.`;
}

const SESSION: Record<Locale, Record<string, string>> = {
  es: { implementation: 'sesión de implementación', quick_assist: 'asistencia rápida' },
  en: { implementation: 'implementation session', quick_assist: 'quick assist' },
};

/** "implementation session" / "sesión de implementación", as in a sentence. */
export const sessionName = (type: string, locale: Locale): string => SESSION[locale][type] ?? type;
/** "Implementation session", as a title. */
export const sessionTitle = (type: string, locale: Locale): string => {
  const n = sessionName(type, locale);
  return n.charAt(0).toUpperCase() + n.slice(1);
};

/** A workshop's title as in a sentence: «title» / "title". */
export const workshopName = (title: string, locale: Locale): string => (locale === 'es' ? `taller «${title}»` : `workshop "${title}"`);
