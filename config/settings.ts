import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration } from 'luxon';
import { z } from 'zod';
import type { Policy } from '../policy/types';
import { CodecError, newPayloadKeys, parsePayloadKeys, type PayloadKey } from '../codec/payload-codec';
import { ConfigError } from './config-error';
import { loadPolicy } from './policy-file';

export type Role = 'booking_ui' | 'agent' | 'manager';
export const ROLES: readonly Role[] = ['booking_ui', 'agent', 'manager'];

export interface MailgunSettings {
  apiKey: string;
  domain: string;
  url: string;
  from: string;
}
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  apiUrl?: string;
}

export interface Settings {
  port: number;
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  policyFile: string | undefined;
  policy: Policy;
  /** key -> role */
  apiKeys: Map<string, Role>;
  apiKeysGenerated: boolean;
  linkSecret: string;
  /** Signs the console's session and CSRF cookies. */
  consoleSecret: string;
  /** Keys the HMAC that turns an API key into its fingerprint (actors, console sessions): derived, never a key prefix. */
  actorSecret: string;
  /** The payload codec's keys: the first encrypts, every one decrypts (PAYLOAD_KEYS). */
  payloadKeys: PayloadKey[];
  /** Base of the Temporal Web UI, for the console's workflow links. */
  temporalUiUrl: string;
  publicBaseUrl: string;
  mailgun: MailgunSettings | undefined;
  twilio: TwilioSettings | undefined;
  /** Where agents' alerts (attendance_unrecorded, inbox_sla_warning) go. */
  agentAlertEmail: string;
  /** Where managers' alerts (inbox_sla_breach, a webhook delivery that gave up) go. */
  managerAlertEmail: string;
  /** Mailgun's HTTP webhook signing key; unset = the inbound-email endpoint refuses every post. */
  mailgunWebhookSigningKey: string | undefined;
  /** Waits between a webhook delivery's attempts, ISO-8601 as written; after the last one it is `failed`. */
  webhookRetrySchedule: string[];
  /** Webhook URLs may be http: and point at loopback or private addresses (development and tests). */
  webhookAllowPrivateUrls: boolean;
  dataDir: string;
  logLevel: string;
  /** How many workflows a worker keeps in memory; a sleeping booking beyond it is replayed when its timer fires. */
  workerCachedWorkflows: number;
  /** Express's `trust proxy`: which hops' X-Forwarded-For names the client (behind the compose reverse proxy). */
  trustProxy: boolean | number | string;
  /** Requests a minute per client address on the customer-link and feedback routes (LINK_RATE_LIMIT, default 60). */
  linkRateLimit: number;
  /**
   * REMINDER_LEAD (default PT15S, at most PT2M): a reminder's step starts this long before it is due and waits for
   * the instant on the worker, so a burst of timers at one instant is absorbed ahead of it.
   */
  reminderLeadMs: number;
}

type Env = Record<string, string | undefined>;

const url = z.url({ protocol: /^https?$/ });
const port = z.coerce.number().int().min(1).max(65535);
const DEFAULT_WEBHOOK_RETRY_SCHEDULE = ['PT5S', 'PT5M', 'PT30M', 'PT2H', 'PT5H', 'PT10H', 'PT10H'];
const reminderLead = z
  .string()
  .refine((raw) => Duration.fromISO(raw).isValid && Duration.fromISO(raw).toMillis() >= 0 && Duration.fromISO(raw).toMillis() <= 120_000, {
    message: 'must be an ISO-8601 duration from PT0S to PT2M, such as "PT15S"',
  })
  .transform((raw) => Duration.fromISO(raw).toMillis());
const retrySchedule = z
  .string()
  .transform((raw) => raw.split(',').map((p) => p.trim()))
  .refine((waits) => waits.length > 0 && waits.every((w) => Duration.fromISO(w).isValid && Duration.fromISO(w).toMillis() > 0), {
    message: 'must be comma-separated positive ISO-8601 durations such as "PT5S,PT5M"',
  });

