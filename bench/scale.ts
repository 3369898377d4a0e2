/**
 * Scale: many sleeping bookings, made through the API (POST /v1/bookings at concurrency 48, as many customers as
 * a hundredth of the target, slots made a chunk ahead), then the worker's memory at 500 open bookings and at the
 * end, the time a fresh worker takes to start against them, and the latency of GET /v1/slots and
 * GET /v1/customers/:id/bookings at that size.
 */
import { readFileSync } from 'node:fs';
import type { ApiClient } from './api-client';
import { book, postSlots, putCustomers } from './fixtures';
import { stopChild } from '../scripts/supervisor';
import { spawnApp, type Stack } from './stack';
import { mapLimit, percentile, progress, round, sleep } from './util';

export interface ScaleResult {
  targetBookings: number;
  openBookings: number;
  createdPerSec: number;
  creationStoppedByTimeBudget: boolean;
  /** The open bookings at which workerRssBeforeMb was read (500, or a tenth of a smaller target). */
  workerRssBeforeAtBookings: number;
  workerRssBeforeMb: number | null;
  workerRssAfterMb: number | null;
  /** From the baseline to the end. */
  workerRssGrowthPct: number | null;
  /** From the baseline to 10,000 open bookings (or the target, when smaller): the goal's span; null if not reached. */
  workerRssGrowthTo10kPct: number | null;
  workerRssMbByOpenBookings: Record<string, number | null>;
  freshWorkerStartMs: number | null;
  slotsP50Ms: number | null;
  customerBookingsP50Ms: number | null;
  customerBookingsCount: number;
}

/** Resident memory of a process, from /proc (Linux); null elsewhere. */
function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? round(kb / 1024)! : null;
  } catch {
    return null;
  }
}

/** A second worker of the same stack: milliseconds from spawn to its "worker running" line, then it is stopped. */
async function freshWorkerStartMs(stack: Stack): Promise<number | null> {
  if (!stack.workerEnv) return null;
  const t0 = performance.now();
  const child = spawnApp('worker/main.ts', { ...stack.workerEnv, LOG_LEVEL: 'info' });
  const ms = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 300_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('"worker running"')) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    });
  });
  await stopChild(child);
  return ms === null ? null : round(ms, 0);
}

async function latencyP50(api: ApiClient, path: string, times = 20): Promise<number | null> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) ms.push((await api.ok('GET', path)).ms);
  return round(percentile(ms, 50), 1);
}

/** Open bookings at which the worker's memory is first read: the growth is measured from here, not from none. */
export const RSS_BASELINE_BOOKINGS = 500;
/** The goal's end: the worker's memory within 10 % from the baseline to here. */
export const RSS_GOAL_BOOKINGS = 10_000;
/** Clients booking at once during the setup: more than the 32-client phase, to keep both cores busy. */
const SETUP_CONCURRENCY = 48;
/** Slots made ahead of the bookings, in chunks: one chunk is being booked while the next one is made. */
const SLOT_CHUNK = 500;

interface ScalePlan {
  api: ApiClient;
  ids: string[];
  prefix: string;
  base: number;
  target: number;
  deadline: number;
  /** Each chunk's slots, made once: both passes (to the baseline, then on) book from the same chunks. */
  chunks: Map<number, Promise<string[]>>;
}

/**
 * Makes bookings [from, to) of the plan at SETUP_CONCURRENCY, until the deadline.
 * Booking i is customer i % customers' (i / customers)-th session: two hours apart, so a customer's never overlap.
 * Its slots come in chunks made one ahead, so the clients never wait for a chunk's last booking (no tail per chunk).
 */
async function makeBookings(plan: ScalePlan, from: number, to: number, onMade: () => void): Promise<void> {
  const { chunks } = plan;
  const chunk = (c: number): Promise<string[]> => {
    if (!chunks.has(c)) {
      const first = c * SLOT_CHUNK;
      const idx = [...Array(Math.max(0, Math.min(SLOT_CHUNK, plan.target - first))).keys()].map((k) => first + k);
      const starts = idx.map((i) => new Date(plan.base + Math.floor(i / plan.ids.length) * 2 * 3600_000));
      chunks.set(c, postSlots(plan.api, `${plan.prefix}-${first}`, starts));
    }
    return chunks.get(c)!;
  };
  await mapLimit([...Array(to - from).keys()].map((k) => from + k), SETUP_CONCURRENCY, async (i) => {
    if (Date.now() > plan.deadline) return;
    const c = Math.floor(i / SLOT_CHUNK);
    const slots = await chunk(c);
    if ((i % SLOT_CHUNK) * 2 >= SLOT_CHUNK) void chunk(c + 1).catch(() => undefined); // awaited by its own bookings
    try {
      await book(plan.api, plan.ids[i % plan.ids.length], slots[i % SLOT_CHUNK]);
      onMade();
    } catch (err) {
      progress(`scale: ${(err as Error).message}`);
    }
  });
}

