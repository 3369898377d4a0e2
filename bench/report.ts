/** The benchmark's outputs: latest.json (the figures), latest.md (the table and the lateness chart, SVG via Vega-Lite). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Goal {
  name: string;
  goal: string;
  value: number | null;
  met: boolean | null;
}

/** The goals, reported against the figures of this run; never asserted. */
export function goals(r: {
  booking: { ratioToRaw: number | null };
  burst: { ratioToRawTimers: number | null; p99Ms: number | null; lost: number; duplicated: number };
  peer: { burstP99Ms: number | null } | null;
  cost: { actionsPerBooking: number | null };
  scale: { workerRssGrowthPct: number | null };
}): Goal[] {
  const check = (value: number | null, ok: (v: number) => boolean) => (value === null ? null : ok(value));
  return [
    { name: 'booking.ratioToRaw', goal: '≥ 0.5', value: r.booking.ratioToRaw, met: check(r.booking.ratioToRaw, (v) => v >= 0.5) },
    { name: 'burst.ratioToRawTimers', goal: '≤ 1.5', value: r.burst.ratioToRawTimers, met: check(r.burst.ratioToRawTimers, (v) => v <= 1.5) },
    {
      name: 'burst.p99Ms',
      goal: `< peer.burstP99Ms (${r.peer?.burstP99Ms ?? 'n/a'})`,
      value: r.burst.p99Ms,
      met: r.peer?.burstP99Ms == null ? null : check(r.burst.p99Ms, (v) => v < r.peer!.burstP99Ms!),
    },
    { name: 'burst.lost', goal: '= 0', value: r.burst.lost, met: r.burst.lost === 0 },
    { name: 'burst.duplicated', goal: '= 0', value: r.burst.duplicated, met: r.burst.duplicated === 0 },
    { name: 'cost.actionsPerBooking', goal: '≤ 20', value: r.cost.actionsPerBooking, met: check(r.cost.actionsPerBooking, (v) => v <= 20) },
    { name: 'scale worker RSS growth %', goal: '≤ 10', value: r.scale.workerRssGrowthPct, met: check(r.scale.workerRssGrowthPct, (v) => Math.abs(v) <= 10) },
  ];
}

/** Every leaf of the results as `a.b.c | value`, in order. */
function rows(obj: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...rows(v as Record<string, unknown>, name));
    else out.push([name, v === null ? 'n/a' : String(v)]);
  }
  return out;
}

export function table(results: Record<string, unknown>, goalList: Goal[]): string {
  const figures = rows(Object.fromEntries(Object.entries(results).filter(([k]) => ['raw', 'booking', 'burst', 'cost', 'scale', 'peer'].includes(k))));
  const lines = ['| figure | value |', '| --- | --- |', ...figures.map(([k, v]) => `| ${k} | ${v} |`)];
  lines.push('', '| goal | target | this run | met |', '| --- | --- | --- | --- |');
  for (const g of goalList) lines.push(`| ${g.name} | ${g.goal} | ${g.value ?? 'n/a'} | ${g.met === null ? 'n/a' : g.met ? 'yes' : 'no'} |`);
  return lines.join('\n');
}

/** A histogram of reminder lateness per system, rendered to SVG in Node (Vega-Lite compiled to Vega, no browser). */
export async function latenessChart(series: Record<string, number[]>): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const values = Object.entries(series).flatMap(([system, ms]) => ms.map((m) => ({ system, lateness: m / 1000 })));
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

export async function writeResults(outDir: string, results: Record<string, unknown>, goalList: Goal[], series: Record<string, number[]>, header: string[]): Promise<string> {
  const md = table(results, goalList);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ ...results, goals: goalList }, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest-lateness.svg'), await latenessChart(series));
  writeFileSync(join(outDir, 'latest.md'), [...header, '', md, '', '![Reminder lateness](latest-lateness.svg)', ''].join('\n'));
  return md;
}
