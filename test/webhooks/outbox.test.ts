// The outbox: each projection emits its event in its own transaction, exactly when its change is written.
import { claimBooking, findBookingRow, projectBooking, toBooking } from '../../db/bookings';
import { upsertFeedback } from '../../db/feedback';
import { saveStanding } from '../../db/standings';
import type { BookingView } from '../../domain/booking';
import type { Standing } from '../../domain/customer';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { insertBooking, insertCustomer, insertSlot } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const events = async (prefix: string) =>
  (await db.pool.query<{ id: string; type: string; body: string }>('SELECT id, type, body FROM webhook_events WHERE id LIKE $1 ORDER BY seq', [`${prefix}%`])).rows.map((r) => ({
    id: r.id,
    type: r.type,
    body: JSON.parse(r.body),
  }));
const inDays = (d: number) => new Date(Date.now() + d * 86400_000);

it('a booking emits one event per change that shows, in its transaction, and none for a refused or repeated write', async () => {
  const customerId = await insertCustomer(db.pool);
  const input = await insertBooking(db.pool, customerId, await insertSlot(db.pool, inDays(3)));
  const key = `booking:${input.bookingId}:`;
  const row = (await findBookingRow(db.pool, input.bookingId))!;
  const view: BookingView = toBooking(row);
  // A retried claim finds its row and emits nothing more.
  expect(await claimBooking(db.pool, view, DEFAULT_POLICY, null)).toBeNull();
  expect((await events(key)).map((e) => e.type)).toEqual(['booking.created']);
  expect((await events(key))[0].body).toMatchObject({ type: 'booking.created', data: { id: input.bookingId, revision: 1, status: 'scheduled' } });

  // A reminder's outcome (no new status, no new version): a write, no event.
  await projectBooking(db.pool, { ...view, revision: 2, reminders: [{ channel: 'email', offset: 'P2D', dueAt: view.start, status: 'sent' }] });
  // A move to a slot another booking holds is refused: neither the write nor an event.
  const taken = await insertSlot(db.pool, inDays(5));
  await insertBooking(db.pool, await insertCustomer(db.pool), taken);
  expect(await projectBooking(db.pool, { ...view, slotId: taken.slotId, start: taken.start, end: taken.end, version: 2, revision: 3 })).toBe('slot_taken');
  const free = await insertSlot(db.pool, inDays(6));
  expect(await projectBooking(db.pool, { ...view, slotId: free.slotId, start: free.start, end: free.end, version: 2, revision: 3 })).toBeNull();
  await projectBooking(db.pool, { ...view, slotId: free.slotId, start: free.start, end: free.end, version: 2, revision: 3 }); // retried: nothing
  await projectBooking(db.pool, { ...view, slotId: free.slotId, start: free.start, end: free.end, version: 2, revision: 4, status: 'cancelled_late' });
  await projectBooking(db.pool, { ...view, revision: 3, status: 'attended' }); // older than stored: nothing
  const all = await events(key);
  expect(all.map((e) => [e.type, e.body.data.revision])).toEqual([['booking.created', 1], ['booking.rescheduled', 3], ['booking.cancelled', 4]]);
  expect(all[2].body.data).toEqual({ ...toBooking((await findBookingRow(db.pool, input.bookingId))!) });
});

it('a standing emits customer.standing_changed with the next revision only when it changed; feedback emits feedback.received', async () => {
  const customerId = await insertCustomer(db.pool);
  const good: Standing = { customerId, level: 'good', strikes: [], penalty: null, restriction: null, canBook: true, channels: ['chat'] };
  await saveStanding(db.pool, good);
  await saveStanding(db.pool, { ...good });
  const warned: Standing = { ...good, level: 'warned', strikes: [{ at: new Date().toISOString(), bookingId: 'b1', reason: 'no_show', expiresAt: inDays(365).toISOString() }] };
  await saveStanding(db.pool, warned);
  const standing = await events(`customer:${customerId}:`);
  expect(standing.map((e) => [e.type, e.body.data.level, e.body.data.revision])).toEqual([
    ['customer.standing_changed', 'good', 1],
    ['customer.standing_changed', 'warned', 2],
  ]);
  expect(standing[1].body.data).toEqual({ ...warned, revision: 2 });

  const input = await insertBooking(db.pool, customerId, await insertSlot(db.pool, inDays(4)));
  const answer = await upsertFeedback(db.pool, { bookingId: input.bookingId, customerId, agentId: 'a1', sessionType: 'implementation', rating: 4, comment: 'ok' });
  const [fb] = await events(`feedback:${input.bookingId}:`);
  expect(fb.body).toMatchObject({ type: 'feedback.received', data: answer });
});
