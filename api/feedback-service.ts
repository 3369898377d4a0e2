// Feedback after an attended session (seed §5): one answer per booking, changeable until FEEDBACK_WINDOW after the
// session's end, through a link scoped `feedback` that can do nothing else.
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { findFeedback, listFeedback, upsertFeedback, type FeedbackAnswer } from '../db/feedback';
import type { BookingView } from '../domain/booking';
import { FEEDBACK_WINDOW_MS } from '../links/tokens';
import { observeFeedbackRating } from '../observability/metrics';
import type { BookingService } from './bookings-service';
import { ApiError } from './errors';
import { resolveLink } from './link-resolve';

export function createFeedbackService({ pool, settings, bookings }: { pool: Pool; settings: Settings; bookings: BookingService }) {
  /** The attended booking a feedback token is for, while its answer may still be given or changed. */
  async function open(token: string): Promise<{ booking: BookingView; answer: FeedbackAnswer | undefined }> {
    const { booking } = await resolveLink(token, ['feedback'], { secret: settings.linkSecret, bookings });
    if (booking.status !== 'attended') throw new ApiError('LINK_INVALID', 'Feedback is asked only of attended sessions');
    if (Date.now() > Date.parse(booking.end) + FEEDBACK_WINDOW_MS) throw new ApiError('LINK_EXPIRED', 'Feedback for this session can no longer be given');
    return { booking, answer: await findFeedback(pool, booking.id) };
  }

  async function answer(token: string, body: { rating: number; comment?: string }): Promise<FeedbackAnswer> {
    const { booking } = await open(token);
    const stored = await upsertFeedback(pool, {
      bookingId: booking.id,
      customerId: booking.customerId,
      agentId: booking.agentId,
      sessionType: booking.sessionType,
      rating: body.rating,
      comment: body.comment ? body.comment : null,
    });
    observeFeedbackRating(stored.rating, stored.sessionType);
    return stored;
  }

  return { open, answer, list: (q: Parameters<typeof listFeedback>[1]) => listFeedback(pool, q) };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
