import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../db/pool';
import { changeDeadline, isLateChange } from '../policy/notice';
import { scheduleReminders } from '../policy/reminders';
import { consequenceOfNextStrike } from '../policy/sanctions';
import type { Policy, SessionType } from '../policy/types';
import {
  attendanceUpdate,
  type AttendanceOutcome,
  type BookingInput,
  type BookingView,
  cancelUpdate,
  type ChangeResult,
  type Locale,
  rescheduleUpdate,
  type SlotRef,
} from '../workflows/booking-messages';
import { admitUpdate, type CustomerInput, releaseAdmissionSignal, type Standing, standingQuery } from '../workflows/customer-messages';
import { bookingWorkflowId, customerWorkflowId } from '../workflows/ids';
import { BookingIdKey, BookingStatusKey, CustomerIdKey, SessionStartKey, SessionTypeKey } from '../workflows/search-attributes';
import { ApiError } from './errors';
import { recordBooking } from '../observability/metrics';

export interface ServiceDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
}

interface BookingRow {
  id: string;
  customer_id: string;
  slot_id: string;
  agent_id: string;
  session_type: SessionType;
  start_at: Date;
  end_at: Date;
  status: BookingView['status'];
  time_zone: string;
  locale: Locale;
  policy_version: string;
  policy: Policy | null;
  fee: BookingView['fee'];
  reminders: BookingView['reminders'];
  version: number;
  created_at: Date;
  updated_at: Date;
}
interface SlotRow {
  id: string;
  agent_id: string;
  session_type: SessionType;
  start_at: Date;
  end_at: Date;
}

const inZone = (d: Date, tz: string) => DateTime.fromJSDate(d).setZone(tz).toISO()!;

export function toBooking(row: BookingRow): BookingView {
  const tz = row.time_zone;
  return {
    id: row.id,
    customerId: row.customer_id,
    slotId: row.slot_id,
    agentId: row.agent_id,
    sessionType: row.session_type,
    start: inZone(row.start_at, tz),
    end: inZone(row.end_at, tz),
    status: row.status,
    timeZone: tz,
    locale: row.locale,
    policyVersion: row.policy_version,
    fee: row.fee ?? null,
    reminders: row.reminders,
    version: row.version,
    createdAt: inZone(row.created_at, tz),
    updatedAt: inZone(row.updated_at, tz),
  };
}

export const toSlot = (row: SlotRow) => ({
  id: row.id,
  agentId: row.agent_id,
  sessionType: row.session_type,
  start: row.start_at.toISOString(),
  end: row.end_at.toISOString(),
});

const FREE_SLOTS = `SELECT s.* FROM slots s
  WHERE s.start_at > now()
    AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('scheduled', 'in_progress'))`;

