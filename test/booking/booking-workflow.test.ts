import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { BookingView } from '../../domain/booking';
import { attendanceUpdate, bookingQuery, cancelUpdate, rescheduleUpdate } from '../../workflows/booking-messages';
import { bookingInput, confirmBooking, insertCustomer, insertSlot, testSettings } from '../helpers/booking-fixtures';
import { record } from '../helpers/histories';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { until } from '../helpers/wait';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';

const HOUR = 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;
const settings = testSettings();

beforeAll(async () => {
  h = await startWorkflowHarness({ settings });
  ({ env, db } = h);
});
const handles: Parameters<typeof expectNoFailedWorkflowTask>[0][] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await expectNoFailedWorkflowTask(handle);
});
afterAll(async () => {
  await h?.close();
});

async function book(startInMs: number) {
  const now = await env.currentTimeMs();
  const customerId = await insertCustomer(db.pool);
  const slot = await insertSlot(db.pool, new Date(now + startInMs));
  const input = bookingInput(customerId, slot);
  const { handle } = await confirmBooking(env.client, db.pool, input, settings.taskQueue);
  handles.push(handle);
  return { input, handle, customerId };
}

async function sent(bookingId: string) {
  const { rows } = await db.pool.query<{ kind: string; offset: string | null; channel: string }>(
    `SELECT kind, "offset", channel FROM notifications WHERE booking_id = $1 AND status = 'sent' ORDER BY id`,
    [bookingId],
  );
  return rows;
}

