// A booking's change history, read from its workflow's event history: its start (booked: the API asks no confirm
// Update now; older runs have one) and every accepted Update (reschedule, cancel, attendance) with its time.
// Rejected requests leave no trace there, so none shows here.
import type { Client } from '@temporalio/client';
import { bookingWorkflowId } from '../../workflows/ids';

export interface HistoryEntry {
  at: string;
  /** The Update's name (confirm, reschedule, cancel, attendance) or `completed`. */
  what: string;
}

const toIso = (t: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null | undefined) =>
  new Date(Number(t?.seconds?.toString() ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6)).toISOString();

export async function bookingHistory(client: Client, bookingId: string): Promise<HistoryEntry[]> {
  const history = await client.workflow.getHandle(bookingWorkflowId(bookingId)).fetchHistory();
  const out: HistoryEntry[] = [];
  let started: HistoryEntry | undefined;
  for (const e of history.events ?? []) {
    if (e.workflowExecutionStartedEventAttributes) started = { at: toIso(e.eventTime), what: 'confirm' };
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    if (accepted) out.push({ at: toIso(e.eventTime), what: accepted });
    if (e.workflowExecutionCompletedEventAttributes) out.push({ at: toIso(e.eventTime), what: 'completed' });
  }
  return started && !out.some((h) => h.what === 'confirm') ? [started, ...out] : out;
}
