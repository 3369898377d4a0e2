/**
 * CPU seconds spent by each process of the stack, from /proc/<pid>/stat (Linux): a process's own utime + stime, the
 * cutime + cstime of the children it has reaped (PostgreSQL's ended backends land in the postmaster's), and the same
 * of every live descendant (PostgreSQL's backends, a wrapper's child). Read before and after a phase; the difference
 * over the phase's bookings is the cost per booking. Null wherever /proc cannot tell (not Linux, someone else's stack).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SEC = 100; // USER_HZ: 100 on every Linux the project runs on (getconf CLK_TCK)

interface Stat {
  ppid: number;
  ticks: number;
}

/** Fields after the command's closing parenthesis: state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14]. */
function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return stats;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  return stats;
}

/** CPU seconds of `root` and every live descendant (and what they have reaped); null when `root` is gone. */
function treeSeconds(root: number, stats: Map<number, Stat>): number | null {
  if (!stats.has(root)) return null;
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SEC;
}

/** The processes to meter, by name; a missing pid is reported as null. */
export type ProcessPids = Record<string, number | undefined>;
export type CpuSample = Record<string, number | null>;

/** The bench's own process (the clients) is added as `bench`, from process.cpuUsage(). */
export function sampleCpu(pids: ProcessPids): CpuSample {
  const stats = allStats();
  const out: CpuSample = {};
  for (const [name, pid] of Object.entries(pids)) out[name] = pid ? treeSeconds(pid, stats) : null;
  const own = process.cpuUsage();
  out.bench = (own.user + own.system) / 1e6;
  return out;
}

/** Accumulates CPU seconds over several spans (the booking levels), then reports them per 1,000 bookings. */
export class CpuMeter {
  private readonly spent: CpuSample = {};
  private open: CpuSample | null = null;
  private openedAt = 0;
  private spanMs = 0;
  private idle: CpuSample = {};

  constructor(private readonly pids: ProcessPids | null) {}

  /** Each process's CPU seconds per second while nothing is asked of the stack, read over `ms` of quiet. */
  async measureIdle(ms: number): Promise<void> {
    if (!this.pids) return;
    const before = sampleCpu(this.pids);
    await new Promise((r) => setTimeout(r, ms));
    const after = sampleCpu(this.pids);
    for (const [name, b] of Object.entries(before)) {
      const a = after[name];
      this.idle[name] = a === null || b === null ? null : (a - b) / (ms / 1000);
    }
  }

  begin(): void {
    if (!this.pids) return;
    this.open = sampleCpu(this.pids);
    this.openedAt = performance.now();
  }

  end(): void {
    if (!this.pids || !this.open) return;
    const now = sampleCpu(this.pids);
    for (const [name, before] of Object.entries(this.open)) {
      const after = now[name];
      const prior = this.spent[name];
      this.spent[name] =
        before === null || after === null || prior === null ? null : (prior ?? 0) + (after - before);
    }
    this.open = null;
    this.spanMs += performance.now() - this.openedAt;
  }

  /**
   * CPU seconds per 1,000 bookings for each process, and the part of them the process spends anyway (its idle rate
   * times the metered time); null for every process when the stack is not ours.
   */
  perThousand(bookings: number, names: string[]): { perThousand: CpuSample; idlePart: CpuSample; meteredSec: number } {
    const per = (s: number | null | undefined) =>
      !this.pids || s == null || bookings === 0 ? null : Number(((s / bookings) * 1000).toFixed(1));
    const perThousand: CpuSample = {};
    const idlePart: CpuSample = {};
    for (const name of [...names, 'bench']) {
      perThousand[name] = per(this.spent[name]);
      const idle = this.idle[name];
      idlePart[name] = per(idle == null ? null : idle * (this.spanMs / 1000));
    }
    return { perThousand, idlePart, meteredSec: Number((this.spanMs / 1000).toFixed(1)) };
  }
}
