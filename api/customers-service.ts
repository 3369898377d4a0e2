// Customers as the API and the console drive them: conduct reports, decisions, restriction lift, penalty waiver.
// No SQL here (db/) and no rule of its own: the customer's workflow decides.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { customerExists } from '../db/customers';
import { decideConductReport, insertConductReport } from '../db/conduct';
import { findStoredStanding } from '../db/standings';
import type { Standing } from '../domain/customer';
import { conductDecisionUpdate, conductReportUpdate, liftRestrictionUpdate, waivePenaltyUpdate } from '../workflows/customer-messages';
import { customerWorkflowId } from '../workflows/ids';
import { ApiError } from './errors';
import { conductReportBody, decisionBody, idParam, parse } from './schemas';

/** How long a change waits for the customer's workflow to project the standing it answered. */
const PROJECTION_WAIT_MS = 5000;

export function createCustomerService({ pool, client }: { pool: Pool; client: Client }) {
  const handle = (id: string) => client.workflow.getHandle(customerWorkflowId(id));

  /**
   * Reads come from the read model (no worker needed), which the workflow writes just after its Update answers: a
   * change waits, bounded, until the standing it answered is stored, so the page shown next reads it.
   */
  async function projected(standing: Standing): Promise<Standing> {
    const deadline = Date.now() + PROJECTION_WAIT_MS;
    while (Date.now() < deadline) {
      if (isDeepStrictEqual(await findStoredStanding(pool, standing.customerId), standing)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return standing;
  }

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
    const standing = await handle(id).executeUpdate(conductDecisionUpdate, { args: [{ reportId, ...body, decidedBy }] });
    await decideConductReport(pool, reportId, { ...body, decidedBy });
    return projected(standing);
  }

  async function liftRestriction(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    return projected(await handle(id).executeUpdate(liftRestrictionUpdate, { args: [{ by, note }] }));
  }

  async function waivePenalty(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    return projected(await handle(id).executeUpdate(waivePenaltyUpdate, { args: [{ by, note }] }));
  }

  return { mustExist, reportConduct, decide, liftRestriction, waivePenalty };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
