import { Router } from 'express';
import { requireRole } from '../auth';
import { parse, slotsBody, slotsQuery } from '../schemas';
import type { RouteDeps } from './deps';

export function slotsRouter({ settings, bookings, slots }: RouteDeps): Router {
  const r = Router();

  r.post('/v1/slots', requireRole(settings, 'manager'), async (req, res) => {
    const body = parse(slotsBody, req.body);
    const many = 'slots' in body;
    const created = await slots.publish(many ? body.slots : [body]);
    res.status(201).json(many ? created : created[0]);
  });

  r.get('/v1/slots', requireRole(settings, 'booking_ui'), async (req, res) => {
    res.json(await bookings.freeSlots(parse(slotsQuery, req.query)));
  });
  return r;
}
