import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createLogger } from '../../observability/logger';
import { startProviderFake } from '../fakes/providers';
import { insertBooking, insertCustomer, insertSlot, testSettings } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startProviderFake>>;
beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startProviderFake()]);
});
afterAll(async () => {
  await db?.drop();
  await fake?.close();
});

it('a reminder whose booking was cancelled between its timer and its send is not sent, and a retry does not send it', async () => {
  const settings = testSettings({ MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: 'mg.example.com', MAILGUN_URL: fake.url });
  const { sendNotification } = createActivities({ pool: db.pool, client: undefined as never, settings, logger: createLogger('test', 'silent') });
  const customerId = await insertCustomer(db.pool);
  const input = await insertBooking(db.pool, customerId, await insertSlot(db.pool, new Date(Date.now() + 3 * 3600_000)));
  await db.pool.query(`UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [input.bookingId]);
  const req = {
    key: `booking:${input.bookingId}:reminder:PT1H:v1`,
    kind: 'reminder' as const,
    channel: 'email' as const,
    customerId,
    bookingId: input.bookingId,
    booking: { id: input.bookingId, version: 1, sessionType: 'implementation' as const, start: input.slot.start, end: input.slot.end, agentId: input.slot.agentId },
    offset: 'PT1H',
    guard: { bookingId: input.bookingId, version: 1, notAfter: input.slot.start },
  };
  const env = new MockActivityEnvironment();
  expect(await env.run(sendNotification, req)).toMatchObject({ status: 'skipped' });
  expect(await env.run(sendNotification, req)).toMatchObject({ status: 'skipped' });
  expect(fake.requests).toHaveLength(0);
  const rows = await db.pool.query('SELECT status FROM notifications WHERE key = $1', [req.key]);
  expect(rows.rows).toEqual([{ status: 'skipped' }]);
});
