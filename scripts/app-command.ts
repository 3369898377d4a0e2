/**
 * How Node runs the two production processes: tsx as a loader, not its CLI (so the pid is the process's own and
 * signals reach it), and the worker with a bounded heap. Unbounded, V8 grows its heap lazily towards a share of the
 * machine's memory, and a worker's RSS climbed with every booking it handled (+80 % over 6,600 open bookings in the
 * benchmark); bounded, with the workflow cache (WORKER_CACHED_WORKFLOWS), it stays flat (+8 %).
 */
export type AppEntry = 'worker/main.ts' | 'api/main.ts';

/** `WORKER_HEAP_MB` (default 256): the worker's V8 old-space limit. */
export const workerHeapMb = (env: NodeJS.ProcessEnv = process.env): number => Number(env.WORKER_HEAP_MB || 256);

export function appArgs(entry: AppEntry, env: NodeJS.ProcessEnv = process.env): string[] {
  const heap = entry === 'worker/main.ts' ? [`--max-old-space-size=${workerHeapMb(env)}`] : [];
  return [...heap, '--import', 'tsx', entry];
}
