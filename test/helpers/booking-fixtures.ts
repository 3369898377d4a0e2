import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { loadSettings, type Settings } from '../../config/settings';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import type { Policy, SessionType } from '../../policy/types';
import type { BookingInput } from '../../workflows/booking-messages';
import { bookingWorkflowId, TASK_QUEUE_DEFAULT } from '../../workflows/ids';

/** The settings every test process shares (a worker started as a child process gets them too). */
export const TEST_ENV = {
  LINK_SECRET: 'test-link-secret-test-link-secret-000',
  API_KEYS: 'booking_ui:ui-key,agent:agent-key,manager:manager-key',
};

export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    ...TEST_ENV,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'support-sessions-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export async function insertCustomer(pool: Pool, id = `c-${randomUUID().slice(0, 8)}`, timeZone = 'Europe/Madrid', plan = 'pro') {
  await pool.query(
    `INSERT INTO customers (id, name, email, phone, locale, time_zone, plan, seats) VALUES ($1,'Ana','ana@example.com','+34600000000','es',$2,$3,5)`,
    [id, timeZone, plan],
  );
  return id;
}

export async function insertSlot(pool: Pool, start: Date, minutes = 60, sessionType: SessionType = 'implementation', agentId = `a-${randomUUID().slice(0, 6)}`) {
  const id = `s-${randomUUID().slice(0, 8)}`;
  const end = new Date(start.getTime() + minutes * 60000);
  await pool.query('INSERT INTO slots (id, agent_id, session_type, start_at, end_at) VALUES ($1,$2,$3,$4,$5)', [id, agentId, sessionType, start, end]);
  return { slotId: id, agentId, sessionType, start: start.toISOString(), end: end.toISOString() };
}

/** A bookings row as the API makes it, and the input that starts its workflow. */
export async function insertBooking(pool: Pool, customerId: string, slot: BookingInput['slot'], policy: Policy = DEFAULT_POLICY, timeZone = 'Europe/Madrid'): Promise<BookingInput> {
  const id = `b-${randomUUID().slice(0, 8)}`;
  await pool.query(
    `INSERT INTO bookings (id, customer_id, slot_id, agent_id, session_type, start_at, end_at, status, time_zone, locale, policy_version)
     VALUES ($1,$2,$3,$4,$5,$6,$7,'scheduled',$8,'es',$9)`,
    [id, customerId, slot.slotId, slot.agentId, slot.sessionType, slot.start, slot.end, timeZone, policy.version],
  );
  return {
    bookingId: id,
    customerId,
    slot,
    customer: { name: 'Ana', email: 'ana@example.com', phone: '+34600000000', locale: 'es', timeZone },
    policy,
    fee: null,
    createdAt: new Date().toISOString(),
  };
}

/** A customer, a slot at `start` and a booking on it, with its workflow started. */
export async function startBooking(client: Client, pool: Pool, start: Date, policy: Policy = DEFAULT_POLICY) {
  const input = await insertBooking(pool, await insertCustomer(pool), await insertSlot(pool, start), policy);
  const handle = await client.workflow.start('bookingWorkflow', { workflowId: bookingWorkflowId(input.bookingId), taskQueue: TASK_QUEUE_DEFAULT, args: [input] });
  return { input, handle };
}
