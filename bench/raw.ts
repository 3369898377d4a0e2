/**
 * The raw engine, measured in the same run as everything else: StartWorkflowExecution of a trivial workflow at
 * concurrency 32, and B workflows that sleep until one instant and then run one no-op activity.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { drainTimeoutMs, mapLimit, percentile, progress, round, sleep, waitFor } from './util';

const TASK_QUEUE = 'bench-raw';

export interface RawResult {
  startsPerSec: number;
  timerBurstP99Ms: number | null;
  timerBurstP50Ms: number | null;
  timerBurstWorkflows: number;
  /** Timers whose activity never ran within the drain time, and activities that ran twice for one timer. */
  timerBurstLost: number;
  timerBurstDuplicated: number;
}

export async function measureRaw(
  client: Client,
  address: string,
  namespace: string,
  sizes: { starts: number; timers: number },
  dataConverter?: WorkerOptions['dataConverter'],
): Promise<RawResult> {
  const lateness: number[] = [];
  const ran = new Set<string>();
  let duplicated = 0;
  // The first run of each timer's activity is its lateness; a second run (a retry) is a duplicate.
  const noop = async (dueAtMs: number) => {
    const id = Context.current().info.workflowExecution?.workflowId ?? '';
    if (ran.has(id)) {
      duplicated += 1;
      return;
    }
    ran.add(id);
    lateness.push(Date.now() - dueAtMs);
  };
  // The SDK's lifecycle lines would drown the progress lines; its warnings and errors still show.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    dataConverter,
    activities: { noop },
  });
  const running = worker.run();
  try {
    const run = randomUUID().slice(0, 8);
    progress(`raw: ${sizes.starts} starts of a trivial workflow at concurrency 32`);
    const t0 = performance.now();
    await mapLimit([...Array(sizes.starts).keys()], 32, (i) =>
      client.workflow.start('trivialWorkflow', {
        workflowId: `bench-raw-${run}-${i}`,
        taskQueue: TASK_QUEUE,
        args: [],
      }),
    );
    const startsPerSec = sizes.starts / ((performance.now() - t0) / 1000);
    progress(`raw: ${startsPerSec.toFixed(1)} starts/s`);

    // Every timer falls due at one instant, far enough ahead for all of them to be started first.
    const dueAtMs = Date.now() + 5000 + (sizes.timers / startsPerSec) * 1500;
    progress(`raw: ${sizes.timers} workflows sleeping until one instant`);
    await mapLimit([...Array(sizes.timers).keys()], 32, (i) =>
      client.workflow.start('timerWorkflow', {
        workflowId: `bench-timer-${run}-${i}`,
        taskQueue: TASK_QUEUE,
        args: [dueAtMs],
      }),
    );
    await sleep(Math.max(0, dueAtMs - Date.now()));
    await waitFor(async () => lateness.length >= sizes.timers, drainTimeoutMs(sizes.timers), 200);
    const p99 = percentile(lateness, 99);
    progress(`raw: timer burst p99 ${round(p99, 0)} ms (${lateness.length}/${sizes.timers} ran)`);
    return {
      startsPerSec: round(startsPerSec)!,
      timerBurstP99Ms: round(p99, 0),
      timerBurstP50Ms: round(percentile(lateness, 50), 0),
      timerBurstWorkflows: sizes.timers,
      timerBurstLost: sizes.timers - ran.size,
      timerBurstDuplicated: duplicated,
    };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
