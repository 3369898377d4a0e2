import { readFileSync } from 'node:fs';
import { Duration } from 'luxon';
import { z } from 'zod';
import { DEFAULT_INBOX, DEFAULT_POLICY, DEFAULT_WORKSHOPS } from '../policy/default-policy';
import type { Policy } from '../policy/types';
import { ConfigError } from './config-error';

const isoDuration = z.string().refine((s) => Duration.fromISO(s).isValid && Duration.fromISO(s).toMillis() > 0, {
  message: 'must be a positive ISO-8601 duration such as "PT24H" or "P12M"',
});
const timeZone = z.string().refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', {
  message: 'must be an IANA time zone such as "Europe/Madrid"',
});
const supportChannel = z.enum([
  'chat',
  'help_centre',
  'academy',
  'webinars',
  'inbox_24h',
  'live_workshops',
  'implementation_sessions',
  'quick_assists',
]);
const count = z.number().int().min(1);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time HH:MM');

export const policySchema = z
  .object({
    version: z.string().min(1),
    defaultTimeZone: timeZone,
    reminders: z.array(z.object({ channel: z.enum(['email', 'sms']), before: isoDuration }).strict()),
    changeNotice: isoDuration,
    attendanceGrace: isoDuration,
    strikeWindow: isoDuration,
    sanctions: z
      .object({
        warningAt: count,
        penaltyAt: count,
        penaltyFee: z.object({ amount: z.number().int().min(0), currency: z.string().regex(/^[A-Z]{3}$/) }).strict(),
        penaltyEmbargo: isoDuration,
        reducedSupportAt: count,
      })
      .strict(),
    unresponsiveCountsAsNoShow: z.boolean(),
    plans: z
      .record(
        z.string().min(1),
        z
          .object({
            channels: z.array(supportChannel),
            largeTeam: z
              .object({ seatsThreshold: z.number().int().min(1), channels: z.array(supportChannel) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .default(DEFAULT_POLICY.plans),
    inbox: z
      .object({
        firstReply: isoDuration,
        nextReply: isoDuration,
        warnBefore: isoDuration,
        businessHours: z
          .object({
            timeZone,
            days: z
              .object(
                Object.fromEntries(
                  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, z.array(z.tuple([hhmm, hhmm])).optional()]),
                ),
              )
              .strict(),
            holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')).default([]),
          })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .default(DEFAULT_INBOX),
    workshops: z.object({ countsAsStrike: z.boolean() }).strict().default(DEFAULT_WORKSHOPS),
  })
  .strict();

/** Validates a policy object; throws ConfigError naming the source and the first offending field. */
export function parsePolicy(raw: unknown, source: string): Policy {
  const result = policySchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.') || '(root)';
    throw new ConfigError(`POLICY_FILE ${source}: field "${field}" ${issue.message}`);
  }
  return result.data as Policy;
}

/** The policy in force: POLICY_FILE when given, otherwise the built-in policy of CONTRACT §3. */
export function loadPolicy(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`POLICY_FILE ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`POLICY_FILE ${path}: not valid JSON (${(err as Error).message})`);
  }
  return parsePolicy(raw, path);
}
