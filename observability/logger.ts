import { Context } from '@temporalio/activity';
import pino from 'pino';

/** Structured JSON logs. Info-level lines carry ids only, never personal data. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): pino.Logger {
  return pino({ name, level, base: { service: name } }, destination);
}

export type Logger = pino.Logger;

/**
 * The logger of the running activity: every line carries its workflow id, activity type and attempt, and the
 * booking or customer id the workflow id names (`booking:<id>`, `customer:<id>`). Outside an activity, `logger`.
 */
export function activityLogger(logger: Logger): Logger {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return logger;
  }
  const workflowId = info.workflowExecution?.workflowId ?? '';
  const [kind, id] = [workflowId.slice(0, workflowId.indexOf(':')), workflowId.slice(workflowId.indexOf(':') + 1)];
  return logger.child({
    workflowId,
    runId: info.workflowExecution?.runId,
    activity: info.activityType,
    attempt: info.attempt,
    ...(kind === 'booking' ? { bookingId: id } : kind === 'customer' ? { customerId: id } : {}),
  });
}
