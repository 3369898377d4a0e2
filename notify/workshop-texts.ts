// The texts of the workshop messages (es/en): a seat, a waitlist place, a promotion, a cancellation.
import type { NotificationKind } from '../domain/notification';
import type { MessageFacts } from './templates';

type WorkshopKind = Extract<NotificationKind, `workshop_${string}`>;
type Lines = { subject: string; lines: string[]; sms?: string };

/** `what` is the workshop as in a sentence, `when` its start in the customer's zone, `notice` the change-notice sentence. */
export function workshopContent(kind: WorkshopKind, m: MessageFacts, x: { what: string; when: string; notice: string }): Lines {
  const es = m.locale === 'es';
  const f = m.facts ?? {};
  const position = typeof f.position === 'number' ? f.position : null;
  const cancel = typeof f.cancelLink === 'string' ? [`${es ? 'Cancelar' : 'Cancel'}: ${f.cancelLink}`] : [];
  const hello = es ? `Hola ${m.name}:` : `Hello ${m.name},`;
  switch (kind) {
    case 'workshop_registration':
      return es
        ? { subject: `Plaza confirmada: ${x.what}, ${x.when}`, lines: [hello, `Tiene plaza en el ${x.what} del ${x.when}. Le adjuntamos la invitación para su calendario.`, x.notice, ...cancel] }
        : { subject: `Seat confirmed: ${x.what}, ${x.when}`, lines: [hello, `You have a seat at the ${x.what} on ${x.when}. The calendar invite is attached.`, x.notice, ...cancel] };
    case 'workshop_waitlisted':
      return es
        ? { subject: `En lista de espera: ${x.what}`, lines: [hello, `El ${x.what} del ${x.when} está completo. Está en la lista de espera${position ? `, en la posición ${position}` : ''}: si se libera una plaza, será suya al momento y le avisaremos.`, ...cancel] }
        : { subject: `On the waitlist: ${x.what}`, lines: [hello, `The ${x.what} on ${x.when} is full. You are on the waitlist${position ? `, at position ${position}` : ''}: if a seat frees up, it is yours at once and we will tell you.`, ...cancel] };
    case 'workshop_promoted':
      return es
        ? { subject: `Ya tiene plaza: ${x.what}, ${x.when}`, lines: [hello, `Se ha liberado una plaza en el ${x.what} del ${x.when} y ahora es suya. Le adjuntamos la invitación para su calendario.`, x.notice, ...cancel] }
        : { subject: `You have a seat: ${x.what}, ${x.when}`, lines: [hello, `A seat freed up at the ${x.what} on ${x.when} and it is now yours. The calendar invite is attached.`, x.notice, ...cancel] };
    case 'workshop_cancellation':
      if (f.workshopCancelled === true) {
        return es
          ? { subject: `Taller cancelado: ${x.what}`, lines: [hello, `Lamentamos comunicarle que el ${x.what} del ${x.when} se ha cancelado. Su inscripción queda anulada sin ninguna consecuencia para usted.`] }
          : { subject: `Workshop cancelled: ${x.what}`, lines: [hello, `We are sorry to tell you that the ${x.what} on ${x.when} has been cancelled. Your registration is cancelled with no consequence for you.`] };
      }
      return es
        ? { subject: `Inscripción cancelada: ${x.what}`, lines: [hello, `Su inscripción en el ${x.what} del ${x.when} se ha cancelado.`] }
        : { subject: `Registration cancelled: ${x.what}`, lines: [hello, `Your registration for the ${x.what} on ${x.when} has been cancelled.`] };
  }
}
