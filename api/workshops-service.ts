// Live workshops as the API, the console and the registration page drive them: checks that need no workflow (the
// customer's plan and restriction from the standing's read model), then the workshop's workflow decides seats.
// No SQL here (db/) and no rule of its own (workflows/, policy/).
import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { findCustomerRows } from '../db/customers';
import { findStanding } from '../db/standings';
import { findRegistrationByKey, findRegistrationRow, liveRegistrationIds, findWorkshopRow, listRoster, listUpcomingWorkshops, toRegistration, toWorkshop } from '../db/workshops';
import type { RegistrationChange, RegistrationView, WorkshopAttendance, WorkshopView } from '../domain/workshop';
import { registrationLink } from '../links/tokens';
import { entitledChannels } from '../policy/entitlements';
import { workshopWorkflowId } from '../workflows/ids';
import {
  cancelRegistrationUpdate,
  cancelWorkshopUpdate,
  createWorkshopUpdate,
  registerUpdate,
  registrationAttendanceUpdate,
  type WorkshopInput,
} from '../workflows/workshop-messages';
import { bookingIdFor } from './bookings-service';
import { ApiError, toApiError } from './errors';

export interface WorkshopServiceDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
}

export function createWorkshopService({ pool, client, settings }: WorkshopServiceDeps) {
  const handle = (id: string) => client.workflow.getHandle(workshopWorkflowId(id));
  const workshopRow = async (id: string) => {
    const row = await findWorkshopRow(pool, id);
    if (!row) throw new ApiError('NOT_FOUND', `No workshop ${id}`);
    return row;
  };
  const registrationRow = async (id: string) => {
    const row = await findRegistrationRow(pool, id);
    if (!row) throw new ApiError('NOT_FOUND', `No registration ${id}`);
    return row;
  };
  /** A workshop whose workflow has ended takes no more changes. */
  const ended = (code: 'SLOT_UNAVAILABLE' | 'BOOKING_NOT_CHANGEABLE', id: string) => (err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw new ApiError(code, `Workshop ${id} takes no more changes`, code === 'SLOT_UNAVAILABLE' ? { workshopId: id } : {});
    throw err;
  };

  /** Creates the workshop through its workflow (update-with-start): the answer is the row it projected. */
  async function create(body: { title: string; agentId: string; start: string; end: string; capacity: number; locale?: 'es' | 'en' }): Promise<WorkshopView> {
    if (Date.parse(body.start) <= Date.now()) {
      throw new ApiError('VALIDATION_FAILED', 'A workshop starts in the future', { fields: [{ path: 'start', message: 'must be in the future' }] });
    }
    const id = randomUUID();
    const input: WorkshopInput = {
      workshop: { id, title: body.title, agentId: body.agentId, start: body.start, end: body.end, capacity: body.capacity, locale: body.locale ?? null, createdAt: new Date().toISOString() },
      policy: settings.policy,
      reminderLeadMs: settings.reminderLeadMs,
    };
    return client.workflow.executeUpdateWithStart(createWorkshopUpdate, {
      updateId: 'create',
      startWorkflowOperation: new WithStartWorkflowOperation('workshopWorkflow', {
        workflowId: workshopWorkflowId(id),
        taskQueue: settings.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  }

  const get = async (id: string): Promise<WorkshopView> => toWorkshop(await workshopRow(id));
  const getRegistration = async (id: string): Promise<RegistrationView> => toRegistration(await registrationRow(id));
  const link = async (r: RegistrationView) => registrationLink(r, (await workshopRow(r.workshopId)).start_at.toISOString(), settings.linkSecret, settings.publicBaseUrl);

  /**
   * Whether the customer may join workshops now, from the standing's read model (never a workflow query): a
   * restriction (or a terminated subscription) refuses, a plan without `live_workshops` refuses; reduced support does not.
   */
  async function admit(customerId: string): Promise<{ timeZone: string; locale: 'es' | 'en' }> {
    const customer = (await findCustomerRows(pool, [customerId])).get(customerId);
    if (!customer) throw new ApiError('NOT_FOUND', `No customer ${customerId}; PUT /v1/customers/${customerId} first`);
    const standing = await findStanding(pool, customerId);
    if (standing?.level === 'terminated') throw new ApiError('SUPPORT_RESTRICTED', 'The subscription has ended', { until: null });
    if (standing?.restriction) throw new ApiError('SUPPORT_RESTRICTED', 'Support is restricted', { until: standing.restriction.until });
    // A customer with no history yet has a good standing: the channels of their plan.
    const channels = standing?.channels ?? entitledChannels(settings.policy, customer.plan, customer.seats);
    if (!channels.includes('live_workshops')) throw new ApiError('SESSION_TYPE_NOT_INCLUDED', 'Live workshops are not included in this plan', { channel: 'live_workshops' });
    return { timeZone: customer.time_zone, locale: customer.locale };
  }

  /** A seat or a waitlist place, decided by the workshop's workflow; the same Idempotency-Key answers the same registration. */
  async function register(workshopId: string, customerId: string, idempotencyKey?: string): Promise<{ registration: RegistrationView; links: { cancel: string } }> {
    const workshop = await workshopRow(workshopId);
    if (idempotencyKey) {
      const previous = await findRegistrationByKey(pool, workshopId, customerId, idempotencyKey);
      if (previous) return { registration: toRegistration(previous), links: { cancel: await link(toRegistration(previous)) } };
    }
    const customer = await admit(customerId);
    if (workshop.status === 'cancelled') throw new ApiError('SLOT_UNAVAILABLE', `Workshop ${workshopId} is cancelled`, { workshopId });
    if (workshop.start_at.getTime() <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', `Workshop ${workshopId} has already started`, { workshopId });
    const registrationId = idempotencyKey ? bookingIdFor(`workshop:${workshopId}:${customerId}`, idempotencyKey) : randomUUID();
    const registration = await handle(workshopId)
      .executeUpdate(registerUpdate, {
        args: [{ registrationId, customerId, ...customer, idempotencyKey: idempotencyKey ?? null }],
        updateId: `register:${registrationId}`,
      })
      .catch(ended('SLOT_UNAVAILABLE', workshopId));
    return { registration, links: { cancel: await link(registration) } };
  }

  async function cancelRegistration(id: string, body: { bySupport?: boolean }, opts: { updateId?: string } = {}): Promise<RegistrationChange> {
    const row = await registrationRow(id);
    if (row.status !== 'registered' && row.status !== 'waitlisted') {
      throw new ApiError('BOOKING_NOT_CHANGEABLE', `Registration ${id} is ${row.status}`, { status: row.status });
    }
    return handle(row.workshop_id)
      .executeUpdate(cancelRegistrationUpdate, { args: [{ registrationId: id, bySupport: body.bySupport }], updateId: opts.updateId && `cancel:${id}:${opts.updateId}` })
      .catch(ended('BOOKING_NOT_CHANGEABLE', row.workshop_id));
  }

  async function recordAttendance(id: string, outcome: WorkshopAttendance, recordedBy?: string): Promise<RegistrationView> {
    const row = await registrationRow(id);
    if (row.status === outcome) return toRegistration(row); // the same outcome twice is a no-op
    return handle(row.workshop_id)
      .executeUpdate(registrationAttendanceUpdate, { args: [{ registrationId: id, outcome, recordedBy }] })
      .catch(ended('BOOKING_NOT_CHANGEABLE', row.workshop_id));
  }

  async function cancelWorkshop(id: string, by: string): Promise<WorkshopView> {
    const row = await workshopRow(id);
    if (row.status === 'cancelled') return toWorkshop(row);
    return handle(id).executeUpdate(cancelWorkshopUpdate, { args: [{ by }] }).catch(ended('BOOKING_NOT_CHANGEABLE', id));
  }

  /** Every live registration of a customer, cancelled by support (never counted): for an erasure or a termination. */
  async function cancelRegistrationsOf(customerId: string): Promise<void> {
    for (const id of await liveRegistrationIds(pool, customerId)) {
      await cancelRegistration(id, { bySupport: true }, { updateId: 'by-support' }).catch((err: unknown) => {
        if (toApiError(err).code !== 'BOOKING_NOT_CHANGEABLE') throw err; // started or cancelled meanwhile
      });
    }
  }

  const listUpcoming = (q: Parameters<typeof listUpcomingWorkshops>[1]) => listUpcomingWorkshops(pool, q);
  const roster = (q: Parameters<typeof listRoster>[1]) => listRoster(pool, q);

  return { create, get, getRegistration, link, register, cancelRegistration, cancelRegistrationsOf, recordAttendance, cancelWorkshop, listUpcoming, roster };
}

export type WorkshopService = ReturnType<typeof createWorkshopService>;
