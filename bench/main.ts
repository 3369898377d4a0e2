/**
 * `npm run bench [-- --quick] [--target URL] [--out DIR] [--budget-min N]`: every figure measured in one run against the raw engine
 * of the same run, and a peer (pg-boss) side by side. Prints progress and a table; writes latest.json and latest.md.
 * `--smoke` runs the same code path at tiny sizes (the test in test/bench uses it).
 * Beside each phase's figures: one booking's path step by step from its histories (steps.ts), each process's CPU
 * per 1,000 bookings (cpu.ts; own stack only), and the goals marked met or not (report.ts).
 * Sizes: quick bursts 200 sessions (800 reminders) and opens 10,000 bookings within its 18-minute budget; full
 * bursts 2,000 sessions (8,000 reminders, beside 2,000 raw timers and 8,000 pg-boss jobs) and opens 100,000, with no
 * budget unless `--budget-min` gives one (the scale phase then stops creating when it ends, and says so).
 */
import { Client, Connection } from '@temporalio/client';
import { dataConverterFor, parsePayloadKeys } from '../codec/payload-codec';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPolicy } from '../config/policy-file';
import { apiClient } from './api-client';
import { measureBooking } from './booking';
import { measureBurst } from './burst';
import { measureCost } from './cost';
import { CpuMeter } from './cpu';
import { measurePeer, type PeerResult } from './peer';
import { measureRaw } from './raw';
import { goals, writeResults } from './report';
import { measureScale } from './scale';
import { startOwnStack, targetStack } from './stack';
import { measureSteps } from './steps';
import { heartbeatRequests, perItem, queryRequests } from './temporal-metrics';
import { progress, round } from './util';

type Mode = 'smoke' | 'quick' | 'full';
/** The stack's processes whose CPU is reported (null for each on someone else's stack). */
const CPU_PROCESSES = { api: undefined, worker: undefined, temporal: undefined, postgres: undefined };
const SIZES = {
  smoke: { starts: 20, booking: { 1: 2, 8: 3, 32: 3 }, burst: 5, cost: 1, scale: 30, budgetMs: 9.5 * 60_000 },
  quick: {
    starts: 300,
    booking: { 1: 10, 8: 40, 32: 96 },
    burst: 200,
    cost: 3,
    scale: 10_000,
    // The scale setup books at the booking path's own rate (23/s on two cores here): 10,000 take some 7 minutes.
    budgetMs: 18 * 60_000,
  },
  full: {
    starts: 1000,
    booking: { 1: 30, 8: 160, 32: 320 },
    burst: 2000,
    cost: 5,
    scale: 100_000,
    budgetMs: Infinity,
  },
} as const;

function parseArgs(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const mode: Mode = argv.includes('--smoke') ? 'smoke' : argv.includes('--quick') ? 'quick' : 'full';
  const budgetMin = Number(value('--budget-min'));
  const budgetMs = Number.isFinite(budgetMin) && budgetMin > 0 ? budgetMin * 60_000 : SIZES[mode].budgetMs;
  return { mode, budgetMs, target: value('--target'), out: resolve(value('--out') ?? join(__dirname, 'results')) };
}

