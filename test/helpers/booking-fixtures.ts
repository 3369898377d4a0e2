import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { testDataConverter } from './temporal';
import type { Pool } from 'pg';
import { loadSettings, type Settings } from '../../config/settings';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import type { Policy, SessionType } from '../../policy/types';
import { claimBooking } from '../../db/bookings';
import type { BookingView } from '../../domain/booking';
import type { bookingWorkflow } from '../../workflows/booking';
import type { BookingInput } from '../../workflows/booking-messages';
import { startBookingWorkflow } from '../../api/booking-start';
import { bookingWorkflowId, TASK_QUEUE_DEFAULT } from '../../workflows/ids';

/** The settings every test process shares (a worker started as a child process gets them too). */
export const TEST_ENV = {
  LINK_SECRET: 'test-link-secret-test-link-secret-000',
  API_KEYS: 'booking_ui:ui-key-test-0000000000000000,agent:agent-key-test-00000000000000,manager:manager-key-test-000000000000',
  // The payload codec's key (32 bytes of base64), the same in every test process: a worker started as a child
  // process and the test's own client read each other's payloads.
  PAYLOAD_KEYS: 'test1:dGVzdC1wYXlsb2FkLWtleS0wMDAwMDAwMDAwMDAwMDA=',
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

/** The input of a booking workflow for `customerId` on `slot` (nothing written yet). */
export function bookingInput(customerId: string, slot: BookingInput['slot'], policy: Policy = DEFAULT_POLICY, timeZone = 'Europe/Madrid'): BookingInput {
  return {
    bookingId: `b-${randomUUID().slice(0, 8)}`,
    customerId,
    slot,
    customer: { locale: 'es', timeZone },
    policy,
    createdAt: new Date().toISOString(),
  };
}

/** A bookings row as its workflow writes it at confirmation, for tests of activities alone. */
export async function insertBooking(pool: Pool, customerId: string, slot: BookingInput['slot'], policy: Policy = DEFAULT_POLICY): Promise<BookingInput> {
  const input = bookingInput(customerId, slot, policy);
  const view: BookingView = {
    id: input.bookingId, customerId, slotId: slot.slotId, agentId: slot.agentId, sessionType: slot.sessionType, start: slot.start, end: slot.end,
    status: 'scheduled', timeZone: input.customer.timeZone, locale: 'es', policyVersion: policy.version, fee: null, reminders: [], version: 1, revision: 1,
    createdAt: input.createdAt, updatedAt: input.createdAt,
  };
  expect(await claimBooking(pool, view, policy, null)).toBeNull();
  return input;
}

/**
 * Starts the booking's workflow as the API does and waits for its confirmation (the claim's row). Through a plain
 * client on the same connection: the time-skipping server's own client skips time while anyone awaits a result (as
 * the answer does, for a refusal), which would fire the booking's timers before the test has seen it confirmed.
 */
export async function confirmBooking(client: Client, pool: Pool, input: BookingInput, taskQueue = TASK_QUEUE_DEFAULT) {
  const plain = new Client({ connection: client.connection, namespace: client.options.namespace, dataConverter: testDataConverter() });
  const booking = await startBookingWorkflow(plain, pool, input, { taskQueue });
  return { booking, handle: client.workflow.getHandle<typeof bookingWorkflow>(bookingWorkflowId(input.bookingId)) };
}

/** A customer, a slot at `start` and a confirmed booking on it. */
export async function startBooking(client: Client, pool: Pool, start: Date, policy: Policy = DEFAULT_POLICY) {
  const input = bookingInput(await insertCustomer(pool), await insertSlot(pool, start), policy);
  const { handle } = await confirmBooking(client, pool, input);
  return { input, handle };
}
