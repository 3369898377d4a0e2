import FormData from 'form-data';
import twilio from 'twilio';
import type { MailgunSettings, Settings, TwilioSettings } from '../config/settings';

// mailgun.js is published as ESM with a CommonJS build; this project is CommonJS, so it takes the latter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mailgun: typeof import('mailgun.js', { with: { 'resolution-mode': 'import' } }).default = require('mailgun.js');

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our notification key, carried in the message so a resend can be recognised. */
  key: string;
  /** A calendar invite sent as the attachment `invite.ics`. */
  invite?: { content: string; contentType: string; filename: string };
  /** Extra headers (threading: Message-Id, In-Reply-To, References, Reply-To), sent as Mailgun's `h:` fields. */
  headers?: Record<string, string>;
}
export interface Sms {
  to: string;
  body: string;
  key: string;
}
export interface SendResult {
  provider: string;
  providerMessageId: string | null;
}

/** A provider's refusal: `retryable` with an optional delay (Retry-After), or final. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface Providers {
  sendEmail(m: Email): Promise<SendResult>;
  sendSms(m: Sms): Promise<SendResult>;
  /**
   * The message the provider already accepted under this key since `since` (a send whose answer was lost), or null.
   * Throws a ProviderError when the provider cannot tell.
   */
  findEmail(m: Email, since: Date): Promise<SendResult | null>;
  findSms(m: Sms, since: Date): Promise<SendResult | null>;
}

const retryAfter = (headers: unknown): number | undefined => {
  const h = headers as Record<string, string | undefined> | { get?: (k: string) => string | null } | undefined;
  const raw = typeof (h as { get?: unknown })?.get === 'function' ? (h as { get: (k: string) => string | null }).get('retry-after') : (h as Record<string, string | undefined>)?.['retry-after'];
  const seconds = raw ? Number(raw) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
};

/** Node and axios codes of a request that got no answer at all (mailgun.js reports these as a 400 with the code as message). */
const NO_ANSWER = /^(E[A-Z]+|ERR_[A-Z_]+)$/;

const mailgunError = (err: unknown) => {
  const e = err as { status?: number; details?: string; message?: string; headers?: unknown };
  // No answer is not a refusal: the message may or may not have been taken, so it is retried (and looked up first).
  const status = e.message && NO_ANSWER.test(e.message) ? 0 : (e.status ?? 0);
  const retryable = status === 429 || status >= 500 || status === 0;
  return new ProviderError(`mailgun ${status}: ${e.details ?? e.message}`, retryable, retryAfter(e.headers));
};

function mailgun(cfg: MailgunSettings): Pick<Providers, 'sendEmail' | 'findEmail'> {
  // A bounded wait (mailgun.js waits for ever by default), well inside the activity's start-to-close timeout.
  const client = new Mailgun(FormData).client({ username: 'api', key: cfg.apiKey, url: cfg.url, timeout: 20_000 });
  const sendEmail: Providers['sendEmail'] = async (m) => {
    try {
      const res = await client.messages.create(cfg.domain, {
        from: cfg.from,
        to: [m.to],
        subject: m.subject,
        text: m.text,
        html: m.html,
        'h:X-Notification-Key': m.key,
        'v:notification-key': m.key,
        ...Object.fromEntries(Object.entries(m.headers ?? {}).map(([name, value]) => [`h:${name}`, value])),
        ...(m.invite ? { attachment: [{ filename: m.invite.filename, contentType: m.invite.contentType, data: Buffer.from(m.invite.content, 'utf8') }] } : {}),
      });
      return { provider: 'mailgun', providerMessageId: res.id ?? null };
    } catch (err) {
      throw mailgunError(err);
    }
  };
  // Mailgun's events (GET /v3/<domain>/events) keep the `v:` variables of every accepted message: look for ours among
  // the recipient's. Asked through the client's request layer, the same request `events.get` makes, because that
  // method writes a deprecation warning to the console at every call (mailgun.js 14).
  const findEmail: Providers['findEmail'] = async (m, since) => {
    try {
      const res = await client.request.get(`/v3/${encodeURIComponent(cfg.domain)}/events`, {
        searchParams: [
          ['event', 'accepted'],
          ['recipient', m.to],
          ['begin', String(Math.floor(since.getTime() / 1000))],
          ['ascending', 'yes'],
          ['limit', '300'],
        ],
      });
      const events = res.body as { items?: MailgunEvent[] } | undefined;
      const ours = (events?.items ?? []).find((e) => e['user-variables']?.['notification-key'] === m.key);
      if (!ours) return null;
      const id = ours.message?.headers?.['message-id'];
      return { provider: 'mailgun', providerMessageId: id ? `<${id.replace(/^<|>$/g, '')}>` : null };
    } catch (err) {
      throw mailgunError(err);
    }
  };
  return { sendEmail, findEmail };
}

/** What findEmail reads of a Mailgun event. */
interface MailgunEvent {
  'user-variables'?: Record<string, string>;
  message?: { headers?: { 'message-id'?: string } };
}

/** Twilio error codes that will not change on a retry (invalid or unreachable number, opted out, auth). */
const TWILIO_FINAL = new Set([21211, 21614, 21610, 21608, 21606, 21635, 20003]);

const twilioError = (err: unknown) => {
  const e = err as { status?: number; code?: number; message?: string };
  const final = (e.code !== undefined && TWILIO_FINAL.has(e.code)) || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429);
  return new ProviderError(`twilio ${e.status ?? ''}/${e.code ?? ''}: ${e.message}`, !final);
};

function twilioSms(cfg: TwilioSettings): Pick<Providers, 'sendSms' | 'findSms'> {
  const base = cfg.apiUrl;
  class LocalRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
      return super.request<T>(base ? { ...opts, uri: opts.uri.replace(/^https:\/\/[a-z.]*twilio\.com/, base) } : opts);
    }
  }
  const client = twilio(cfg.accountSid, cfg.authToken, { httpClient: new LocalRequestClient() });
  const sendSms: Providers['sendSms'] = async (m) => {
    try {
      const msg = await client.messages.create({ from: cfg.from, to: m.to, body: m.body });
      return { provider: 'twilio', providerMessageId: msg.sid ?? null };
    } catch (err) {
      throw twilioError(err);
    }
  };
  // Twilio keeps no metadata of ours on a message: ours is the one from our number to theirs, with our exact body,
  // created since the first attempt began.
  const findSms: Providers['findSms'] = async (m, since) => {
    try {
      const recent = await client.messages.list({ from: cfg.from, to: m.to, limit: 50 });
      const ours = recent.find((msg) => msg.body === m.body && (!msg.dateCreated || msg.dateCreated.getTime() >= since.getTime()));
      return ours ? { provider: 'twilio', providerMessageId: ours.sid } : null;
    } catch (err) {
      throw twilioError(err);
    }
  };
  return { sendSms, findSms };
}

/** Chosen by settings at start: Mailgun and Twilio when configured, otherwise the log transport. */
export function createProviders(settings: Settings, log: (line: object) => void): Providers {
  const logTransport = (channel: string) => async (m: { to: string; key: string }) => {
    log({ channel, key: m.key, msg: `${channel} to log transport` });
    return { provider: 'log', providerMessageId: null };
  };
  // The log transport keeps nothing to look up: a message whose answer was lost is logged again.
  const nothingFound = async () => null;
  return {
    ...(settings.mailgun ? mailgun(settings.mailgun) : { sendEmail: logTransport('email'), findEmail: nothingFound }),
    ...(settings.twilio ? twilioSms(settings.twilio) : { sendSms: logTransport('sms'), findSms: nothingFound }),
  };
}
