import { Router } from 'express';
import { listBookingRows, toBooking } from '../../db/bookings';
import { customerWorkflowId } from '../../workflows/ids';
import { upsertCustomer } from '../../db/customers';
import type { CustomerProfile } from '../../domain/customer';
import { type CustomerInput, profileSignal } from '../../workflows/customer-messages';
import { requireRole } from '../auth';
import { decodeCursor, sendPage } from '../paging';
import { customerBodyFor, noteBody, pageOnlyQuery, params, parse } from '../schemas';
import type { RouteDeps } from './deps';

export function customersRouter({ pool, client, settings, bookings, customers, erasure }: RouteDeps): Router {
  const r = Router();
  const ui = requireRole(settings, 'booking_ui');
  const agent = requireRole(settings, 'agent');
  const manager = requireRole(settings, 'manager');
  const mustExist = customers.mustExist;
  const customerBody = customerBodyFor(Object.keys(settings.policy.plans));

  r.put('/v1/customers/:customerId', ui, async (req, res) => {
    const { customerId: id } = parse(params.customerId, req.params);
    const body = parse(customerBody, req.body);
    const profile: CustomerProfile = { ...body, phone: body.phone ?? null };
    const created = await upsertCustomer(pool, id, profile);
    // The customer's workflow gets what its rules need; name, email and phone stay in PostgreSQL.
    const terms = { plan: profile.plan, seats: profile.seats, timeZone: profile.timeZone };
    await client.workflow.signalWithStart('customerWorkflow', {
      workflowId: customerWorkflowId(id),
      taskQueue: settings.taskQueue,
      args: [{ customerId: id, profile: terms, policy: settings.policy }] as [CustomerInput],
      signal: profileSignal,
      signalArgs: [{ profile: terms, policy: settings.policy }],
    });
    res.status(created ? 201 : 200).json({ id, ...profile });
  });

  r.get('/v1/customers/:customerId/standing', ui, async (req, res) => {
    const id = await mustExist(req.params.customerId);
    res.json(await bookings.standing(id));
  });

  r.get('/v1/customers/:customerId/bookings', ui, async (req, res) => {
    const q = parse(pageOnlyQuery, req.query);
    const after = decodeCursor(q.cursor);
    const id = await mustExist(req.params.customerId);
    const rows = await listBookingRows(pool, id, { after, limit: q.limit + 1 });
    sendPage(req, res, settings.publicBaseUrl, rows, q.limit, (b) => [b.sort_us, b.id], toBooking);
  });

  r.post('/v1/customers/:customerId/conduct-reports', agent, async (req, res) => {
    res.status(201).json(await customers.reportConduct(req.params.customerId, req.body, req.actor!));
  });

  r.post('/v1/customers/:customerId/conduct-reports/:reportId/decision', manager, async (req, res) => {
    res.json(await customers.decide(req.params.customerId, req.params.reportId, req.body, req.actor!));
  });

  r.post('/v1/customers/:customerId/restriction/lift', manager, async (req, res) => {
    const { note } = parse(noteBody, req.body);
    res.json(await customers.liftRestriction(req.params.customerId, req.actor!, note));
  });

  r.post('/v1/customers/:customerId/erase', manager, async (req, res) => {
    res.json(await erasure.erase(await mustExist(req.params.customerId)));
  });

  r.post('/v1/customers/:customerId/penalty/waive', manager, async (req, res) => {
    const { note } = parse(noteBody, req.body);
    res.json(await customers.waivePenalty(req.params.customerId, req.actor!, note));
  });
  return r;
}
