import { temporal } from '@temporalio/proto';
import { testDataConverter } from './temporal';

type HistoryHandle = { fetchHistory(): Promise<temporal.api.history.v1.IHistory> };
const E = temporal.api.enums.v1.EventType;

/** The failed workflow tasks of a workflow's history (a TypeError in workflow code shows up here, retried for ever). */
export async function failedWorkflowTasks(handle: HistoryHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_FAILED)
    .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message ?? 'workflow task failed');
}

/** Asserts that no workflow task of this workflow ever failed. */
export async function expectNoFailedWorkflowTask(handle: HistoryHandle): Promise<void> {
  expect(await failedWorkflowTasks(handle)).toEqual([]);
}

/**
 * Every payload of a history decoded as text (workflow inputs, Updates, signals, results, activity inputs and
 * results, markers): what an engineer reads in the Web UI.
 */
export async function historyText(handle: HistoryHandle): Promise<string> {
  const history = await handle.fetchHistory();
  const payloads: temporal.api.common.v1.IPayload[] = [];
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (v instanceof Uint8Array) {
      texts.push(Buffer.from(v).toString('utf8'));
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.metadata && o.data instanceof Uint8Array) {
      payloads.push(o as temporal.api.common.v1.IPayload);
      return;
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(history.events ?? []);
  // Decrypted with the tests' payload codec, as the Web UI shows them through the codec endpoint.
  for (const p of await testDataConverter().payloadCodecs[0].decode(payloads)) texts.push(Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
  return texts.join('\n');
}
