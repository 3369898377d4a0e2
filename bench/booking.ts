/** The booking path through HTTP at concurrency 1, 8 and 32: one booking per customer, slots made beforehand. */
import type { ApiClient } from './api-client';
import type { CpuMeter } from './cpu';
import { book, postSlots, putCustomers } from './fixtures';
import type { BookedSample } from './steps';
import { mapLimit, percentile, progress, round, sleep } from './util';

export interface BookingLevel {
  concurrency: number;
  bookings: number;
  perSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
}

/**
 * The levels' figures, and each booking of the 32-client level as the client saw it (for the per-step timing).
 * `cpu` is read around each level's bookings only (not the customers and slots made before them), then a second
 * of quiet for what a booking leaves running (its projection, its confirmation).
 */
export async function measureBooking(
  api: ApiClient,
  run: string,
  perLevel: Record<1 | 8 | 32, number>,
  cpu?: CpuMeter,
): Promise<{ levels: BookingLevel[]; at32: BookedSample[]; booked: number }> {
  const levels: BookingLevel[] = [];
  const at32: BookedSample[] = [];
  let booked = 0;
  for (const concurrency of [1, 8, 32] as const) {
    const n = perLevel[concurrency];
    const prefix = `bk-${run}-c${concurrency}`;
    // Sessions a week ahead: their reminders stay asleep for the rest of the run.
    const week = Date.now() + 7 * 24 * 3600_000;
    const [customers, slots] = await Promise.all([
      putCustomers(api, prefix, n, concurrency * 100_000),
      postSlots(
        api,
        prefix,
        [...Array(n).keys()].map((i) => new Date(week + i * 60_000)),
      ),
    ]);
    progress(`booking: ${n} bookings at concurrency ${concurrency}`);
    const times: number[] = [];
    let errors = 0;
    cpu?.begin();
    const t0 = performance.now();
    await mapLimit(customers, concurrency, async (customerId, i) => {
      try {
        const sentAtMs = Date.now();
        const { booking, ms } = await book(api, customerId, slots[i]);
        times.push(ms);
        if (concurrency === 32) at32.push({ bookingId: booking.id, customerId, sentAtMs, answeredAtMs: Date.now() });
      } catch (err) {
        errors += 1;
        progress(`booking: ${(err as Error).message}`);
      }
    });
    const perSec = times.length / ((performance.now() - t0) / 1000);
    await sleep(1000);
    cpu?.end();
    booked += times.length;
    const level = {
      concurrency,
      bookings: n,
      perSec: round(perSec)!,
      p50Ms: round(percentile(times, 50), 0),
      p99Ms: round(percentile(times, 99), 0),
      errors,
    };
    progress(
      `booking: c=${concurrency} ${level.perSec}/s p50 ${level.p50Ms} ms p99 ${level.p99Ms} ms${errors ? `, ${errors} errors` : ''}`,
    );
    levels.push(level);
  }
  return { levels, at32, booked };
}
