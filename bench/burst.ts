/**
 * The reminder burst: N sessions starting at one instant, so their reminders (email ×3, SMS ×1 under the compressed
 * policy) fall due together. Lateness is the instant the provider fake accepted a message minus its dueAt.
 */
import { Duration } from 'luxon';
import type { Policy } from '../policy/types';
import type { ApiClient } from './api-client';
import { book, type BookingView, postSlots, putCustomers } from './fixtures';
import { type LatenessResult, type NotificationView, reminderLateness } from './lateness';
import type { ProviderFake } from './stack';
import { drainTimeoutMs, mapLimit, progress, sleep, waitFor } from './util';

export interface BurstResult extends LatenessResult {
  sessions: number;
  booked: number;
  skippedAtBooking: number;
  sessionStart: string;
  bookings: BookingView[];
}

export const reminderLeadMs = (policy: Policy) =>
  Math.max(...policy.reminders.map((r) => Duration.fromISO(r.before).toMillis()));

export async function measureBurst(
  api: ApiClient,
  run: string,
  sessions: number,
  policy: Policy,
  bookingsPerSec: number,
  fake: ProviderFake | undefined,
): Promise<BurstResult> {
  const prefix = `burst-${run}`;
  const customers = await putCustomers(api, prefix, sessions, 5_000_000);
  // The sessions start once every booking is surely made and before the first reminder falls due.
  const bookingMs = (sessions / Math.max(1, bookingsPerSec)) * 2000 + 10_000;
  const start = new Date(Math.ceil((Date.now() + bookingMs + reminderLeadMs(policy) + 5000) / 1000) * 1000);
  const slots = await postSlots(
    api,
    prefix,
    customers.map(() => start),
  );
  progress(`burst: booking ${sessions} sessions that all start at ${start.toISOString()}`);
  const bookings = (
    await mapLimit(customers, 32, (c, i) =>
      book(api, c, slots[i]).catch((err: Error) => (progress(`burst: ${err.message}`), null)),
    )
  )
    .filter((b) => b !== null)
    .map((b) => b.booking);
  const dueReminders = bookings.flatMap((b) => b.reminders.filter((r) => r.status === 'pending'));
  const skippedAtBooking = bookings.length * policy.reminders.length - dueReminders.length;
  const first = Math.min(...dueReminders.map((r) => Date.parse(r.dueAt)));
  progress(
    `burst: ${bookings.length} booked; first reminders due in ${Math.round((first - Date.now()) / 1000)} s, sessions start in ${Math.round((start.getTime() - Date.now()) / 1000)} s`,
  );
  await sleep(Math.max(0, start.getTime() - Date.now()) + 3000);

  // Once the sessions have started, every reminder is sent, refused or skipped; wait for the workflows to say so.
  const settled = await waitFor(
    async () => {
      const views = await mapLimit(
        bookings,
        16,
        async (b) => (await api.ok<BookingView>('GET', `/v1/bookings/${b.id}`)).body,
      );
      return views.every((v) => v.reminders.every((r) => r.status !== 'pending'));
    },
    drainTimeoutMs(dueReminders.length),
    3000,
  );
  if (!settled)
    progress(`burst: some reminders still pending ${drainTimeoutMs(dueReminders.length) / 1000} s after the start`);
  const notifications = (
    await mapLimit(
      bookings,
      16,
      async (b) =>
        (
          await api.ok<NotificationView[]>(
            'GET',
            `/v1/notifications?bookingId=${encodeURIComponent(b.id)}`,
            undefined,
            'agent',
          )
        ).body,
    )
  ).flat();
  const result = reminderLateness(dueReminders.length, notifications, fake?.accepted());
  progress(
    `burst: ${result.reminders} reminders, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, lost ${result.lost}, duplicated ${result.duplicated}`,
  );
  return {
    ...result,
    sessions,
    booked: bookings.length,
    skippedAtBooking,
    sessionStart: start.toISOString(),
    bookings,
  };
}
