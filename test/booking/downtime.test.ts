import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createLogger } from '../../observability/logger';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { startBooking, testSettings } from '../helpers/booking-fixtures';
import { createTestDatabase } from '../helpers/database';
import { createLocalEnv, testDataConverter, workflowBundle } from '../helpers/temporal';
import { sleep, until } from '../helpers/wait';

// A compressed policy (seconds), on a real dev server: real time passes while no worker runs.
const policy = { ...DEFAULT_POLICY, reminders: [{ channel: 'email' as const, before: 'PT20S' }], changeNotice: 'PT10S' };
let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const settings = testSettings();

beforeAll(async () => {
  [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
});
afterAll(async () => {
  await db?.drop();
  await env?.teardown();
});

const newWorker = () =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue: settings.taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter: testDataConverter(),
    activities: createActivities({ pool: db.pool, client: env.client, settings, logger: createLogger('test', 'silent') }),
  });
const rows = async (bookingId: string, kind: string) =>
  (await db.pool.query(`SELECT status FROM notifications WHERE booking_id = $1 AND kind = $2`, [bookingId, kind])).rows;

it('a reminder that fell due while no worker ran is sent once when one is back', async () => {
  const first = await newWorker();
  const { input } = await first.runUntil(async () => {
    const booked = await startBooking(env.client, db.pool, new Date(Date.now() + 30_000), policy);
    await until(async () => (await rows(booked.input.bookingId, 'confirmation')).length > 0, 100);
    return booked;
  });
  await sleep(14_000); // the reminder (20 s before a start 30 s away) falls due while no worker runs
  expect(await rows(input.bookingId, 'reminder')).toEqual([]);
  const second = await newWorker();
  await second.runUntil(async () => {
    await until(async () => (await rows(input.bookingId, 'reminder')).length > 0, 100);
    await sleep(1000);
  });
  expect(await rows(input.bookingId, 'reminder')).toEqual([{ status: 'sent' }]);
});
