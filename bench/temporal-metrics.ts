/**
 * Counters of the Temporal server's own Prometheus endpoint (own stack only): what a history cannot show. Activity
 * heartbeats are billed actions when they reach the server ("Temporal Cloud Actions": "Activity Heartbeat recorded"),
 * and the server counts every RecordActivityTaskHeartbeat(ById) request it answers.
 */
const HEARTBEAT = /^service_requests\{[^}]*operation="RecordActivityTaskHeartbeat(ById)?"[^}]*\}\s+([0-9.e+]+)$/;

/** Heartbeat requests the server has answered so far; null when its metrics cannot be read or lack request counts. */
export async function heartbeatRequests(metricsUrl: string | undefined): Promise<number | null> {
  if (!metricsUrl) return null;
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
    const lines = text.split('\n');
    if (!lines.some((l) => l.startsWith('service_requests{'))) return null;
    return lines.reduce((sum, l) => sum + Number(HEARTBEAT.exec(l)?.[2] ?? 0), 0);
  } catch {
    return null;
  }
}