/** The booking journey: admission by the customer's workflow, the slot claimed in PostgreSQL, the workflow started. */
export function createBookingService({ pool, client, settings }: ServiceDeps) {
  const bookingRow = async (id: string): Promise<BookingRow> => {
    const row = (await pool.query<BookingRow>('SELECT * FROM bookings WHERE id = $1', [id])).rows[0];
    if (!row) throw new ApiError('NOT_FOUND', `No booking ${id}`);
    return row;
  };
  const slotRow = async (id: string): Promise<SlotRow> => {
    const row = (await pool.query<SlotRow>('SELECT * FROM slots WHERE id = $1', [id])).rows[0];
    if (!row) throw new ApiError('SLOT_UNAVAILABLE', `No slot ${id}`, { slotId: id });
    if (row.start_at.getTime() <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', 'That slot has already started', { slotId: id });
    return row;
  };
  const assertFree = async (slotId: string, exceptBooking?: string) => {
    const taken = await pool.query(`SELECT id FROM bookings WHERE slot_id = $1 AND status IN ('scheduled','in_progress') AND id <> $2`, [slotId, exceptBooking ?? '']);
    if (taken.rowCount) throw new ApiError('SLOT_TAKEN', 'That slot is already booked', { slotId });
  };
  const slotRef = (slot: SlotRow, tz: string): SlotRef => ({
    slotId: slot.id,
    agentId: slot.agent_id,
    sessionType: slot.session_type,
    start: inZone(slot.start_at, tz),
    end: inZone(slot.end_at, tz),
  });
  const customerStart = (customerId: string) =>
    new WithStartWorkflowOperation('customerWorkflow', {
      workflowId: customerWorkflowId(customerId),
      taskQueue: settings.taskQueue,
      args: [{ customerId, policy: settings.policy }] as [CustomerInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  const handle = (id: string) => client.workflow.getHandle(bookingWorkflowId(id));

  async function book(body: { customerId: string; slotId: string; acceptFee?: boolean }, idempotencyKey?: string): Promise<BookingView> {
    if (idempotencyKey) {
      const previous = await pool.query<BookingRow>('SELECT * FROM bookings WHERE customer_id = $1 AND idempotency_key = $2', [body.customerId, idempotencyKey]);
      if (previous.rows[0]) return toBooking(previous.rows[0]);
    }
    const customer = (await pool.query('SELECT * FROM customers WHERE id = $1', [body.customerId])).rows[0];
    if (!customer) throw new ApiError('NOT_FOUND', `No customer ${body.customerId}; PUT /v1/customers/${body.customerId} first`);
    const slot = await slotRow(body.slotId);
    await assertFree(slot.id);
    const overlap = await pool.query(
      `SELECT id FROM bookings WHERE customer_id = $1 AND status IN ('scheduled','in_progress') AND start_at < $3 AND end_at > $2`,
      [body.customerId, slot.start_at, slot.end_at],
    );
    if (overlap.rowCount) throw new ApiError('SLOT_UNAVAILABLE', 'The customer already has a session at that time', { slotId: slot.id });

    const bookingId = randomUUID();
    const tz: string = customer.time_zone;
    const admission = await client.workflow.executeUpdateWithStart(admitUpdate, {
      args: [{ bookingId, sessionType: slot.session_type, start: slot.start_at.toISOString(), acceptFee: body.acceptFee, policy: settings.policy }],
      startWorkflowOperation: customerStart(body.customerId),
    });
    const release = () =>
      client.workflow.getHandle(customerWorkflowId(body.customerId)).signal(releaseAdmissionSignal, { bookingId }).catch(() => undefined);
    try {
      await pool.query(
        `INSERT INTO bookings (id, customer_id, slot_id, agent_id, session_type, start_at, end_at, status, time_zone, locale, policy_version, policy, fee, idempotency_key, reminders)
         VALUES ($1,$2,$3,$4,$5,$6,$7,'scheduled',$8,$9,$10,$11,$12,$13,$14)`,
        [
          bookingId, body.customerId, slot.id, slot.agent_id, slot.session_type, slot.start_at, slot.end_at, tz, customer.locale,
          settings.policy.version, JSON.stringify(settings.policy), admission.fee ? JSON.stringify(admission.fee) : null, idempotencyKey ?? null,
          // The schedule the workflow will keep; written here too so the booking reads complete at once.
          JSON.stringify(scheduleReminders(settings.policy.reminders, inZone(slot.start_at, tz), tz, Date.now())),
        ],
      );
    } catch (err) {
      await release();
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
        if (idempotencyKey && String((err as { constraint?: string }).constraint) === 'bookings_idempotency') {
          return book(body, idempotencyKey);
        }
        throw new ApiError('SLOT_TAKEN', 'That slot is already booked', { slotId: slot.id });
      }
      throw err;
    }
    const input: BookingInput = {
      bookingId,
      customerId: body.customerId,
      slot: slotRef(slot, tz),
      customer: { name: customer.name, email: customer.email, phone: customer.phone, locale: customer.locale, timeZone: tz },
      policy: settings.policy,
      fee: admission.fee,
      createdAt: new Date().toISOString(),
    };
    try {
      await client.workflow.start('bookingWorkflow', {
        workflowId: bookingWorkflowId(bookingId),
        taskQueue: settings.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: BookingIdKey, value: bookingId },
          { key: CustomerIdKey, value: body.customerId },
          { key: SessionTypeKey, value: slot.session_type },
          { key: BookingStatusKey, value: 'scheduled' },
          { key: SessionStartKey, value: slot.start_at },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        await pool.query('DELETE FROM bookings WHERE id = $1', [bookingId]);
        await release();
        throw err;
      }
    }
    recordBooking('created');
    return get(bookingId);
  }

  const get = async (id: string): Promise<BookingView> => toBooking(await bookingRow(id));

  async function standing(customerId: string): Promise<Standing> {
    return client.workflow.getHandle(customerWorkflowId(customerId)).query(standingQuery);
  }

  async function changeTerms(id: string) {
    const row = await bookingRow(id);
    const policy = row.policy ?? settings.policy;
    const start = row.start_at.toISOString();
    const late = isLateChange(Date.now(), start, policy, row.time_zone);
    const strikes = late ? (await standing(row.customer_id)).strikes.length : 0;
    return {
      late,
      deadline: DateTime.fromISO(changeDeadline(start, policy, row.time_zone)).setZone(row.time_zone).toISO()!,
      wouldCountAsNoShow: late,
      consequence: late ? consequenceOfNextStrike(strikes, policy) : ('none' as const),
    };
  }

  /** A booking whose workflow has finished can no longer change; its read model says why. */
  const changeable = async (id: string): Promise<BookingRow> => {
    const row = await bookingRow(id);
    if (row.status !== 'scheduled') throw new ApiError('BOOKING_NOT_CHANGEABLE', `Booking ${id} is ${row.status} and can no longer be changed`, { status: row.status });
    return row;
  };
  const closedAsNotChangeable = (id: string) => (err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw new ApiError('BOOKING_NOT_CHANGEABLE', `Booking ${id} can no longer be changed`);
    throw err;
  };

  async function reschedule(id: string, body: { slotId: string; acceptFee?: boolean }, opts: { requestedBy: 'customer' | 'agent'; updateId?: string }): Promise<ChangeResult> {
    const row = await changeable(id);
    const slot = await slotRow(body.slotId);
    if (slot.id === row.slot_id) throw new ApiError('SLOT_UNAVAILABLE', 'The booking already holds that slot', { slotId: slot.id });
    await assertFree(slot.id, id);
    return handle(id)
      .executeUpdate(rescheduleUpdate, {
        args: [{ slot: slotRef(slot, row.time_zone), acceptFee: body.acceptFee, requestedBy: opts.requestedBy }],
        updateId: opts.updateId,
      })
      .catch(closedAsNotChangeable(id))
      .then((r) => (recordBooking(r.late ? 'rescheduled_late' : 'rescheduled'), r));
  }

  async function cancel(id: string, body: { reason?: string; bySupport?: boolean }, opts: { updateId?: string } = {}): Promise<ChangeResult> {
    await changeable(id);
    return handle(id)
      .executeUpdate(cancelUpdate, { args: [body], updateId: opts.updateId })
      .catch(closedAsNotChangeable(id))
      .then((r) => (recordBooking(r.booking.status), r));
  }

  async function recordAttendance(id: string, body: { outcome: AttendanceOutcome; note?: string }, opts: { recordedBy?: string; updateId?: string } = {}) {
    const row = await bookingRow(id);
    if (row.status === body.outcome) return toBooking(row); // the same outcome twice is a no-op
    return handle(id)
      .executeUpdate(attendanceUpdate, { args: [{ ...body, recordedBy: opts.recordedBy }], updateId: opts.updateId })
      .catch(closedAsNotChangeable(id))
      .then((b) => (recordBooking(b.status), b));
  }

  async function freeSlots(q: { sessionType?: SessionType; from?: string; to?: string }) {
    const { rows } = await pool.query<SlotRow>(
      `${FREE_SLOTS} AND ($1::text IS NULL OR s.session_type = $1) AND ($2::timestamptz IS NULL OR s.start_at >= $2)
         AND ($3::timestamptz IS NULL OR s.start_at < $3) ORDER BY s.start_at LIMIT 500`,
      [q.sessionType ?? null, q.from ?? null, q.to ?? null],
    );
    return rows.map(toSlot);
  }

  /** Free slots a booking could move to: same session type, in the future. */
  const freeSlotsFor = (booking: BookingView) => freeSlots({ sessionType: booking.sessionType });

  async function listForCustomer(customerId: string): Promise<BookingView[]> {
    const { rows } = await pool.query<BookingRow>('SELECT * FROM bookings WHERE customer_id = $1 ORDER BY start_at', [customerId]);
    return rows.map(toBooking);
  }

  return { book, get, standing, changeTerms, reschedule, cancel, recordAttendance, freeSlots, freeSlotsFor, listForCustomer };
}

export type BookingService = ReturnType<typeof createBookingService>;
