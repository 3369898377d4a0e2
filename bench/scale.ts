/**
 * Scale: many sleeping bookings, made through the API (POST /v1/bookings at concurrency 32, as many customers as
 * a hundredth of the target), then the worker's memory before and after, the time a fresh worker takes to start
 * against them, and the latency of GET /v1/slots and GET /v1/customers/:id/bookings at that size.
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
  workerRssBeforeMb: number | null;
  workerRssAfterMb: number | null;
  workerRssGrowthPct: number | null;
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
    const timer = setTimeout(() => resolve(null), 120_000);
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
  const ids = await putCustomers(api, prefix, customers, 7_000_000);
  await postSlots(
    api,
    `${prefix}-free`,
    [...Array(200).keys()].map((i) => new Date(base - 3600_000 - i * 60_000)),
  );

  await sleep(2000);
  const rssBefore = rssMb(stack.workerPid);
  let made = 0;
  let stopped = false;
  const t0 = performance.now();
  // In chunks: each chunk's slots are made, then booked at concurrency 32; the time budget is checked between chunks.
  // Booking i is customer i % customers' (i / customers)-th session: two hours apart, so a customer's never overlap.
  const CHUNK = 200;
  for (let from = 0; from < target; from += CHUNK) {
    if (Date.now() > deadline) {
      stopped = true;
      break;
    }
    const idx = [...Array(Math.min(CHUNK, target - from)).keys()].map((k) => from + k);
    const slots = await postSlots(
      api,
      `${prefix}-${from}`,
      idx.map((i) => new Date(base + Math.floor(i / customers) * 2 * 3600_000)),
    );
    await mapLimit(idx, 32, async (i, k) => {
      try {
        await book(api, ids[i % customers], slots[k]);
        made += 1;
        if (made % 500 === 0)
          progress(`scale: ${made}/${target} bookings, worker RSS ${rssMb(stack.workerPid)} MB`);
      } catch (err) {
        progress(`scale: ${(err as Error).message}`);
      }
    });
  }
  const createdPerSec = made / ((performance.now() - t0) / 1000);
  if (stopped) progress(`scale: the time budget stopped creation at ${made} of ${target} bookings`);
  await sleep(5000);
  const rssAfter = rssMb(stack.workerPid);
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
    workerRssBeforeMb: rssBefore,
    workerRssAfterMb: rssAfter,
    workerRssGrowthPct: rssBefore && rssAfter ? round(((rssAfter - rssBefore) / rssBefore) * 100) : null,
    freshWorkerStartMs: fresh,
    slotsP50Ms,
    customerBookingsP50Ms,
    customerBookingsCount,
  };
  progress(`scale: ${JSON.stringify(result)}`);
  return result;
}