/** The compressed policy (bench/policy.json, durations in seconds); the smoke run divides its reminder offsets by 5. */
function policyFileFor(mode: Mode): string {
  const file = join(__dirname, 'policy.json');
  if (mode !== 'smoke') return file;
  const policy = JSON.parse(readFileSync(file, 'utf8'));
  policy.reminders = policy.reminders.map((r: { channel: string; before: string }) => ({
    ...r,
    before: `PT${Number(/PT(\d+)S/.exec(r.before)![1]) / 5}S`,
  }));
  const out = join(mkdtempSync(join(tmpdir(), 'bench-policy-')), 'policy.json');
  writeFileSync(out, JSON.stringify(policy));
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = SIZES[args.mode];
  const began = Date.now();
  const deadline = began + args.budgetMs;
  const loadBefore = loadavg();
  mkdirSync(args.out, { recursive: true });
  const policyFile = policyFileFor(args.mode);
  const policy = loadPolicy(policyFile);
  const run = randomUUID().slice(0, 6);
  progress(
    `mode ${args.mode}, ${cpus().length} cores, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; results to ${args.out}`,
  );

  const stack = args.target ? targetStack(args.target) : await startOwnStack(policyFile);
  const stop = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  // The stack's payload codec, as every client of the project uses it (it reads booking results); the raw engine's
  // worker gets the same one, so both sides of each ratio pay for encryption alike.
  const dataConverter = stack.payloadKeys ? dataConverterFor(parsePayloadKeys(stack.payloadKeys)) : undefined;
  const client = new Client({ connection, namespace: stack.namespace, dataConverter });
  const api = apiClient(stack.base, stack.keys);
  try {
    const raw = await measureRaw(client, stack.temporalAddress, stack.namespace, {
      starts: sizes.starts,
      timers: sizes.burst,
    }, dataConverter);
    const cpuMeter = new CpuMeter(stack.pids ?? null);
    await cpuMeter.measureIdle(3000);
    const queriesBefore = await queryRequests(stack.temporalMetricsUrl);
    const booked = await measureBooking(api, run, sizes.booking, cpuMeter);
    const levels = booked.levels;
    const at32 = levels.find((l) => l.concurrency === 32)!;
    const steps = await measureSteps(client, booked.at32);
    // Read after the steps (which query nothing), so that the server's counters include the phase's last requests.
    const queries = perItem(queriesBefore, await queryRequests(stack.temporalMetricsUrl), booked.booked);
    const cpuFigures = cpuMeter.perThousand(booked.booked, Object.keys(stack.pids ?? CPU_PROCESSES));
    const beatsBefore = await heartbeatRequests(stack.temporalMetricsUrl);
    const burst = await measureBurst(api, run, sizes.burst, policy, at32.perSec, stack.fake);
    const beatsAfter = await heartbeatRequests(stack.temporalMetricsUrl);
    const beats = perItem(beatsBefore, beatsAfter, burst.sessions);
    const cost = await measureCost(api, client, burst.bookings, sizes.cost, { heartbeats: beats, queries });
    let peer: PeerResult | null = null;
    if (stack.databaseUrl) peer = await measurePeer(stack.databaseUrl, sizes.burst, policy, stack.fake, run);
    else progress('peer: skipped (no DATABASE_URL for the target)');
    // What is still in flight when the budget ends, the scale figures and the stop need time too (about 10 s in the
    // quick runs so far; a minute is kept).
    const scaleBudget = Math.max(30_000, deadline - Date.now() - 60_000);
    const scale = await measureScale(api, stack, run, sizes.scale, scaleBudget);

    const results = {
      date: new Date().toISOString(),
      mode: args.mode,
      target:
        args.target ??
        'own stack (embedded PostgreSQL, dev server as npm start runs it, worker, API, provider fakes)',
      machine: {
        cores: cpus().length,
        loadBefore: loadBefore.map((l) => round(l, 2)),
        loadAfter: loadavg().map((l) => round(l, 2)),
        node: process.version,
      },
      durationSec: 0,
      raw,
      booking: {
        perSec: at32.perSec,
        p50Ms: at32.p50Ms,
        p99Ms: at32.p99Ms,
        ratioToRaw: round(at32.perSec / raw.startsPerSec, 2),
        byConcurrency: Object.fromEntries(levels.map((l) => [String(l.concurrency), l])),
      },
      burst: {
        sessions: burst.sessions,
        reminders: burst.reminders,
        p50Ms: burst.p50Ms,
        p99Ms: burst.p99Ms,
        maxMs: burst.maxMs,
        lost: burst.lost,
        duplicated: burst.duplicated,
        ratioToRawTimers:
          burst.p99Ms !== null && raw.timerBurstP99Ms ? round(burst.p99Ms / raw.timerBurstP99Ms, 2) : null,
        delivered: burst.delivered,
        refused: burst.refused,
        skippedAtBooking: burst.skippedAtBooking,
      },
      steps,
      cpu: {
        bookings: booked.booked,
        measured: stack.pids
          ? 'over the booking levels (1, 8, 32 clients), each followed by 1 s of quiet'
          : 'unavailable: --target is someone else’s stack',
        meteredSec: cpuFigures.meteredSec,
        secondsPer1000Bookings: cpuFigures.perThousand,
        idleSecondsPer1000Bookings: cpuFigures.idlePart,
      },
      cost,
      scale,
      peer: peer && {
        name: peer.name,
        reminders: peer.reminders,
        burstP50Ms: peer.burstP50Ms,
        burstP99Ms: peer.burstP99Ms,
        burstMaxMs: peer.burstMaxMs,
        lost: peer.lost,
        duplicated: peer.duplicated,
      },
    };
    results.durationSec = Math.round((Date.now() - began) / 1000);
    const goalList = goals({ ...results, peer: results.peer });
    const series: Record<string, number[]> = { 'Temporal (this project)': burst.latenessMs };
    if (peer) series['pg-boss'] = peer.latenessMs;
    const header = [
      `# Benchmark (${args.mode}) — ${results.date.slice(0, 10)}`,
      '',
      `${results.target}; ${results.machine.cores} cores, load average ${results.machine.loadBefore.join(' ')} before and ${results.machine.loadAfter.join(' ')} after (the machine is shared); ${results.durationSec} s; Node ${process.version}.`,
    ];
    const md = await writeResults(args.out, results, goalList, series, header);
    process.stdout.write(
      `\n${md}\n\nwritten: ${join(args.out, 'latest.json')}, ${join(args.out, 'latest.md')}\n`,
    );
  } finally {
    await connection.close();
    progress('stopping the stack');
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    progress(`failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
