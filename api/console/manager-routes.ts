// What only managers do in the console: decide on conduct reports, lift restrictions, waive penalties, publish slots.
import { type Request, Router } from 'express';
import { DateTime } from 'luxon';
import { findConductReport, listConductReports } from '../../db/conduct';
import { findCustomerRows } from '../../db/customers';
import { ApiError } from '../errors';
import type { RouteDeps } from '../routes/deps';
import { decisionBody, idParam, parse, slotsBody, weeklyHoursBody } from '../schemas';
import { expandWeeklyHours, type WeeklyHours } from '../weekly-hours';
import { ctx } from './agent-routes';
import { renderEraseConfirm } from './views/customer';
import { renderAvailabilityDone, renderAvailabilityForm, renderAvailabilityPreview } from './views/availability';
import { CHOICES, type Choice, renderDecisionConfirm, renderDecisionForm, renderReports } from './views/reports';

export function managerRoutes({ pool, settings, bookings, customers, slots, erasure }: RouteDeps): Router {
  const r = Router();
  const actor = (res: Parameters<typeof ctx>[0]) => ctx(res).session!.actor;

  async function report(raw: unknown) {
    const found = await findConductReport(pool, parse(idParam, raw));
    if (!found) throw new ApiError('NOT_FOUND', 'No such conduct report');
    const name = (await findCustomerRows(pool, [found.customer_id])).get(found.customer_id)?.name ?? found.customer_id;
    return { report: found, customerName: name };
  }

  r.get('/reports', async (_req, res) => {
    const open = await listConductReports(pool, { status: 'open' });
    const names = await findCustomerRows(pool, [...new Set(open.map((o) => o.customer_id))]);
    res.type('html').send(renderReports(ctx(res), open.map((o) => ({ ...o, customerName: names.get(o.customer_id)?.name ?? o.customer_id }))));
  });

  r.get('/reports/:id', async (req, res) => {
    const { report: rep, customerName } = await report(req.params.id);
    res.type('html').send(renderDecisionForm(ctx(res), rep, customerName, await bookings.standing(rep.customer_id)));
  });

  /** The form's choice as the API's decision body, validated by the API's schema. */
  function decisionOf(req: Request): { choice: Choice; body: ReturnType<typeof decisionBody.parse> } {
    const choice = req.body?.choice as Choice;
    if (!CHOICES.includes(choice)) throw new ApiError('VALIDATION_FAILED', 'Choose a decision', { fields: [{ path: 'choice', message: `one of ${CHOICES.join(', ')}` }] });
    let until: string | undefined = req.body?.until;
    if (choice === 'restrict_until' && !until) {
      const day = DateTime.fromISO(String(req.body?.untilDate ?? ''), { zone: ctx(req.res!).zone });
      if (!day.isValid) throw new ApiError('VALIDATION_FAILED', 'Give the date the restriction ends', { fields: [{ path: 'untilDate', message: 'a date' }] });
      until = day.startOf('day').toISO()!;
    }
    const action = choice.startsWith('restrict') ? 'restrict' : choice;
    const body = parse(decisionBody, { action, ...(choice === 'restrict_until' ? { until } : {}), ...(req.body?.note ? { note: req.body.note } : {}) });
    return { choice, body };
  }

  r.post('/reports/:id/confirm', async (req, res) => {
    const { report: rep, customerName } = await report(req.params.id);
    const { choice, body } = decisionOf(req);
    res.type('html').send(renderDecisionConfirm(ctx(res), rep, { choice, until: body.until, note: body.note, customerName }));
  });

  r.post('/reports/:id/decide', async (req, res) => {
    const { report: rep } = await report(req.params.id);
    const { body } = decisionOf(req);
    await customers.decide(rep.customer_id, rep.id, body, actor(res));
    res.redirect(303, `/console/customers/${encodeURIComponent(rep.customer_id)}?done=decided`);
  });

  r.post('/customers/:id/restriction/lift', async (req, res) => {
    await customers.liftRestriction(req.params.id, actor(res), req.body?.note);
    res.redirect(303, `/console/customers/${encodeURIComponent(req.params.id)}?done=lifted`);
  });

  r.post('/customers/:id/penalty/waive', async (req, res) => {
    await customers.waivePenalty(req.params.id, actor(res), req.body?.note);
    res.redirect(303, `/console/customers/${encodeURIComponent(req.params.id)}?done=waived`);
  });

  const customerRow = async (raw: unknown) => {
    const id = await customers.mustExist(raw);
    return (await findCustomerRows(pool, [id])).get(id)!;
  };
  r.post('/customers/:id/erase/confirm', async (req, res) => {
    res.type('html').send(renderEraseConfirm(ctx(res), await customerRow(req.params.id)));
  });
  r.post('/customers/:id/erase', async (req, res) => {
    const row = await customerRow(req.params.id);
    await erasure.erase(row.id);
    res.redirect(303, `/console/customers/${encodeURIComponent(row.id)}?done=erased`);
  });

  r.get('/availability', (_req, res) => {
    const c = ctx(res);
    const tomorrow = DateTime.now().setZone(settings.policy.defaultTimeZone).plus({ days: 1 }).toISODate()!;
    const defaults: Partial<WeeklyHours> = { days: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '13:00', sessionMinutes: 60, timeZone: settings.policy.defaultTimeZone, from: tomorrow, weeks: 2, sessionType: 'implementation' };
    res.type('html').send(renderAvailabilityForm(c, defaults));
  });

  /** The weekly hours and the slots they give, validated as POST /v1/slots validates slots. */
  function expand(req: Request, publishing = false) {
    const hours = parse(weeklyHoursBody, req.body);
    const inputs = expandWeeklyHours(hours);
    if (inputs.length > 0 || publishing) parse(slotsBody, { slots: inputs });
    return { hours, inputs };
  }

  r.post('/availability/preview', (req, res) => {
    const { hours, inputs } = expand(req);
    res.type('html').send(renderAvailabilityPreview(ctx(res), hours, inputs));
  });

  r.post('/availability/publish', async (req, res) => {
    const { hours, inputs } = expand(req, true);
    const created = await slots.publish(inputs);
    res.status(201).type('html').send(renderAvailabilityDone(ctx(res), hours, created));
  });
  return r;
}
