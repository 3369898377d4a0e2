import { Router } from 'express';
import { customerWorkflowId } from '../../workflows/ids';
import { upsertCustomer } from '../../db/customers';
import type { CustomerProfile } from '../../domain/customer';
import { type CustomerInput, profileSignal } from '../../workflows/customer-messages';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { customerBody, idParam, parse } from '../schemas';
import type { RouteDeps } from './deps';

export function customersRouter({ pool, client, settings, bookings, customers }: RouteDeps): Router {
  const r = Router();
  const ui = requireRole(settings, 'booking_ui');
  const agent = requireRole(settings, 'agent');
  const manager = requireRole(settings, 'manager');
  const mustExist = customers.mustExist;

  r.put('/v1/customers/:customerId', ui, async (req, res) => {
    const id = parse(idParam, req.params.customerId);
    const body = parse(customerBody, req.body);
    if (!settings.policy.plans[body.plan]) {
      throw new ApiError('VALIDATION_FAILED', `Unknown plan ${body.plan}`, { fields: [{ path: 'plan', message: `one of ${Object.keys(settings.policy.plans).join(', ')}` }] });
    }
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
    const id = await mustExist(req.params.customerId);
    res.json(await bookings.listForCustomer(id));
  });

  r.post('/v1/customers/:customerId/conduct-reports', agent, async (req, res) => {
    res.status(201).json(await customers.reportConduct(req.params.customerId, req.body, req.actor!));
  });

  r.post('/v1/customers/:customerId/conduct-reports/:reportId/decision', manager, async (req, res) => {
    res.json(await customers.decide(req.params.customerId, req.params.reportId, req.body, req.actor!));
  });

  r.post('/v1/customers/:customerId/restriction/lift', manager, async (req, res) => {
    res.json(await customers.liftRestriction(req.params.customerId, req.actor!, req.body?.note));
  });

  r.post('/v1/customers/:customerId/penalty/waive', manager, async (req, res) => {
    res.json(await customers.waivePenalty(req.params.customerId, req.actor!, req.body?.note));
  });
  return r;
}