function field<T>(env: Env, name: string, schema: z.ZodType<T>, fallback?: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`${name} is required`);
  }
  const result = schema.safeParse(raw);
  // Never the value: it may be a secret, or a URL holding a password.
  if (!result.success) throw new ConfigError(`${name} is invalid: ${result.error.issues[0].message}`);
  return result.data;
}

/** CONTRACT §2: every API key at least this long. */
export const MIN_API_KEY_LENGTH = 24;

function parseApiKeys(raw: string | undefined): { keys: Map<string, Role>; generated: boolean } {
  const keys = new Map<string, Role>();
  if (!raw) {
    for (const role of ROLES) keys.set(`${role}-${randomBytes(16).toString('hex')}`, role);
    return { keys, generated: true };
  }
  const pairs = raw.split(',').map((p) => p.trim()).filter(Boolean);
  pairs.forEach((pair, i) => {
    const at = pair.indexOf(':');
    const role = pair.slice(0, at) as Role;
    const key = pair.slice(at + 1);
    // The messages name the pair by position and role, never by its key.
    if (at < 1 || !ROLES.includes(role)) {
      throw new ConfigError(`API_KEYS is invalid: pair ${i + 1} is not role:key with role one of ${ROLES.join(', ')}`);
    }
    if (key.length < MIN_API_KEY_LENGTH) {
      throw new ConfigError(`API_KEYS is invalid: the ${role} key (pair ${i + 1}) is shorter than ${MIN_API_KEY_LENGTH} characters`);
    }
    keys.set(key, role);
  });
  if (keys.size === 0) throw new ConfigError('API_KEYS is invalid: no role:key pair');
  return { keys, generated: false };
}

/** In development the link secret is generated once and kept under the data folder. */
function linkSecret(env: Env, dataDir: string): string {
  const given = env.LINK_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('LINK_SECRET is invalid: use at least 32 characters');
    return given;
  }
  const file = join(dataDir, 'link-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** CONSOLE_SECRET when given (at least 32 characters); otherwise derived from the link secret (HKDF), never equal to it. */
function consoleSecret(env: Env, linkSecretValue: string): string {
  const given = env.CONSOLE_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('CONSOLE_SECRET is invalid: use at least 32 characters');
    return given;
  }
  return Buffer.from(hkdfSync('sha256', linkSecretValue, 'support-sessions', 'console-session', 32)).toString('hex');
}

/** The fingerprint secret: derived from the link secret (HKDF), so every instance names a key alike. */
const actorSecret = (linkSecretValue: string): string =>
  Buffer.from(hkdfSync('sha256', linkSecretValue, 'support-sessions', 'api-key-fingerprint', 32)).toString('hex');

