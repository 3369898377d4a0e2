/** The webhook events of CONTRACT §6: one closed set, shared by subscriptions (validation) and emitters. */
export const WEBHOOK_EVENTS = [
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
  'booking.started',
  'booking.attended',
  'booking.no_show',
  'booking.unresponsive',
  'booking.unrecorded',
  'customer.standing_changed',
  'feedback.received',
  'conversation.created',
  'conversation.replied',
  'conversation.sla_warning',
  'conversation.sla_breached',
  'workshop.registered',
  'workshop.waitlisted',
  'workshop.promoted',
  'workshop.registration_cancelled',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One event as the projections emit it: `data` is what the API answers for the entity, with its revision. */
export interface WebhookEvent {
  type: WebhookEventType;
  /**
   * Stable per occurrence (e.g. `booking:<id>:r<revision>`), so that a retried projection emits it once. Its first two
   * `:`-separated parts name the entity: one subscription's deliveries of one entity start in event order.
   */
  eventId: string;
  data: Record<string, unknown>;
}
