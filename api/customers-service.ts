// Customers as the API and the console drive them: conduct reports, decisions, restriction lift, penalty waiver.
// No SQL here (db/) and no rule of its own: the customer's workflow decides.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { customerExists } from '../db/customers';
import { decideConductReport, findConductReport, insertConductReport } from '../db/conduct';
import type { Standing } from '../domain/customer';
import { conductDecisionUpdate, conductReportUpdate, liftRestrictionUpdate, waivePenaltyUpdate } from '../workflows/customer-messages';
import { customerWorkflowId } from '../workflows/ids';
import { ApiError } from './errors';
import { conductReportBody, decisionBody, idParam, parse } from './schemas';

export function createCustomerService({ pool, client }: { pool: Pool; client: Client }) {
  const handle = (id: string) => client.workflow.getHandle(customerWorkflowId(id));

  /** The customer id, once PUT /v1/customers/:id has stored that customer. */
  async function mustExist(raw: unknown): Promise<string> {
    const id = parse(idParam, raw);
    if (!(await customerExists(pool, id))) throw new ApiError('NOT_FOUND', `No customer ${id}`);
    return id;
  }

  async function reportConduct(rawId: unknown, rawBody: unknown, reportedBy: string) {
    const id = await mustExist(rawId);
    const body = parse(conductReportBody, rawBody);
    const reportId = randomUUID();
    const answer = await handle(id).executeUpdate(conductReportUpdate, {
      args: [{ reportId, description: body.description, bookingId: body.bookingId, reportedBy }],
    });
    await insertConductReport(pool, { id: reportId, customerId: id, bookingId: body.bookingId ?? null, description: body.description, reportedBy });
    return answer;
  }

  async function decide(rawId: unknown, rawReportId: unknown, rawBody: unknown, decidedBy: string): Promise<Standing> {
    const id = await mustExist(rawId);
    const body = parse(decisionBody, rawBody);
    const reportId = parse(idParam, rawReportId);
    const report = await findConductReport(pool, reportId);
    if (report?.customer_id !== id || report.status !== 'open') throw new ApiError('NOT_FOUND', `No open conduct report ${reportId} of customer ${id}`);
    const standing = await handle(id).executeUpdate(conductDecisionUpdate, { args: [{ reportId, ...body, decidedBy }] });
    await decideConductReport(pool, reportId, { ...body, decidedBy });
    return standing;
  }

  async function liftRestriction(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    return handle(id).executeUpdate(liftRestrictionUpdate, { args: [{ by, note }] });
  }

  async function waivePenalty(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    return handle(id).executeUpdate(waivePenaltyUpdate, { args: [{ by, note }] });
  }

  return { mustExist, reportConduct, decide, liftRestriction, waivePenalty };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
