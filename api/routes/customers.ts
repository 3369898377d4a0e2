import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { customerWorkflowId } from '../../workflows/ids';
import { customerExists, upsertCustomer } from '../../db/customers';
import { decideConductReport, insertConductReport } from '../../db/conduct';
import type { CustomerProfile } from '../../domain/customer';
import {
  conductDecisionUpdate,
  conductReportUpdate,
  type CustomerInput,
  liftRestrictionUpdate,
  profileSignal,
  waivePenaltyUpdate,
} from '../../workflows/customer-messages';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { conductReportBody, customerBody, decisionBody, idParam, parse } from '../schemas';
import type { RouteDeps } from './deps';

export function customersRouter({ pool, client, settings, bookings }: RouteDeps): Router {
  const r = Router();
  const ui = requireRole(settings, 'booking_ui');
  const agent = requireRole(settings, 'agent');
  const manager = requireRole(settings, 'manager');
  const customerHandle = (id: string) => client.workflow.getHandle(customerWorkflowId(id));
  /** The customer id of the path, once PUT /v1/customers/:id has stored that customer. */
  const mustExist = async (raw: unknown): Promise<string> => {
    const id = parse(idParam, raw);
    if (!(await customerExists(pool, id))) throw new ApiError('NOT_FOUND', `No customer ${id}`);
    return id;
  };

  r.put('/v1/customers/:customerId', ui, async (req, res) => {
    const id = parse(idParam, req.params.customerId);
    const body = parse(customerBody, req.body);
    if (!settings.policy.plans[body.plan]) {
      throw new ApiError('VALIDATION_FAILED', `Unknown plan ${body.plan}`, { fields: [{ path: 'plan', message: `one of ${Object.keys(settings.policy.plans).join(', ')}` }] });
    }
    const profile: CustomerProfile = { ...body, phone: body.phone ?? null };
    const created = await upsertCustomer(pool, id, profile);
    await client.workflow.signalWithStart('customerWorkflow', {
      workflowId: customerWorkflowId(id),
      taskQueue: settings.taskQueue,
      args: [{ customerId: id, profile, policy: settings.policy }] as [CustomerInput],
      signal: profileSignal,
      signalArgs: [{ profile, policy: settings.policy }],
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
    const id = await mustExist(req.params.customerId);
    const body = parse(conductReportBody, req.body);
    const reportId = randomUUID();
    const answer = await customerHandle(id).executeUpdate(conductReportUpdate, {
      args: [{ reportId, description: body.description, bookingId: body.bookingId, reportedBy: req.actor! }],
    });
    await insertConductReport(pool, { id: reportId, customerId: id, bookingId: body.bookingId ?? null, description: body.description, reportedBy: req.actor! });
    res.status(201).json(answer);
  });

  r.post('/v1/customers/:customerId/conduct-reports/:reportId/decision', manager, async (req, res) => {
    const id = await mustExist(req.params.customerId);
    const body = parse(decisionBody, req.body);
    const reportId = parse(idParam, req.params.reportId);
    const standing = await customerHandle(id).executeUpdate(conductDecisionUpdate, {
      args: [{ reportId, ...body, decidedBy: req.actor! }],
    });
    await decideConductReport(pool, reportId, { ...body, decidedBy: req.actor });
    res.json(standing);
  });

  r.post('/v1/customers/:customerId/restriction/lift', manager, async (req, res) => {
    const id = await mustExist(req.params.customerId);
    res.json(await customerHandle(id).executeUpdate(liftRestrictionUpdate, { args: [{ by: req.actor!, note: req.body?.note }] }));
  });

  r.post('/v1/customers/:customerId/penalty/waive', manager, async (req, res) => {
    const id = await mustExist(req.params.customerId);
    res.json(await customerHandle(id).executeUpdate(waivePenaltyUpdate, { args: [{ by: req.actor!, note: req.body?.note }] }));
  });
  return r;
}
