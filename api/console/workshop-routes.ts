// The console's workshops: everyone sees them and takes attendance for a whole roster at once; managers create and
// cancel them. The same service as the HTTP API, the same schemas.
import { type Request, type Response, Router } from 'express';
import { DateTime } from 'luxon';
import { findCustomerRows } from '../../db/customers';
import { listWorkshopsBetween, toRegistration, toWorkshop } from '../../db/workshops';
import type { RegistrationView } from '../../domain/workshop';
import { ApiError } from '../errors';
import type { RouteDeps } from '../routes/deps';
import { idParam, parse } from '../schemas';
import { workshopBody } from '../workshop-schemas';
import { ctx } from './agent-routes';
import { renderWorkshop, renderWorkshops, type RosterLine } from './views/workshops';

const ROSTER_LIMIT = 2000;
const isManager = (res: Response) => ctx(res).session!.role === 'manager';
const managerOnly = (res: Response) => {
  if (!isManager(res)) throw new ApiError('FORBIDDEN', 'This needs the manager role');
};

export function workshopRoutes({ pool, workshops }: RouteDeps): Router {
  const r = Router();

  r.get('/workshops', async (_req, res) => {
    const now = new Date();
    const [upcoming, recent] = await Promise.all([
      workshops.listUpcoming({ limit: 200 }),
      listWorkshopsBetween(pool, { from: new Date(now.getTime() - 14 * 24 * 3600_000), to: now, limit: 200 }),
    ]);
    res.type('html').send(renderWorkshops(ctx(res), { upcoming: upcoming.map((w) => toWorkshop(w)), recent: recent.map((w) => toWorkshop(w)).reverse(), manager: isManager(res) }));
  });

  /** The create form's fields as the API's body: a local start in the console's zone and a duration. */
  r.post('/workshops', async (req, res) => {
    managerOnly(res);
    const c = ctx(res);
    const start = DateTime.fromISO(String(req.body?.start ?? ''), { zone: c.zone });
    const minutes = Number(req.body?.minutes);
    if (!start.isValid) throw new ApiError('VALIDATION_FAILED', 'Give the start', { fields: [{ path: 'start', message: 'a date and time' }] });
    const end = Number.isInteger(minutes) && minutes > 0 ? start.plus({ minutes }) : start;
    const body = parse(workshopBody, {
      title: req.body?.title,
      agentId: req.body?.agentId,
      start: start.toISO(),
      end: end.toISO(),
      capacity: Number(req.body?.capacity),
      ...(req.body?.locale ? { locale: req.body.locale } : {}),
    });
    const w = await workshops.create(body);
    res.redirect(303, `/console/workshops/${encodeURIComponent(w.id)}?done=created`);
  });

  r.get('/workshops/:id', async (req, res) => {
    const workshop = await workshops.get(parse(idParam, req.params.id));
    const rows = (await workshops.roster({ workshopId: workshop.id, limit: ROSTER_LIMIT })).map(toRegistration);
    const names = await findCustomerRows(pool, [...new Set(rows.map((x) => x.customerId))]);
    const line = (registration: RegistrationView): RosterLine => ({ registration, customerName: names.get(registration.customerId)?.name ?? registration.customerId });
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    res.type('html').send(
      renderWorkshop(ctx(res), {
        workshop,
        seats: rows.filter((x) => x.status !== 'waitlisted').map(line),
        waitlist: rows.filter((x) => x.status === 'waitlisted').map(line),
        manager: isManager(res),
        done,
      }),
    );
  });

  /** The whole roster's attendance in one post: `outcome_<registrationId>` = attended | no_show for each one chosen. */
  r.post('/workshops/:id/attendance', async (req: Request, res) => {
    const workshop = await workshops.get(parse(idParam, req.params.id));
    const seats = new Set((await workshops.roster({ workshopId: workshop.id, limit: ROSTER_LIMIT })).map((x) => x.id));
    const chosen = Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([k]) => k.startsWith('outcome_'));
    for (const [field, value] of chosen) {
      const id = field.slice('outcome_'.length);
      if (!seats.has(id) || (value !== 'attended' && value !== 'no_show')) {
        throw new ApiError('VALIDATION_FAILED', 'Choose Attended or No-show', { fields: [{ path: field, message: 'attended or no_show' }] });
      }
    }
    for (const [field, value] of chosen) await workshops.recordAttendance(field.slice('outcome_'.length), value as 'attended' | 'no_show', ctx(res).session!.actor);
    res.redirect(303, `/console/workshops/${encodeURIComponent(workshop.id)}?done=recorded`);
  });

  r.post('/workshops/:id/cancel', async (req, res) => {
    managerOnly(res);
    const w = await workshops.cancelWorkshop(parse(idParam, req.params.id), ctx(res).session!.actor);
    res.redirect(303, `/console/workshops/${encodeURIComponent(w.id)}?done=cancelled`);
  });
  return r;
}
