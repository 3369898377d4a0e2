// Shared steps of the webhook tests: a customer, slots and bookings through the API; histories without failed tasks.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type Call = (method: string, path: string, body?: unknown, role?: 'booking_ui' | 'agent' | 'manager' | null) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOUR = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let agents = 0;

export function bookingSteps(call: Call) {
  return {
    async customer(id: string) {
      const res = await call('PUT', `/v1/customers/${id}`, { name: 'Ana', email: 'ana@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 3 }, 'booking_ui');
      expect([200, 201]).toContain(res.status);
    },
    /** A slot of its own agent; each later than the one before, so one customer's bookings never overlap. */
    async slot(startInMs?: number): Promise<string> {
      startInMs ??= 72 * HOUR + 2 * HOUR * (agents + 1);
      const res = await call('POST', '/v1/slots', { agentId: `wh-agent-${++agents}`, sessionType: 'implementation', start: at(startInMs), end: at(startInMs + HOUR) }, 'manager');
      expect(res.status).toBe(201);
      return res.body.id;
    },
    async book(customerId: string, slotId: string): Promise<string> {
      const res = await call('POST', '/v1/bookings', { customerId, slotId }, 'booking_ui');
      expect(res.status).toBe(201);
      return res.body.booking.id;
    },
    async subscribe(url: string, events: string[]): Promise<{ id: string; secret: string }> {
      const res = await call('POST', '/v1/webhooks', { url, events, description: 'test receiver' }, 'manager');
      expect(res.status).toBe(201);
      return res.body;
    },
    async deliveries(subscriptionId: string) {
      const res = await call('GET', `/v1/webhooks/${subscriptionId}/deliveries`, undefined, 'manager');
      expect(res.status).toBe(200);
      return res.body as { id: string; event: string; status: string; attempts: number; lastStatus: number | null; nextAttemptAt: string | null; deliveredAt: string | null }[];
    },
  };
}

const FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;

/** The workflows whose ids start with `prefix`, each of whose histories must hold no WorkflowTaskFailed. */
export async function workflowTaskFailures(client: Client, query: string): Promise<{ checked: number; failed: string[] }> {
  const failed: string[] = [];
  let checked = 0;
  for await (const wf of client.workflow.list({ query })) {
    checked++;
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    if (history.events?.some((e) => e.eventType === FAILED)) failed.push(wf.workflowId);
  }
  return { checked, failed };
}
