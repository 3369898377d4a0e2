/** The benchmark's outputs: latest.json (the figures), latest.md (the table and the lateness chart, SVG via Vega-Lite). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepFigure, StepsResult } from './steps';

export interface Goal {
  name: string;
  goal: string;
  value: number | null;
  met: boolean | null;
}

/** The goals (#23), reported against the figures of this run; never asserted. */
export function goals(r: {
  booking: { ratioToRaw: number | null; p99Ms: number | null };
  burst: { sessions: number; p99Ms: number | null; lost: number; duplicated: number };
  peer: { burstP99Ms: number | null } | null;
  cost: { actionsPerBooking: number | null };
  scale: {
    targetBookings: number;
    openBookings: number;
    workerRssBeforeAtBookings: number;
    workerRssGrowthTo10kPct: number | null;
  };
}): Goal[] {
  const check = (value: number | null, ok: (v: number) => boolean) => (value === null ? null : ok(value));
  const { scale } = r;
  // The memory goal spans 500 to 10,000 open bookings: a run that did not get there has not met it.
  const rssSpan = Math.min(scale.targetBookings, 10_000);
  return [
    {
      name: 'booking.p99Ms',
      goal: '≤ 1000 at 32 clients',
      value: r.booking.p99Ms,
      met: check(r.booking.p99Ms, (v) => v <= 1000),
    },
    {
      name: 'booking.ratioToRaw',
      goal: '≥ 0.15',
      value: r.booking.ratioToRaw,
      met: check(r.booking.ratioToRaw, (v) => v >= 0.15),
    },
    {
      name: 'burst.p99Ms',
      goal: `≤ 1000 at 200 sessions (this run: ${r.burst.sessions})`,
      value: r.burst.p99Ms,
      met: r.burst.sessions === 200 ? check(r.burst.p99Ms, (v) => v <= 1000) : null,
    },
    {
      name: 'burst.p99Ms vs peer',
      goal: `< peer.burstP99Ms (${r.peer?.burstP99Ms ?? 'n/a'}) at ${r.burst.sessions} sessions`,
      value: r.burst.p99Ms,
      met: r.peer?.burstP99Ms == null ? null : check(r.burst.p99Ms, (v) => v < r.peer!.burstP99Ms!),
    },
    { name: 'burst.lost', goal: '= 0', value: r.burst.lost, met: r.burst.lost === 0 },
    { name: 'burst.duplicated', goal: '= 0', value: r.burst.duplicated, met: r.burst.duplicated === 0 },
    {
      name: 'scale.openBookings',
      goal: `= ${scale.targetBookings} (reached within the time budget)`,
      value: scale.openBookings,
      met: scale.openBookings >= scale.targetBookings,
    },
    {
      name: 'scale.workerRssGrowthTo10kPct',
      goal: `within ±10 from ${scale.workerRssBeforeAtBookings} to ${rssSpan} open bookings`,
      value: scale.workerRssGrowthTo10kPct,
      met:
        scale.openBookings < rssSpan ? false : check(scale.workerRssGrowthTo10kPct, (v) => Math.abs(v) <= 10),
    },
    {
      name: 'cost.actionsPerBooking',
      goal: '≤ 18',
      value: r.cost.actionsPerBooking,
      met: check(r.cost.actionsPerBooking, (v) => v <= 18),
    },
  ];
}

/** Every leaf of the results as `a.b.c | value`, in order. */
function rows(obj: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      out.push(...rows(v as Record<string, unknown>, name));
    else out.push([name, v === null ? 'n/a' : String(v)]);
  }
  return out;
}

