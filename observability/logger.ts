import pino from 'pino';

/** Structured JSON logs. Info-level lines carry ids only, never personal data. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  return pino({ name, level, base: { service: name } });
}

export type Logger = pino.Logger;
