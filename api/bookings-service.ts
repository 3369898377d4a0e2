// The booking journey as the API drives it: checks that need no workflow, then the booking's workflow decides.
// No SQL here (db/) and no rule of its own (workflows/, policy/).
import { createHash, randomUUID } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { customerBusyAt, findBookingRow, insertBookingNote, inZone, listBookingRows, precheckBooking, projectBooking, toBooking } from '../db/bookings';
import { findSlotRow, freeSlots, slotTaken } from '../db/slots';
import { findCustomerRows } from '../db/customers';
import { findStanding } from '../db/standings';
import { standingAt } from '../policy/standing';
import type { AttendanceOutcome, BookingView, ChangeResult, SlotRef } from '../domain/booking';
import type { Standing } from '../domain/customer';
import { changeDeadline, isLateChange } from '../policy/notice';
import { consequenceOfNextStrike } from '../policy/sanctions';
import type { Policy, SessionType } from '../policy/types';
import { attendanceUpdate, type BookingInput, cancelUpdate, rescheduleUpdate } from '../workflows/booking-messages';
import { bookingWorkflowId } from '../workflows/ids';
import { BookingIdKey, BookingStatusKey, CustomerIdKey, SessionStartKey, SessionTypeKey } from '../workflows/search-attributes';
import { startBookingWorkflow } from './booking-start';
import { ApiError } from './errors';
import { failpoint } from '../observability/failpoints';
import { recordBooking } from '../observability/metrics';

export interface ServiceDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
}

