// The workshop workflow's state and the pure rules over it: seats, the waitlist's order, positions. Workflow-safe:
// no I/O, JSON-plain (carried across continue-as-new).
import type { Locale, ReminderView } from '../domain/booking';
import { type RegistrationStatus, type RegistrationView, SEATED, type WorkshopView } from '../domain/workshop';
import type { WebhookEventType } from '../webhooks/events';

export interface SeatState {
  id: string;
  customerId: string;
  status: RegistrationStatus;
  /** 1..capacity while holding a seat. */
  seat: number | null;
  /** The order in which the workshop accepted the registration: the waitlist's order. */
  accepted: number;
  position: number | null;
  timeZone: string;
  locale: Locale;
  reminders: ReminderView[];
  idempotencyKey: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** What the main loop still has to do: messages, the seats' own workflows, hand-offs. */
export type WorkshopTask =
  | { send: { kind: 'workshop_registration' | 'workshop_waitlisted' | 'workshop_promoted' | 'workshop_cancellation'; registrationId: string; customerId: string; occasion: string; facts?: Record<string, boolean> } }
  | { startSeat: string }
  | { releaseSeat: string }
  | { strike: { registrationId: string; customerId: string; kind: 'late_cancel' | 'no_show'; at: string } };

export interface WorkshopState {
  w: WorkshopView;
  regs: SeatState[];
  accepted: number;
  tasks: WorkshopTask[];
  /** Seats whose own workflow was started (so a release signals it). */
  seatWorkflows: string[];
}

export const isSeated = (r: SeatState) => SEATED.includes(r.status);
export const isLive = (r: SeatState) => r.status === 'registered' || r.status === 'waitlisted';

/** The lowest seat number no registration holds, or null when the workshop is full. */
export function freeSeat(s: WorkshopState): number | null {
  const taken = new Set(s.regs.filter(isSeated).map((r) => r.seat));
  for (let n = 1; n <= s.w.capacity; n++) if (!taken.has(n)) return n;
  return null;
}

/** The waitlist in the order the workshop accepted it. */
export const waitlist = (s: WorkshopState) => s.regs.filter((r) => r.status === 'waitlisted').sort((a, b) => a.accepted - b.accepted);

/** The counts the workshop view shows. */
export function recount(s: WorkshopState): void {
  const registered = s.regs.filter(isSeated).length;
  s.w.registered = registered;
  s.w.waitlisted = s.regs.filter((r) => r.status === 'waitlisted').length;
  s.w.seatsLeft = s.w.status === 'cancelled' ? 0 : Math.max(0, s.w.capacity - registered);
}

/** Positions 1..n along the waitlist; returns the registrations whose position changed. */
export function renumber(s: WorkshopState): SeatState[] {
  const changed: SeatState[] = [];
  const queue = waitlist(s);
  for (const r of s.regs) {
    const position = r.status === 'waitlisted' ? queue.indexOf(r) + 1 : null;
    if (r.position !== position) {
      r.position = position;
      changed.push(r);
    }
  }
  return changed;
}

export const registrationView = (w: WorkshopView, r: SeatState): RegistrationView => ({
  id: r.id,
  workshopId: w.id,
  customerId: r.customerId,
  status: r.status,
  position: r.position,
  reminders: r.reminders.map((x) => ({ ...x })),
  timeZone: r.timeZone,
  locale: r.locale,
  revision: r.revision,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** One registration as the projection writes it: the view, its seat, and the webhook events of its changes. */
export interface RegistrationProjection {
  registration: RegistrationView;
  seat: number | null;
  capacity: number;
  idempotencyKey: string | null;
  /** The webhook events of the changes this write holds (a burst may hold more than one). */
  events?: Extract<WebhookEventType, `workshop.${string}`>[];
}
