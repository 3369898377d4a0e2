import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { bookingWorkflowId } from '../../workflows/ids';
import { startProviderFake } from '../fakes/providers';
import { bookingInput, confirmBooking, insertCustomer, insertSlot, startBooking, TEST_ENV } from '../helpers/booking-fixtures';
import { sleep, until } from '../helpers/wait';
import { createTestDatabase } from '../helpers/database';
import { killAppProcesses, startAppProcess } from '../helpers/processes';
import { createLocalEnv } from '../helpers/temporal';

// The production worker (`npm run worker`) as a child process on a real dev server, stopped and killed for real.
jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startProviderFake>>;

beforeAll(async () => {
  [env, db, fake] = await Promise.all([createLocalEnv(), createTestDatabase(), startProviderFake()]);
});
afterAll(async () => {
  killAppProcesses();
  await fake?.close();
  await db?.drop();
  await env?.teardown();
});

const startWorker = () => startAppProcess('worker/main.ts', { DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, ...TEST_ENV, ...fake.env });

async function notifications(bookingId: string) {
  return (await db.pool.query(`SELECT key, kind, channel, status, provider_message_id FROM notifications WHERE booking_id = $1 ORDER BY id`, [bookingId])).rows;
}
const postsWith = (needle: string) => [...fake.mail(), ...fake.sms()].filter((r) => decodeURIComponent(r.body.replace(/\+/g, ' ')).includes(needle));

async function book(startIn: number, policy = DEFAULT_POLICY) {
  return (await startBooking(env.client, db.pool, new Date(Date.now() + startIn), policy)).input.bookingId;
}

it('a worker killed between the send and the record: the restarted worker finds the message at the provider and sends nothing twice', async () => {
  const held = fake.hold(/\/messages$/);
  const first = startWorker();
  const bookingId = await book(3 * 24 * 3600_000);
  await held.arrived; // Mailgun has taken the confirmation…
  first.child.kill('SIGKILL'); // …and the worker dies before it hears so
  await first.exited;
  held.drop();
  expect(await notifications(bookingId)).toEqual([expect.objectContaining({ kind: 'confirmation', status: 'pending' })]);

  const second = startWorker(); // the activity is retried here once its attempt times out
  await until(async () => (await notifications(bookingId))[0].status !== 'pending');
  const [confirmation] = await notifications(bookingId);
  expect(confirmation).toMatchObject({ kind: 'confirmation', status: 'sent', provider_message_id: expect.stringMatching(/^<msg-\d+@fake>$/) });
  expect(postsWith(confirmation.key)).toHaveLength(1);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

it('SIGTERM during a reminder: the worker finishes the send and exits 0; the next worker sends the rest, each once', async () => {
  // A compressed policy on real time: an email 40 s and an SMS 12 s before a session 60 s away. On a busy machine a
  // worker takes a while to start and a booking a while to be confirmed, and a reminder already due when its booking is
  // made, or still unsent at its session's start, is never sent: so the worker is polling before the booking is made,
  // the booking has 20 s before the email is due, and the next worker almost half a minute to start before the SMS.
  const policy = { ...DEFAULT_POLICY, reminders: [{ channel: 'email' as const, before: 'PT40S' }, { channel: 'sms' as const, before: 'PT12S' }] };
  const first = startWorker();
  await until(async () => first.logLines().some((l) => l.msg === 'worker running'));
  const bookingId = await book(60_000, policy);
  await until(async () => (await notifications(bookingId)).some((n) => n.kind === 'confirmation' && n.status === 'sent'));

  const held = fake.hold(/\/messages$/);
  await held.arrived; // the email reminder is at Mailgun
  first.child.kill('SIGTERM');
  await sleep(500);
  held.release(); // its answer comes while the worker drains
  expect(await first.exited).toBe(0);
  expect((await notifications(bookingId)).filter((n) => n.kind === 'reminder')).toEqual([
    expect.objectContaining({ channel: 'email', status: 'sent' }),
  ]);
  // Each line about a message names its booking and workflow, and no recipient.
  const sentLine = first.logLines().find((l) => l.msg === 'notification sent' && l.kind === 'reminder');
  expect(sentLine).toMatchObject({ bookingId, workflowId: bookingWorkflowId(bookingId), activity: 'sendNotification' });
  expect(JSON.stringify(first.logLines())).not.toContain('ana@example.com');

  const second = startWorker();
  await until(async () => (await notifications(bookingId)).filter((n) => n.kind === 'reminder' && n.status === 'sent').length === 2);
  const reminders = (await notifications(bookingId)).filter((n) => n.kind === 'reminder');
  expect(reminders.map((n) => `${n.channel}:${n.status}`)).toEqual(['email:sent', 'sms:sent']);
  expect(postsWith(reminders[0].key)).toHaveLength(1); // the email carries our key
  expect(fake.sms()).toHaveLength(1); // the only SMS of this file
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

it('a worker killed while it holds a reminder for its instant (REMINDER_LEAD): the next worker sends it once, on time for the session', async () => {
  // The lost worker is noticed HELD_SEND_HEARTBEAT_MS (10 s) after the instant and the send retried 5 s later
  // (MESSAGE_RETRY): the reminder is 30 s before its session, so that leaves time before its deadline, the start.
  const policy = { ...DEFAULT_POLICY, reminders: [{ channel: 'email' as const, before: 'PT30S' }] };
  const first = startWorker();
  const customerId = await insertCustomer(db.pool);
  const input = { ...bookingInput(customerId, await insertSlot(db.pool, new Date(Date.now() + 55_000)), policy), reminderLeadMs: 20_000 };
  const { handle } = await confirmBooking(env.client, db.pool, input);
  const bookingId = input.bookingId;
  // The confirmation is sent first (the booking is answered from its row, before that send has begun).
  await until(async () => (await notifications(bookingId)).some((n) => n.kind === 'confirmation' && n.status === 'sent'), 200);
  // The reminder's step has started (its lead), and waits on the first worker for its instant.
  await until(async () => (await handle.describe()).raw.pendingActivities?.some((a) => a.activityType?.name === 'sendNotification' && a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) === true, 200);
  first.child.kill('SIGKILL');
  await first.exited;

  const second = startWorker();
  // The send's activity marks the message, then projects the booking: wait for both, then look.
  const projected = async () => (await db.pool.query(`SELECT reminders FROM bookings WHERE id = $1`, [bookingId])).rows[0];
  await until(
    async () => (await notifications(bookingId)).some((n) => n.kind === 'reminder' && n.status !== 'pending') && (await projected()).reminders.every((r: { status: string }) => r.status !== 'pending'),
    500,
  );
  const [reminder] = (await notifications(bookingId)).filter((n) => n.kind === 'reminder');
  expect(reminder).toMatchObject({ channel: 'email', status: 'sent' });
  expect(postsWith(reminder.key)).toHaveLength(1);
  const booking = await projected();
  expect(booking.reminders.map((r: { status: string }) => r.status)).toEqual(['sent']);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
