import type { BookingStatus } from '../domain/booking';
import type { WebhookEventType } from './events';

const BY_STATUS: Partial<Record<BookingStatus, WebhookEventType>> = {
  cancelled: 'booking.cancelled',
  cancelled_late: 'booking.cancelled',
  cancelled_by_support: 'booking.cancelled',
  in_progress: 'booking.started',
  attended: 'booking.attended',
  no_show: 'booking.no_show',
  unresponsive: 'booking.unresponsive',
  unrecorded: 'booking.unrecorded',
};

/**
 * The event a booking's projection stands for, from the row before and after it: a new version is a move, a new
 * status its own event; a write that changes neither (a reminder's outcome) is no event.
 */
export function bookingEventType(before: { status: BookingStatus; version: number }, after: { status: BookingStatus; version: number }): WebhookEventType | null {
  if (after.version !== before.version) return 'booking.rescheduled';
  if (after.status === before.status) return null;
  return BY_STATUS[after.status] ?? null;
}
