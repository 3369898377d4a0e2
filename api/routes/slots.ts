import { Router } from 'express';
import { freeSlotRows, toSlot } from '../../db/slots';
import { requireRole } from '../auth';
import { decodeCursor, sendPage } from '../paging';
import { parse, slotsBody, slotsQuery } from '../schemas';
import type { RouteDeps } from './deps';

export function slotsRouter({ pool, settings, slots }: RouteDeps): Router {
  const r = Router();

  r.post('/v1/slots', requireRole(settings, 'manager'), async (req, res) => {
    const body = parse(slotsBody, req.body);
    const many = 'slots' in body;
    const created = await slots.publish(many ? body.slots : [body]);
    res.status(201).json(many ? created : created[0]);
  });

  // Free slots by start, in pages (indexes slots_page, slots_type_page).
  r.get('/v1/slots', requireRole(settings, 'booking_ui'), async (req, res) => {
    const { limit, cursor, ...filter } = parse(slotsQuery, req.query);
    const rows = await freeSlotRows(pool, { ...filter, after: decodeCursor(cursor), limit: limit + 1 });
    sendPage(req, res, settings.publicBaseUrl, rows, limit, (s) => [s.sort_us, s.id], toSlot);
  });
  return r;
}
