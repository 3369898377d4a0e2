/**
 * What one booking's whole lifecycle costs in Temporal Cloud actions: confirmation, four reminders, attendance
 * (POST /v1/bookings/:id/attendance), the hand-off to the customer's workflow — read from the histories of
 * `booking:<id>` and `customer:<id>` once the booking's workflow has completed.
 */
import type { Client } from '@temporalio/client';
import type { ApiClient } from './api-client';
import { historyCost } from './actions';
import type { BookingView } from './fixtures';
import { mapLimit, progress, round, sleep } from './util';

export interface CostResult {
  bookings: number;
  actionsPerBooking: number | null;
  historyEventsPerBooking: number | null;
  historyBytesPerBooking: number | null;
  byWorkflow: { booking: { actions: number; events: number }; customer: { actions: number; events: number } } | null;
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

export async function measureCost(api: ApiClient, client: Client, started: BookingView[], count: number): Promise<CostResult> {
  const chosen = started.slice(0, count);
  progress(`cost: attendance recorded for ${chosen.length} bookings; counting actions from their histories`);
  const costs = await mapLimit(chosen, 4, async (b) => {
    await api.ok('POST', `/v1/bookings/${b.id}/attendance`, { outcome: 'attended' }, 'agent');
    await Promise.race([client.workflow.getHandle(`booking:${b.id}`).result(), sleep(60_000)]);
    const booking = historyCost(await client.workflow.getHandle(`booking:${b.id}`).fetchHistory());
    const customer = historyCost(await settledHistory(client, `customer:${b.customerId}`));
    return { booking, customer };
  });
  if (costs.length === 0) return { bookings: 0, actionsPerBooking: null, historyEventsPerBooking: null, historyBytesPerBooking: null, byWorkflow: null };
  const avg = (f: (c: (typeof costs)[number]) => number) => round(costs.reduce((s, c) => s + f(c), 0) / costs.length)!;
  const result = {
    bookings: costs.length,
    actionsPerBooking: avg((c) => c.booking.actions + c.customer.actions),
    historyEventsPerBooking: avg((c) => c.booking.events + c.customer.events),
    historyBytesPerBooking: avg((c) => c.booking.bytes + c.customer.bytes),
    byWorkflow: {
      booking: { actions: avg((c) => c.booking.actions), events: avg((c) => c.booking.events) },
      customer: { actions: avg((c) => c.customer.actions), events: avg((c) => c.customer.events) },
    },
  };
  progress(`cost: ${result.actionsPerBooking} actions, ${result.historyEventsPerBooking} events, ${result.historyBytesPerBooking} bytes per booking`);
  return result;
}
