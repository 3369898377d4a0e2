import { Router } from 'express';
import { atLeast, requireRole } from '../auth';
import { ApiError } from '../errors';
import { logIds } from '../request-log';
import { attendanceBody, bookBody, cancelBody, idempotencyHeaders, idParam, parse, rescheduleBody } from '../schemas';
import { bookingLinks } from '../../links/tokens';
import type { RouteDeps } from './deps';

export function bookingsRouter({ settings, bookings }: RouteDeps): Router {
  const r = Router();
  const ui = requireRole(settings, 'booking_ui');
  /** The Idempotency-Key header, when sent: printable ASCII, at most 200 characters (else VALIDATION_FAILED). */
  const idempotencyKey = (h: string | undefined) => parse(idempotencyHeaders, { 'Idempotency-Key': h })['Idempotency-Key'];

  r.post('/v1/bookings', ui, async (req, res) => {
    const body = parse(bookBody, req.body);
    const booking = await bookings.book(body, idempotencyKey(req.get('idempotency-key')));
    logIds(res, { bookingId: booking.id, customerId: booking.customerId });
    res.status(201).json({ booking, links: await bookingLinks(booking, settings.linkSecret, settings.publicBaseUrl) });
  });

  r.get('/v1/bookings/:id', ui, async (req, res) => {
    res.json(await bookings.get(parse(idParam, req.params.id)));
  });

  r.get('/v1/bookings/:id/change-terms', ui, async (req, res) => {
    res.json(await bookings.changeTerms(parse(idParam, req.params.id)));
  });

  r.post('/v1/bookings/:id/reschedule', ui, async (req, res) => {
    const body = parse(rescheduleBody, req.body);
    const requestedBy = atLeast(req.role, 'agent') ? 'agent' : 'customer';
    res.json(await bookings.reschedule(parse(idParam, req.params.id), body, { requestedBy, updateId: idempotencyKey(req.get('idempotency-key')) }));
  });

  r.post('/v1/bookings/:id/cancel', ui, async (req, res) => {
    const body = parse(cancelBody, req.body);
    if (body.bySupport && !atLeast(req.role, 'agent')) throw new ApiError('FORBIDDEN', 'Only agents may cancel on behalf of support');
    res.json(await bookings.cancel(parse(idParam, req.params.id), body, { updateId: idempotencyKey(req.get('idempotency-key')) }));
  });

  r.post('/v1/bookings/:id/attendance', requireRole(settings, 'agent'), async (req, res) => {
    const body = parse(attendanceBody, req.body);
    res.json(await bookings.recordAttendance(parse(idParam, req.params.id), body, { recordedBy: req.actor }));
  });
  return r;
}
