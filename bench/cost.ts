/**
 * What one booking's whole lifecycle costs in Temporal Cloud actions: confirmation, four reminders, attendance
 * (POST /v1/bookings/:id/attendance), the hand-off to the customer's workflow — read from the histories of
 * `booking:<id>` and `customer:<id>` once the booking's workflow has completed — plus what is billed but in no
 * history (temporal-metrics.ts): the activity heartbeats that reached the server per burst session, and the queries
 * per booking of the booking phase (none since admission reads the stored standing; the `admissionClear` query it
 * replaced was one per booking).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { ApiClient } from './api-client';
import { historyCost } from './actions';
import type { BookingView } from './fixtures';
import { mapLimit, progress, round, sleep } from './util';

export interface CostResult {
  bookings: number;
  /** History actions plus heartbeats and queries: what Temporal Cloud would bill for one booking's lifecycle. */
  actionsPerBooking: number | null;
  historyActionsPerBooking: number | null;
  /** Heartbeats that reached the server per burst session (its four reminders); null when the server's metrics cannot say. */
  heartbeatsPerBooking: number | null;
  /** Queries per booking of the booking phase (its admission's); null when the server's metrics cannot say. */
  queriesPerBooking: number | null;
  historyEventsPerBooking: number | null;
  historyBytesPerBooking: number | null;
  byWorkflow: {
    booking: { actions: number; events: number };
    customer: { actions: number; events: number };
  } | null;
  /** The customer's own start (PUT /v1/customers: start, profile signal, first projection): once per customer, not per booking. */
  customerSetupActions: number | null;
}

/** A customer's history split at its first admission: before it, the customer's setup; from it, this booking's share. */
function splitAtAdmission(history: temporal.api.history.v1.IHistory) {
  const events = history.events ?? [];
  const at = events.findIndex((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  const cut = at < 0 ? events.length : at;
  return { setup: { events: events.slice(0, cut) }, booking: { events: events.slice(cut) } };
}

/** The customer's history once it has stopped growing (the hand-off has landed). */
async function settledHistory(client: Client, workflowId: string) {
  let last = -1;
  for (let i = 0; i < 30; i++) {
    const h = await client.workflow.getHandle(workflowId).fetchHistory();
    if ((h.events?.length ?? 0) === last) return h;
    last = h.events?.length ?? 0;
    await sleep(1000);
  }
  return client.workflow.getHandle(workflowId).fetchHistory();
}

export async function measureCost(
  api: ApiClient,
  client: Client,
  started: BookingView[],
  count: number,
  unseen: { heartbeats: number | null; queries: number | null },
): Promise<CostResult> {
  const { heartbeats: heartbeatsPerBooking, queries: queriesPerBooking } = unseen;
  const chosen = started.slice(0, count);
  progress(`cost: attendance recorded for ${chosen.length} bookings; counting actions from their histories`);
  const costs = await mapLimit(chosen, 4, async (b) => {
    await api.ok('POST', `/v1/bookings/${b.id}/attendance`, { outcome: 'attended' }, 'agent');
    await Promise.race([client.workflow.getHandle(`booking:${b.id}`).result(), sleep(60_000)]);
    const booking = historyCost(await client.workflow.getHandle(`booking:${b.id}`).fetchHistory());
    const parts = splitAtAdmission(await settledHistory(client, `customer:${b.customerId}`));
    return { booking, customer: historyCost(parts.booking), setup: historyCost(parts.setup) };
  });
  if (costs.length === 0)
    return {
      bookings: 0,
      actionsPerBooking: null,
      historyActionsPerBooking: null,
      heartbeatsPerBooking,
      queriesPerBooking,
      historyEventsPerBooking: null,
      historyBytesPerBooking: null,
      byWorkflow: null,
      customerSetupActions: null,
    };
  const avg = (f: (c: (typeof costs)[number]) => number) =>
    round(costs.reduce((s, c) => s + f(c), 0) / costs.length)!;
  const historyActions = avg((c) => c.booking.actions + c.customer.actions);
  const result = {
    bookings: costs.length,
    actionsPerBooking: round(historyActions + (heartbeatsPerBooking ?? 0) + (queriesPerBooking ?? 0)),
    historyActionsPerBooking: historyActions,
    heartbeatsPerBooking,
    queriesPerBooking,
    historyEventsPerBooking: avg((c) => c.booking.events + c.customer.events),
    historyBytesPerBooking: avg((c) => c.booking.bytes + c.customer.bytes),
    byWorkflow: {
      booking: { actions: avg((c) => c.booking.actions), events: avg((c) => c.booking.events) },
      customer: { actions: avg((c) => c.customer.actions), events: avg((c) => c.customer.events) },
    },
    customerSetupActions: avg((c) => c.setup.actions),
  };
  progress(
    `cost: ${result.actionsPerBooking} actions (${heartbeatsPerBooking ?? 'unknown'} of them heartbeats, ${queriesPerBooking ?? 'unknown'} queries), ${result.historyEventsPerBooking} events, ${result.historyBytesPerBooking} bytes per booking`,
  );
  return result;
}