export function table(results: Record<string, unknown>, goalList: Goal[]): string {
  const figures = rows(
    Object.fromEntries(
      Object.entries(results).filter(([k]) =>
        ['raw', 'booking', 'burst', 'cost', 'scale', 'peer'].includes(k),
      ),
    ),
  );
  const lines = ['| figure | value |', '| --- | --- |', ...figures.map(([k, v]) => `| ${k} | ${v} |`)];
  lines.push('', '| goal | target | this run | met |', '| --- | --- | --- | --- |');
  for (const g of goalList)
    lines.push(
      `| ${g.name} | ${g.goal} | ${g.value ?? 'n/a'} | ${g.met === null ? 'n/a' : g.met ? 'met' : 'not met'} |`,
    );
  const { steps, cpu } = results as { steps?: StepsResult; cpu?: CpuFigures };
  if (steps) lines.push('', ...stepsTable(steps));
  if (cpu) lines.push('', ...cpuTable(cpu));
  return lines.join('\n');
}

interface CpuFigures {
  bookings: number;
  measured: string;
  meteredSec: number;
  secondsPer1000Bookings: Record<string, number | null>;
  idleSecondsPer1000Bookings: Record<string, number | null>;
}

const ms = (v: number | null) => (v === null ? 'n/a' : String(v));

/** One booking's path, step by step (bench/steps.ts says where each checkpoint comes from). */
function stepsTable(s: StepsResult): string[] {
  const row = (name: string, f: StepFigure) => `| ${name} | ${f.what} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${f.samples} |`;
  return [
    `One booking's path at 32 clients (${s.bookings} bookings; workflow tasks until the answer p50 ${s.bookingWorkflowTasksP50 ?? 'n/a'}, activities p50 ${s.bookingActivitiesP50 ?? 'n/a'}):`,
    '',
    '| step | from the previous checkpoint to | p50 ms | p99 ms | bookings |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(s.steps).map(([k, f]) => row(k, f)),
    row('(admission.insideCustomer)', s.admissionInsideCustomer),
    `| total | the client's wall time | ${ms(s.totalP50Ms)} | ${ms(s.totalP99Ms)} | ${s.bookings} |`,
  ];
}

const PROCESS_LABELS: Record<string, string> = {
  api: 'API (node, its own process)',
  worker: 'worker (node, its own process)',
  temporal: 'Temporal dev server',
  postgres: 'PostgreSQL (postmaster and every backend)',
  bench: 'bench (the HTTP clients, this process)',
};

function cpuTable(c: CpuFigures): string[] {
  return [
    `CPU seconds per 1,000 bookings (${c.measured}; ${c.bookings} bookings in ${c.meteredSec} s; "idle" is what the process spends in that time with nothing asked of it, measured over 3 s of quiet before):`,
    '',
    '| process | CPU s per 1,000 bookings | of which idle |',
    '| --- | --- | --- |',
    ...Object.entries(c.secondsPer1000Bookings).map(
      ([k, v]) => `| ${PROCESS_LABELS[k] ?? k} | ${v ?? 'unavailable'} | ${c.idleSecondsPer1000Bookings[k] ?? 'n/a'} |`,
    ),
  ];
}

/** A histogram of reminder lateness per system, rendered to SVG in Node (Vega-Lite compiled to Vega, no browser). */
export async function latenessChart(series: Record<string, number[]>): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const values = Object.entries(series).flatMap(([system, ms]) =>
    ms.map((m) => ({ system, lateness: m / 1000 })),
  );
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Reminder lateness (accepted at the provider fake − due)',
    data: { values },
    mark: 'bar',
    width: 560,
    height: 120,
    encoding: {
      x: { field: 'lateness', type: 'quantitative', bin: { maxbins: 40 }, title: 'lateness (s)' },
      y: { aggregate: 'count', type: 'quantitative', title: 'reminders' },
      color: { field: 'system', type: 'nominal', legend: null },
      row: { field: 'system', type: 'nominal', title: null },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  return view.toSVG();
}

export async function writeResults(
  outDir: string,
  results: Record<string, unknown>,
  goalList: Goal[],
  series: Record<string, number[]>,
  header: string[],
): Promise<string> {
  const md = table(results, goalList);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ ...results, goals: goalList }, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest-lateness.svg'), await latenessChart(series));
  writeFileSync(
    join(outDir, 'latest.md'),
    [...header, '', md, '', '![Reminder lateness](latest-lateness.svg)', ''].join('\n'),
  );
  return md;
}