/** The booking id an Idempotency-Key stands for (scoped to the customer): the same from any API instance, any time. */
export function bookingIdFor(customerId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${customerId}\u0000${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createBookingService({ pool, client, settings }: ServiceDeps) {
  const bookingRow = async (id: string) => {
    const row = await findBookingRow(pool, id);
    if (!row) throw new ApiError('NOT_FOUND', `No booking ${id}`);
    return row;
  };
  const futureSlot = async (id: string) => {
    const row = await findSlotRow(pool, id);
    if (!row) throw new ApiError('SLOT_UNAVAILABLE', `No slot ${id}`, { slotId: id });
    if (row.start_at.getTime() <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', 'That slot has already started', { slotId: id });
    return row;
  };
  const slotRef = (slot: { id: string; agent_id: string; session_type: SessionType; start_at: Date; end_at: Date }, tz: string): SlotRef => ({
    slotId: slot.id,
    agentId: slot.agent_id,
    sessionType: slot.session_type,
    start: inZone(slot.start_at, tz),
    end: inZone(slot.end_at, tz),
  });
  const handle = (id: string) => client.workflow.getHandle(bookingWorkflowId(id));
  /** One Idempotency-Key, one operation: the Update id names the operation, so a key reused for another never answers it. */
  const updateIdOf = (operation: 'reschedule' | 'cancel' | 'attendance', key?: string) => (key ? `${operation}:${key}` : undefined);

  /**
   * One start of `booking:<id>`: the workflow admits the booking at the customer's workflow and claims the slot; the
   * claim's row (or the refusal the workflow closes with) is the answer. A retried request (same Idempotency-Key)
   * reaches the same workflow and gets the same answer.
   */
  async function book(body: { customerId: string; slotId: string; acceptFee?: boolean }, idempotencyKey?: string): Promise<BookingView> {
    const bookingId = idempotencyKey ? bookingIdFor(body.customerId, idempotencyKey) : randomUUID();
    if (idempotencyKey) {
      const previous = await findBookingRow(pool, bookingId);
      if (previous) return toBooking(previous);
    }
    const pre = await precheckBooking(pool, body.customerId, body.slotId);
    if (!pre.customer) throw new ApiError('NOT_FOUND', `No customer ${body.customerId}; PUT /v1/customers/${body.customerId} first`);
    if (!pre.slot) throw new ApiError('SLOT_UNAVAILABLE', `No slot ${body.slotId}`, { slotId: body.slotId });
    if (pre.slot.start_at.getTime() <= Date.now()) throw new ApiError('SLOT_UNAVAILABLE', 'That slot has already started', { slotId: body.slotId });
    if (pre.slotTaken) throw new ApiError('SLOT_TAKEN', 'That slot is already booked', { slotId: body.slotId });
    if (pre.customerBusy) throw new ApiError('SLOT_UNAVAILABLE', 'The customer already has a session at that time', { slotId: body.slotId });

    const c = pre.customer;
    const tz = c.time_zone;
    const input: BookingInput = {
      bookingId,
      customerId: body.customerId,
      slot: slotRef(pre.slot, tz),
      customer: { locale: c.locale, timeZone: tz }, // ids and terms only: messages read the contact from PostgreSQL
      policy: settings.policy,
      acceptFee: body.acceptFee,
      idempotencyKey: idempotencyKey ?? null,
      createdAt: new Date().toISOString(),
      reminderLeadMs: settings.reminderLeadMs,
    };
    const booking = await startBookingWorkflow(client, pool, input, {
      taskQueue: settings.taskQueue,
      typedSearchAttributes: [
        { key: BookingIdKey, value: bookingId },
        { key: CustomerIdKey, value: body.customerId },
        { key: SessionTypeKey, value: pre.slot.session_type },
        { key: BookingStatusKey, value: 'scheduled' },
        { key: SessionStartKey, value: pre.slot.start_at },
      ],
    });
    failpoint('api.after-confirm');
    recordBooking('created');
    return booking;
  }

  const get = async (id: string): Promise<BookingView> => toBooking(await bookingRow(id));

  /** From the read model, never a workflow query: a page or a GET answers while no worker runs. */
  async function standing(customerId: string): Promise<Standing> {
    const [customer, stored] = await Promise.all([findCustomerRows(pool, [customerId]), findStanding(pool, customerId)]);
    const row = customer.get(customerId);
    if (!row) throw new ApiError('NOT_FOUND', `No customer ${customerId}`);
    return standingAt(stored, row, settings.policy, Date.now());
  }

  /** What a change now would mean (CONTRACT change-terms), given the strikes the customer holds. */
  const termsOf = (row: { start_at: Date; time_zone: string }, policy: Policy, strikes: number) => {
    const start = row.start_at.toISOString();
    const late = isLateChange(Date.now(), start, policy, row.time_zone);
    return {
      late,
      deadline: DateTime.fromISO(changeDeadline(start, policy, row.time_zone)).setZone(row.time_zone).toISO()!,
      wouldCountAsNoShow: late,
      consequence: late ? consequenceOfNextStrike(strikes, policy) : ('none' as const),
    };
  };

  async function changeTerms(id: string) {
    const row = await bookingRow(id);
    const policy = row.policy ?? settings.policy;
    const late = isLateChange(Date.now(), row.start_at.toISOString(), policy, row.time_zone);
    return termsOf(row, policy, late ? (await standing(row.customer_id)).strikes.length : 0);
  }

  /** The change terms with what the customer page needs to put them in words: the booking's policy and standing. */
  async function changeOutlook(id: string) {
    const row = await bookingRow(id);
    const policy = row.policy ?? settings.policy;
    const st = await standing(row.customer_id);
    return { terms: termsOf(row, policy, st.strikes.length), policy, strikes: st.strikes.length, penalty: st.penalty };
  }

  /** A booking whose workflow has finished can no longer change; its read model says why. */
  const changeable = async (id: string) => {
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
    const slot = await futureSlot(body.slotId);
    if (slot.id === row.slot_id) throw new ApiError('SLOT_UNAVAILABLE', 'The booking already holds that slot', { slotId: slot.id });
    if (await slotTaken(pool, slot.id, id)) throw new ApiError('SLOT_TAKEN', 'That slot is already booked', { slotId: slot.id });
    if (await customerBusyAt(pool, row.customer_id, slot.id, id)) throw new ApiError('SLOT_UNAVAILABLE', 'The customer already has a session at that time', { slotId: slot.id });
    return handle(id)
      .executeUpdate(rescheduleUpdate, {
        args: [{ slot: slotRef(slot, row.time_zone), acceptFee: body.acceptFee, requestedBy: opts.requestedBy }],
        updateId: updateIdOf('reschedule', opts.updateId),
      })
      .catch(closedAsNotChangeable(id))
      .then((r) => (recordBooking(r.late ? 'rescheduled_late' : 'rescheduled'), r));
  }

  async function cancel(id: string, body: { reason?: string; bySupport?: boolean }, opts: { updateId?: string } = {}): Promise<ChangeResult> {
    await changeable(id);
    // The reason stays in PostgreSQL; the Update says who cancels.
    if (body.reason) await insertBookingNote(pool, { bookingId: id, kind: 'cancel_reason', text: body.reason });
    return handle(id)
      .executeUpdate(cancelUpdate, { args: [{ bySupport: body.bySupport }], updateId: updateIdOf('cancel', opts.updateId) })
      .catch(closedAsNotChangeable(id))
      .then((r) => (recordBooking(r.booking.status), r));
  }

  async function recordAttendance(id: string, body: { outcome: AttendanceOutcome; note?: string }, opts: { recordedBy?: string; updateId?: string } = {}) {
    const row = await bookingRow(id);
    if (row.status === body.outcome) return toBooking(row); // the same outcome twice is a no-op
    if (body.note) await insertBookingNote(pool, { bookingId: id, kind: 'attendance_note', text: body.note, writtenBy: opts.recordedBy });
    return handle(id)
      .executeUpdate(attendanceUpdate, { args: [{ outcome: body.outcome, recordedBy: opts.recordedBy }], updateId: updateIdOf('attendance', opts.updateId) })
      .catch(closedAsNotChangeable(id))
      .then(async (b) => {
        // The answer is projected here too (read your writes); the workflow's own write of it changes nothing then.
        await projectBooking(pool, b);
        recordBooking(b.status);
        return b;
      });
  }

  /** Free slots a booking could move to: same session type, in the future (within [from, to) when given). */
  const freeSlotsFor = (booking: BookingView, window: { from?: string; to?: string; limit?: number } = {}) =>
    freeSlots(pool, { sessionType: booking.sessionType, ...window });

  const listForCustomer = async (customerId: string): Promise<BookingView[]> => (await listBookingRows(pool, customerId)).map(toBooking);

  return {
    book,
    get,
    standing,
    changeTerms,
    changeOutlook,
    reschedule,
    cancel,
    recordAttendance,
    freeSlots: (q: Parameters<typeof freeSlots>[1]) => freeSlots(pool, q),
    freeSlotsFor,
    listForCustomer,
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
