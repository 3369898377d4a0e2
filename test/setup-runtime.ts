import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

/**
 * The SDK's warnings and errors, one line each. Many tests make activities fail on purpose (a provider's 429, a slot
 * just taken); the default format spends some twenty lines of metadata and stack on each, which buried the suite's
 * own report in CI's output.
 */
function oneLine({ level, message, meta }: LogEntry): void {
  const m = (meta ?? {}) as Record<string, unknown>;
  const where = [m.activityType ?? m.workflowType, m.workflowId, m.attempt === undefined ? '' : `attempt ${m.attempt}`];
  const error = m.error instanceof Error ? `: ${m.error.message}` : m.error === undefined ? '' : `: ${String(m.error)}`;
  process.stderr.write(`[${level}] ${message} ${where.filter(Boolean).join(' ')}${error}\n`);
}

// Keep the SDK's worker lifecycle chatter out of test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN', oneLine) });
} catch {
  // already installed in this jest worker
}
