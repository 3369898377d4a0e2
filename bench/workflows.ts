// The raw engine's workflows: deterministic code only, run by the benchmark's own worker on its own task queue.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(dueAtMs: number): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** Does nothing: one start, one workflow task. */
export async function trivialWorkflow(): Promise<void> {}

/** Sleeps until `dueAtMs`, then runs one no-op activity (whose start time is the lateness clock). */
export async function timerWorkflow(dueAtMs: number): Promise<void> {
  await sleep(Math.max(1, dueAtMs - Date.now()));
  await noop(dueAtMs);
}
