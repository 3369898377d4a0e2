// Customers as the API and the console drive them: conduct reports, decisions, restriction lift, penalty waiver.
// No SQL here (db/) and no rule of its own: the customer's workflow decides.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Pool } from 'pg';
import { customerExists } from '../db/customers';
import { decideConductReport, findConductReport, insertConductReport, insertDecision, noteTermination } from '../db/conduct';
import { dropPendingChange, fencePendingChange, findStanding } from '../db/standings';
import type { Standing } from '../domain/customer';
import { conductDecisionUpdate, conductReportUpdate, decisionFenceId, fencedDecision, liftRestrictionUpdate, waivePenaltyUpdate } from '../workflows/customer-messages';
import { customerWorkflowId } from '../workflows/ids';
import { ApiError } from './errors';
import { conductReportBody, decisionBody, idParam, noteBody, parse } from './schemas';

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
      if (isDeepStrictEqual(await findStanding(pool, standing.customerId), standing)) break;
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
    // The description stays in PostgreSQL; the customer's workflow gets the report's id.
    await insertConductReport(pool, { id: reportId, customerId: id, bookingId: body.bookingId ?? null, description: body.description, reportedBy });
    return handle(id).executeUpdate(conductReportUpdate, { args: [{ reportId, bookingId: body.bookingId, reportedBy }], updateId: `report:${reportId}` });
  }

  async function decide(rawId: unknown, rawReportId: unknown, rawBody: unknown, decidedBy: string): Promise<Standing> {
    const id = await mustExist(rawId);
    const body = parse(decisionBody, rawBody);
    const reportId = parse(idParam, rawReportId);
    const report = await findConductReport(pool, reportId);
    if (!report || report.customer_id !== id) throw new ApiError('NOT_FOUND', `No conduct report ${reportId} of customer ${id}`);
    if (report.status !== 'open') throw new ApiError('NOT_FOUND', `No open conduct report ${reportId} of customer ${id}: it was decided`);
    // The note stays in PostgreSQL; the workflow gets the action, the end of a restriction and who decided. A decision
    // that stops bookings is fenced first: no booking is admitted on a standing that does not show it yet.
    const fence = fencedDecision(body.action) ? decisionFenceId(reportId) : null;
    if (fence) await fencePendingChange(pool, { customerId: id, eventId: fence });
    const standing = await handle(id)
      .executeUpdate(conductDecisionUpdate, { args: [{ reportId, action: body.action, until: body.until, decidedBy }] })
      .catch(async (err) => {
        if (fence && err instanceof WorkflowUpdateFailedError) await dropPendingChange(pool, fence); // refused: nothing changed
        throw err;
      });
    await decideConductReport(pool, reportId, { ...body, decidedBy });
    await insertDecision(pool, { customerId: id, action: body.action, reportId, until: body.until, note: body.note, decidedBy });
    if (body.action === 'terminate' && body.note) await noteTermination(pool, id, body.note);
    return projected(standing);
  }

  /** A lift's or waiver's optional note, checked as every text is (schemas.ts). */
  const noteOf = (note: unknown): string | null => parse(noteBody, { note }).note ?? null;

  async function liftRestriction(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    const text = noteOf(note);
    const standing = await handle(id).executeUpdate(liftRestrictionUpdate, { args: [{ by }] });
    await insertDecision(pool, { customerId: id, action: 'lift_restriction', note: text, decidedBy: by });
    return projected(standing);
  }

  async function waivePenalty(rawId: unknown, by: string, note?: string): Promise<Standing> {
    const id = await mustExist(rawId);
    const text = noteOf(note);
    const standing = await handle(id).executeUpdate(waivePenaltyUpdate, { args: [{ by }] });
    await insertDecision(pool, { customerId: id, action: 'waive_penalty', note: text, decidedBy: by });
    return projected(standing);
  }

  return { mustExist, reportConduct, decide, liftRestriction, waivePenalty };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
