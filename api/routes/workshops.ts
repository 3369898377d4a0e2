import { Router } from 'express';
import { toRegistration, toWorkshop } from '../../db/workshops';
import { atLeast, requireRole } from '../auth';
import { ApiError } from '../errors';
import { decodeCursor, sendPage } from '../paging';
import { logIds } from '../request-log';
import { idParam, parse } from '../schemas';
import {
  registerBody,
  registrationAttendanceBody,
  registrationCancelBody,
  rosterQuery,
  workshopBody,
  workshopsQuery,
} from '../workshop-schemas';
import type { WorkshopService } from '../workshops-service';
import type { RouteDeps } from './deps';

/** The workshop endpoints of CONTRACT §5. */
export function workshopsRouter({ settings, workshops }: RouteDeps & { workshops: WorkshopService }): Router {
  const r = Router();
  const ui = requireRole(settings, 'booking_ui');
  const agent = requireRole(settings, 'agent');
  const manager = requireRole(settings, 'manager');
  const idempotencyKey = (h: string | undefined) => (h && h.length <= 200 ? h : undefined);

  r.post('/v1/workshops', manager, async (req, res) => {
    res.status(201).json(await workshops.create(parse(workshopBody, req.body)));
  });

  r.get('/v1/workshops', ui, async (req, res) => {
    const q = parse(workshopsQuery, req.query);
    const key = decodeCursor(q.cursor);
    const rows = await workshops.listUpcoming({ from: q.from, to: q.to, after: key?.length === 2 ? key : undefined, limit: q.limit + 1 });
    sendPage(req, res, settings.publicBaseUrl, rows, q.limit, (w) => [w.sort_us, w.id], (w) => toWorkshop(w));
  });

  r.get('/v1/workshops/:id', ui, async (req, res) => {
    res.json(await workshops.get(parse(idParam, req.params.id)));
  });

  r.get('/v1/workshops/:id/registrations', agent, async (req, res) => {
    const workshopId = parse(idParam, req.params.id);
    const q = parse(rosterQuery, req.query);
    await workshops.get(workshopId); // 404 for an unknown workshop
    const key = decodeCursor(q.cursor);
    const rows = await workshops.roster({ workshopId, after: key?.length === 2 ? key : undefined, limit: q.limit + 1 });
    sendPage(req, res, settings.publicBaseUrl, rows, q.limit, (x) => [x.roster_key, x.id], toRegistration);
  });

  r.post('/v1/workshops/:id/registrations', ui, async (req, res) => {
    const workshopId = parse(idParam, req.params.id);
    const body = parse(registerBody, req.body);
    const answer = await workshops.register(workshopId, body.customerId, idempotencyKey(req.get('idempotency-key')));
    logIds(res, { customerId: body.customerId });
    res.status(201).json(answer);
  });

  r.post('/v1/workshops/:id/cancel', manager, async (req, res) => {
    res.json(await workshops.cancelWorkshop(parse(idParam, req.params.id), req.actor!));
  });

  r.get('/v1/registrations/:id', ui, async (req, res) => {
    res.json(await workshops.getRegistration(parse(idParam, req.params.id)));
  });

  r.post('/v1/registrations/:id/cancel', ui, async (req, res) => {
    const body = parse(registrationCancelBody, req.body);
    if (body.bySupport && !atLeast(req.role, 'agent')) throw new ApiError('FORBIDDEN', 'Only agents may cancel on behalf of support');
    res.json(await workshops.cancelRegistration(parse(idParam, req.params.id), body, { updateId: idempotencyKey(req.get('idempotency-key')) }));
  });

  r.post('/v1/registrations/:id/attendance', agent, async (req, res) => {
    const body = parse(registrationAttendanceBody, req.body);
    res.json(await workshops.recordAttendance(parse(idParam, req.params.id), body.outcome, req.actor));
  });
  return r;
}
