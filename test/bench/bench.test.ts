import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run bench`'s own code path at tiny sizes (--smoke): its own stack, a handful of bookings, a burst of 5, a small
// scale phase and the pg-boss peer. Only the shape of latest.json and no loss or duplicate are checked: no timings.
jest.setTimeout(300_000);

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runBench(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', '--smoke', '--out', out], {
      cwd: join(__dirname, '../..'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

it('runs end to end at tiny sizes and writes latest.json with every figure, nothing lost, nothing duplicated', async () => {
  const { code, output } = await runBench();
  if (code !== 0) throw new Error(`bench exited ${code}:\n${output.slice(-4000)}`);
  const r = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
  const num = expect.any(Number);
  expect(r.raw).toMatchObject({ startsPerSec: num, timerBurstP99Ms: num });
  expect(r.booking).toMatchObject({ perSec: num, p50Ms: num, p99Ms: num, ratioToRaw: num });
  for (const c of ['1', '8', '32'])
    expect(r.booking.byConcurrency[c]).toMatchObject({
      concurrency: Number(c),
      perSec: num,
      p50Ms: num,
      p99Ms: num,
      errors: 0,
    });
  expect(r.burst).toMatchObject({
    sessions: 5,
    reminders: 20,
    p50Ms: num,
    p99Ms: num,
    maxMs: num,
    lost: 0,
    duplicated: 0,
    ratioToRawTimers: num,
  });
  expect(r.cost).toMatchObject({
    actionsPerBooking: num,
    historyEventsPerBooking: num,
    historyBytesPerBooking: num,
  });
  expect(r.cost.actionsPerBooking).toBeGreaterThan(0);
  // Queries are billed too, in no history: a booking admitted on the stored standing asks its customer's workflow none.
  expect(r.cost.queriesPerBooking).toBe(0);
  expect(r.cost.actionsPerBooking).toBeCloseTo(r.cost.historyActionsPerBooking + (r.cost.heartbeatsPerBooking ?? 0), 1);
  expect(r.scale).toMatchObject({
    openBookings: 30,
    workerRssBeforeMb: num,
    workerRssAfterMb: num,
    freshWorkerStartMs: num,
    slotsP50Ms: num,
    customerBookingsP50Ms: num,
  });
  expect(r.peer).toMatchObject({ name: 'pg-boss', burstP99Ms: num, lost: 0, duplicated: 0 });
  expect(r.scale).toMatchObject({ workerRssBeforeAtBookings: 3, workerRssGrowthTo10kPct: expect.any(Number) });
  // One booking's path: the API, the start, the admission, the claim and the answer, from the histories.
  for (const step of ['api', 'toWorker', 'firstActivation', 'admission', 'claim', 'answer'])
    expect(r.steps.steps[step]).toMatchObject({ p50Ms: num, p99Ms: num, samples: 3 });
  expect(r.steps).toMatchObject({ bookings: 3, totalP50Ms: num, bookingWorkflowTasksP50: num });
  // The own stack's processes each have their CPU time.
  expect(r.cpu.bookings).toBe(8);
  for (const p of ['api', 'worker', 'temporal', 'postgres', 'bench']) {
    expect(r.cpu.secondsPer1000Bookings[p]).toEqual(num);
    expect(r.cpu.idleSecondsPer1000Bookings[p]).toEqual(num);
  }
  expect(r.goals.map((g: { name: string }) => g.name)).toEqual(
    expect.arrayContaining(['booking.p99Ms', 'burst.p99Ms', 'scale.openBookings', 'scale.workerRssGrowthTo10kPct', 'cost.actionsPerBooking']),
  );
  for (const g of r.goals) expect([true, false, null]).toContain(g.met);
  const md = readFileSync(join(out, 'latest.md'), 'utf8');
  expect(md).toContain('| burst.p99Ms |');
  expect(md).toContain('| admission |');
  expect(md).toContain('| worker (node, its own process) |');
  expect(readFileSync(join(out, 'latest-lateness.svg'), 'utf8')).toMatch(/^<svg/);
});