describe('booking workflow', () => {
  it('sends the four reminders of a booking 3 days ahead, each once, then awaits attendance', async () => {
    const { input, handle } = await book(72 * HOUR);
    await env.sleep(72 * HOUR + 5 * 60_000);
    const state: BookingView = await handle.query(bookingQuery);
    expect(state.status).toBe('in_progress');
    expect(state.reminders.map((r) => [r.offset, r.status])).toEqual([
      ['P2D', 'sent'],
      ['PT24H', 'sent'],
      ['PT1H', 'sent'],
      ['PT30M', 'sent'],
    ]);
    expect((await sent(input.bookingId)).map((n) => `${n.kind}:${n.offset ?? ''}:${n.channel}`)).toEqual([
      'confirmation::email',
      'reminder:P2D:email',
      'reminder:PT24H:email',
      'reminder:PT1H:email',
      'reminder:PT30M:sms',
    ]);
    const booking = await handle.executeUpdate(attendanceUpdate, { args: [{ outcome: 'attended' }] });
    expect(booking.status).toBe('attended');
    expect(await handle.result()).toMatchObject({ status: 'attended' });
    await record('booking-v6-started-reminders-attended', handle);
    const row = await db.pool.query('SELECT status FROM bookings WHERE id = $1', [input.bookingId]);
    expect(row.rows[0].status).toBe('attended');
  });

  it('skips the reminders already past for a booking 3 hours ahead', async () => {
    const { input, handle } = await book(3 * HOUR);
    await env.sleep(3 * HOUR - 10 * 60_000);
    const state: BookingView = await handle.query(bookingQuery);
    expect(state.reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'sent', 'sent']);
    expect((await sent(input.bookingId)).map((n) => n.offset).filter(Boolean)).toEqual(['PT1H', 'PT30M']);
  });

  it('a reschedule with notice never sends a reminder of the old time and counts nothing', async () => {
    const { input, handle } = await book(72 * HOUR);
    const now = await env.currentTimeMs();
    const newSlot = await insertSlot(db.pool, new Date(now + 240 * HOUR));
    const result = await handle.executeUpdate(rescheduleUpdate, { args: [{ slot: newSlot, requestedBy: 'customer' }], updateId: 'r1' });
    expect(result).toMatchObject({ late: false, countedAsNoShow: false, booking: { start: newSlot.start, version: 2 } });
    const again = await handle.executeUpdate(rescheduleUpdate, { args: [{ slot: newSlot, requestedBy: 'customer' }], updateId: 'r1' });
    expect(again.booking.version).toBe(2);
    await env.sleep(100 * HOUR);
    expect((await sent(input.bookingId)).filter((n) => n.kind === 'reminder')).toEqual([]);
    const state: BookingView = await handle.query(bookingQuery);
    expect(state.reminders.every((r) => r.status === 'pending')).toBe(true);
    await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'done' }] });
    await handle.result();
    await record('booking-v3-reschedule-cancel', handle);
  });

  it('a late cancel is carried out and counted as a no-show', async () => {
    const { input, handle } = await book(5 * HOUR);
    const result = await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'busy' }] });
    expect(result).toMatchObject({ late: true, countedAsNoShow: true, booking: { status: 'cancelled_late' } });
    await handle.result();
    // The confirmation may have lost the race with the cancel: nothing is ever sent for a cancelled booking. The two
    // messages run beside each other, so either may be stored first.
    expect((await sent(input.bookingId)).map((n) => n.kind).filter((k) => k !== 'confirmation').sort()).toEqual(['cancellation_confirmation', 'late_change_notice']);
    await expect(handle.executeUpdate(cancelUpdate, { args: [{}] })).rejects.toThrow();
    await record('booking-v5-late-cancel-fenced', handle);
  });

  it.each([
    ['no_show', 'no_show', []],
    ['unresponsive', 'unresponsive', ['reschedule_recommended']],
  ] as const)('records %s after the start', async (outcome, status, messages) => {
    const { input, handle, customerId } = await book(HOUR);
    await env.sleep(HOUR + 60_000);
    const booking = await handle.executeUpdate(attendanceUpdate, { args: [{ outcome }] });
    expect(booking.status).toBe(status);
    await handle.result(); // an outcome ends the booking's workflow; a later record is refused (the API answers BOOKING_NOT_CHANGEABLE)
    await expect(handle.executeUpdate(attendanceUpdate, { args: [{ outcome: 'attended' }] })).rejects.toThrow();
    const kinds = (await sent(input.bookingId)).map((n) => n.kind).filter((k) => !['confirmation', 'reminder'].includes(k));
    expect(kinds).toEqual(messages);
    // A no-show is a strike; being unresponsive is one only where the policy says so (not by default).
    const customer = env.client.workflow.getHandle(`customer:${customerId}`);
    const expected = outcome === 'no_show' ? ['no_show'] : [];
    await until(async () => (await customer.query<{ strikes: { reason: string }[] }>('standing')).strikes.length === expected.length);
    const standing = await customer.query<{ strikes: { reason: string }[] }>('standing');
    expect(standing.strikes.map((x) => x.reason)).toEqual(expected);
  });

  it('refuses attendance before the start and becomes unrecorded after the grace', async () => {
    const { input, handle } = await book(2 * HOUR);
    await expect(handle.executeUpdate(attendanceUpdate, { args: [{ outcome: 'no_show' }] })).rejects.toMatchObject({ cause: { type: 'ATTENDANCE_NOT_OPEN' } });
    await env.sleep(2 * HOUR + 25 * HOUR + 60_000);
    const state: BookingView = await handle.query(bookingQuery);
    expect(state.status).toBe('unrecorded');
    expect((await sent(input.bookingId)).map((n) => n.kind)).toContain('attendance_unrecorded');
  });

  it('an input it cannot use fails the run as a business failure, never a workflow task', async () => {
    const customerId = await insertCustomer(db.pool);
    const slot = await insertSlot(db.pool, new Date((await env.currentTimeMs()) + 5 * HOUR));
    const input = { ...bookingInput(customerId, slot), customer: { locale: 'es' as const, timeZone: 'Mars/Olympus' } };
    const handle = await env.client.workflow.start('bookingWorkflow', { workflowId: `booking:${input.bookingId}`, taskQueue: settings.taskQueue, args: [input] });
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });
    handles.push(handle);
  });
});