/** PAYLOAD_KEYS when given; in development generated once and kept under the data folder, like the link secret. */
function payloadKeys(env: Env, dataDir: string): PayloadKey[] {
  const parse = (raw: string) => {
    try {
      return parsePayloadKeys(raw);
    } catch (err) {
      if (err instanceof CodecError) throw new ConfigError(`PAYLOAD_KEYS is invalid: ${err.message}`);
      throw err;
    }
  };
  if (env.PAYLOAD_KEYS) return parse(env.PAYLOAD_KEYS);
  const file = join(dataDir, 'payload-keys');
  if (existsSync(file)) return parse(readFileSync(file, 'utf8').trim());
  // The API and the worker may start at once on one folder: the first link wins, the other reads its keys.
  mkdirSync(dataDir, { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, newPayloadKeys('dev1'), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(draft);
  }
  return parse(readFileSync(file, 'utf8').trim());
}

function mailgun(env: Env): MailgunSettings | undefined {
  if (!env.MAILGUN_API_KEY && !env.MAILGUN_DOMAIN) return undefined;
  const domain = field(env, 'MAILGUN_DOMAIN', z.string().min(1));
  return {
    apiKey: field(env, 'MAILGUN_API_KEY', z.string().min(1)),
    domain,
    url: field(env, 'MAILGUN_URL', url, 'https://api.mailgun.net').replace(/\/$/, ''),
    from: field(env, 'MAIL_FROM', z.string().min(3), `Support Sessions <support@${domain}>`),
  };
}

function twilio(env: Env): TwilioSettings | undefined {
  if (!env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN) return undefined;
  return {
    accountSid: field(env, 'TWILIO_ACCOUNT_SID', z.string().min(1)),
    authToken: field(env, 'TWILIO_AUTH_TOKEN', z.string().min(1)),
    from: field(env, 'TWILIO_FROM', z.string().min(1)),
    apiUrl: env.TWILIO_API_URL ? field(env, 'TWILIO_API_URL', url).replace(/\/$/, '') : undefined,
  };
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw; // hops, or addresses and subnets (`loopback, 10.0.0.0/8`)
}

/** Parses and validates every setting once, at start. Throws ConfigError with one line naming the variable. */
export function loadSettings(env: Env = process.env): Settings {
  const dataDir = resolve(env.DATA_DIR || '.data');
  const p = field(env, 'PORT', port, 3000);
  const { keys, generated } = parseApiKeys(env.API_KEYS);
  const databaseUrl = env.DATABASE_URL
    ? field(env, 'DATABASE_URL', z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))
    : undefined;
  const temporalAddress = env.TEMPORAL_ADDRESS
    ? field(env, 'TEMPORAL_ADDRESS', z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port'))
    : undefined;
  const secret = linkSecret(env, dataDir);
  return {
    port: p,
    databaseUrl,
    temporalAddress,
    temporalNamespace: field(env, 'TEMPORAL_NAMESPACE', z.string().min(1), 'default'),
    taskQueue: field(env, 'TEMPORAL_TASK_QUEUE', z.string().min(1), 'support-sessions'),
    policyFile: env.POLICY_FILE || undefined,
    policy: loadPolicy(env.POLICY_FILE || undefined),
    apiKeys: keys,
    apiKeysGenerated: generated,
    linkSecret: secret,
    consoleSecret: consoleSecret(env, secret),
    actorSecret: actorSecret(secret),
    payloadKeys: payloadKeys(env, dataDir),
    temporalUiUrl: field(env, 'TEMPORAL_UI_URL', url, 'http://127.0.0.1:8233').replace(/\/$/, ''),
    publicBaseUrl: field(env, 'PUBLIC_BASE_URL', url, `http://127.0.0.1:${p}`).replace(/\/$/, ''),
    mailgun: mailgun(env),
    twilio: twilio(env),
    agentAlertEmail: field(env, 'AGENT_ALERT_EMAIL', z.email(), 'agents@support-sessions.invalid'),
    managerAlertEmail: field(env, 'MANAGER_ALERT_EMAIL', z.email(), 'managers@support-sessions.invalid'),
    mailgunWebhookSigningKey: env.MAILGUN_WEBHOOK_SIGNING_KEY || undefined,
    webhookRetrySchedule: field(env, 'WEBHOOK_RETRY_SCHEDULE', retrySchedule, DEFAULT_WEBHOOK_RETRY_SCHEDULE),
    webhookAllowPrivateUrls: field(env, 'WEBHOOK_ALLOW_PRIVATE_URLS', z.enum(['true', 'false']).transform((v) => v === 'true'), false),
    dataDir,
    trustProxy: trustProxy(env.TRUST_PROXY),
    reminderLeadMs: field(env, 'REMINDER_LEAD', reminderLead, 15_000),
    linkRateLimit: field(env, 'LINK_RATE_LIMIT', z.coerce.number().int().min(1).max(1_000_000), 60),
    logLevel: field(env, 'LOG_LEVEL', z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
    workerCachedWorkflows: field(env, 'WORKER_CACHED_WORKFLOWS', z.coerce.number().int().min(1).max(100_000), 250),
  };
}

/** Runs `main`, turning a ConfigError into its one line on stderr and exit code 78 (EX_CONFIG). */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`support-sessions: ${err.message}\n`);
    process.exit(78);
  }
  throw err;
}

/** The production processes need a PostgreSQL; `npm start` provides an embedded one and passes its URL. */
export function requireDatabaseUrl(settings: Settings): string {
  if (!settings.databaseUrl) throw new ConfigError('DATABASE_URL is required (npm start runs an embedded PostgreSQL)');
  return settings.databaseUrl;
}

export const temporalAddressOf = (settings: Settings): string => settings.temporalAddress ?? '127.0.0.1:7233';
