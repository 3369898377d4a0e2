// How our processes' Temporal clients are set up: the payload codec (CONTRACT §4), and Updates that wait out a
// workflow whose task is failing rather than give up on it.
import { randomUUID } from 'node:crypto';
import type { ClientOptions, WorkflowClientInterceptor } from '@temporalio/client';
import { dataConverterFor, type PayloadKey } from '../codec/payload-codec';

/**
 * How long an Update keeps asking a workflow whose task is failing (its worker died in the middle of one, and the
 * task timed out). The server refuses Updates then; the next worker to take the task mends it, usually within a
 * task timeout (10 s) or two.
 */
export const NOT_READY_PATIENCE_MS = 60_000;

const NOT_READY = /Workflow Task in failed state|WorkflowNotReady/;

/** The server refused an Update because the workflow's task is failing (FAILED_PRECONDITION, WorkflowNotReadyFailure). */
export function isWorkflowNotReady(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const { code, details } = e as { code?: unknown; details?: unknown };
    if (code === 9 && NOT_READY.test(`${e.message} ${String(details)}`)) return true;
  }
  return false;
}

/** Runs `attempt` again, backing off, for as long as the workflow is not ready and patience lasts. */
async function whileNotReady<T>(attempt: () => Promise<T>, patienceMs: number): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let waitMs = 200; ; waitMs = Math.min(waitMs * 2, 2_000)) {
    try {
      return await attempt();
    } catch (err) {
      if (!isWorkflowNotReady(err) || Date.now() + waitMs > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/**
 * Every Update (and Update-with-start) retried while its workflow is not ready, under one Update id throughout: a
 * request the server had admitted before it refused a repeat is the same Update, never a second one.
 */
export function notReadyRetry(patienceMs = NOT_READY_PATIENCE_MS): WorkflowClientInterceptor {
  return {
    startUpdate: (input, next) => {
      const stable = input.options.updateId ? input : { ...input, options: { ...input.options, updateId: randomUUID() } };
      return whileNotReady(() => next(stable), patienceMs);
    },
    startUpdateWithStart: (input, next) => whileNotReady(() => next(input), patienceMs),
  };
}

/** The options of every Temporal client our processes (and tests) make; `namespace` and `connection` are the caller's. */
export const temporalClientOptions = (keys: readonly PayloadKey[], patienceMs?: number): Pick<ClientOptions, 'dataConverter' | 'interceptors'> => ({
  dataConverter: dataConverterFor(keys),
  interceptors: { workflow: [notReadyRetry(patienceMs)] },
});
