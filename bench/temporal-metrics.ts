/**
 * Counters of the Temporal server's own Prometheus endpoint (own stack only): billed actions that no history shows
 * ("Temporal Cloud Actions"). "Activity Heartbeat recorded": every heartbeat that reaches the server, which counts
 * each RecordActivityTaskHeartbeat(ById) request it answers. "Query received by Worker": every query, which the
 * server counts as a QueryWorkflow request. Each request is counted once, at the frontend (the history and matching
 * services count it again).
 */
import { round } from './util';

const requestsOf = (operation: string) =>
  new RegExp(`^service_requests\\{(?=[^}]*operation="(?:${operation})")(?=[^}]*service_name="frontend")[^}]*\\}\\s+([0-9.e+]+)$`);
const HEARTBEAT = requestsOf('RecordActivityTaskHeartbeat|RecordActivityTaskHeartbeatById');
const QUERY = requestsOf('QueryWorkflow');

/** Requests of one kind the server has answered so far; null when its metrics cannot be read or lack request counts. */
async function serverRequests(metricsUrl: string | undefined, kind: RegExp): Promise<number | null> {
  if (!metricsUrl) return null;
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
    const lines = text.split('\n');
    if (!lines.some((l) => l.startsWith('service_requests{'))) return null;
    return lines.reduce((sum, l) => sum + Number(kind.exec(l)?.[1] ?? 0), 0);
  } catch {
    return null;
  }
}

export const heartbeatRequests = (metricsUrl: string | undefined) => serverRequests(metricsUrl, HEARTBEAT);
export const queryRequests = (metricsUrl: string | undefined) => serverRequests(metricsUrl, QUERY);

/** What happened between two readings, per item; null when either reading is missing or there are no items. */
export const perItem = (before: number | null, after: number | null, items: number): number | null =>
  before !== null && after !== null && items > 0 ? round((after - before) / items, 2) : null;
