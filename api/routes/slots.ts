import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { inTransaction, PG_EXCLUSION_VIOLATION, pgErrorCode } from '../../db/pool';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { parse, slotsBody, slotsQuery } from '../schemas';
import { insertSlot } from '../../db/slots';
import type { RouteDeps } from './deps';

export function slotsRouter({ pool, settings, bookings }: RouteDeps): Router {
  const r = Router();

  r.post('/v1/slots', requireRole(settings, 'manager'), async (req, res) => {
    const body = parse(slotsBody, req.body);
    const many = 'slots' in body;
    const inputs = many ? body.slots : [body];
    for (const s of inputs) {
      if (Date.parse(s.start) <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', 'A slot must start in the future', { start: s.start });
    }
    try {
      const created = await inTransaction(pool, async (tx) => {
        const out = [];
        for (const s of inputs) {
          out.push(await insertSlot(tx, { id: `slot_${randomUUID()}`, ...s }));
        }
        return out;
      });
      res.status(201).json(many ? created : created[0]);
    } catch (err) {
      if (pgErrorCode(err) === PG_EXCLUSION_VIOLATION) throw new ApiError('SLOT_UNAVAILABLE', 'The agent already has a slot overlapping that time');
      throw err;
    }
  });

  r.get('/v1/slots', requireRole(settings, 'booking_ui'), async (req, res) => {
    res.json(await bookings.freeSlots(parse(slotsQuery, req.query)));
  });
  return r;
}