export async function measureScale(
  api: ApiClient,
  stack: Stack,
  run: string,
  target: number,
  budgetMs: number,
): Promise<ScaleResult> {
  const deadline = Date.now() + budgetMs;
  const customers = Math.max(1, Math.ceil(target / 100));
  const prefix = `scale-${run}`;
  const base = Date.now() + 30 * 24 * 3600_000;
  progress(`scale: ${customers} customers, up to ${target} bookings (+ 200 free slots)`);
  const [ids] = await Promise.all([
    putCustomers(api, prefix, customers, 7_000_000),
    postSlots(
      api,
      `${prefix}-free`,
      [...Array(200).keys()].map((i) => new Date(base - 3600_000 - i * 60_000)),
    ),
  ]);
  const plan: ScalePlan = { api, ids, prefix, base, target, deadline, chunks: new Map() };
  const t0 = performance.now();
  let made = 0;
  const onMade = () => {
    made += 1;
    if (made % 1000 === 0) progress(`scale: ${made}/${target} bookings, worker RSS ${rssMb(stack.workerPid)} MB`);
  };
  // The worker's memory at rest at each mark: the baseline (a worker holding no bookings is still warming up), the
  // goal's 10,000 (when the target goes beyond it), the end.
  const baselineAt = Math.min(RSS_BASELINE_BOOKINGS, Math.floor(target / 10));
  const marks = [...new Set([baselineAt, ...(target > RSS_GOAL_BOOKINGS ? [RSS_GOAL_BOOKINGS] : []), target])];
  const readings: { mark: number; made: number; rss: number | null }[] = [];
  let pausedMs = 0;
  for (let i = 0, from = 0; i < marks.length && Date.now() <= deadline; from = marks[i++]) {
    await makeBookings(plan, from, marks[i], onMade);
    await sleep(3000);
    pausedMs += 3000;
    readings.push({ mark: marks[i], made, rss: rssMb(stack.workerPid) });
    progress(`scale: worker RSS ${readings.at(-1)!.rss} MB at ${made} open bookings`);
  }
  const stopped = made < target && Date.now() > deadline;
  const createdPerSec = made / ((performance.now() - t0 - pausedMs) / 1000);
  if (stopped) progress(`scale: the time budget stopped creation at ${made} of ${target} bookings`);
  const rssAtMark = (mark: number) => readings.find((r) => r.mark === mark && r.made >= mark)?.rss ?? null;
  const rssBefore = readings[0]?.rss ?? null;
  const rssAfter = readings.at(-1)?.rss ?? null;
  const growth = (to: number | null) => (rssBefore && to ? round(((to - rssBefore) / rssBefore) * 100) : null);
  const slotsP50Ms = await latencyP50(api, '/v1/slots?sessionType=implementation');
  const customerBookingsP50Ms = await latencyP50(api, `/v1/customers/${ids[0]}/bookings`);
  const customerBookingsCount = (await api.ok<unknown[]>('GET', `/v1/customers/${ids[0]}/bookings`)).body
    .length;
  progress('scale: starting a fresh worker against them');
  const fresh = await freshWorkerStartMs(stack);
  const result: ScaleResult = {
    targetBookings: target,
    openBookings: made,
    createdPerSec: round(createdPerSec)!,
    creationStoppedByTimeBudget: stopped,
    workerRssBeforeAtBookings: baselineAt,
    workerRssBeforeMb: rssBefore,
    workerRssAfterMb: rssAfter,
    workerRssGrowthPct: growth(rssAfter),
    workerRssGrowthTo10kPct: growth(rssAtMark(Math.min(target, RSS_GOAL_BOOKINGS))),
    workerRssMbByOpenBookings: Object.fromEntries(readings.map((r) => [String(r.made), r.rss])),
    freshWorkerStartMs: fresh,
    slotsP50Ms,
    customerBookingsP50Ms,
    customerBookingsCount,
  };
  progress(`scale: ${JSON.stringify(result)}`);
  return result;
}
