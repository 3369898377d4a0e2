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
}

const retryAfter = (headers: unknown): number | undefined => {
  const h = headers as Record<string, string | undefined> | { get?: (k: string) => string | null } | undefined;
  const raw = typeof (h as { get?: unknown })?.get === 'function' ? (h as { get: (k: string) => string | null }).get('retry-after') : (h as Record<string, string | undefined>)?.['retry-after'];
  const seconds = raw ? Number(raw) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
};

function mailgun(cfg: MailgunSettings): Providers['sendEmail'] {
  const client = new Mailgun(FormData).client({ username: 'api', key: cfg.apiKey, url: cfg.url });
  return async (m) => {
    try {
      const res = await client.messages.create(cfg.domain, {
        from: cfg.from,
        to: [m.to],
        subject: m.subject,
        text: m.text,
        html: m.html,
        'h:X-Notification-Key': m.key,
        'v:notification-key': m.key,
      });
      return { provider: 'mailgun', providerMessageId: res.id ?? null };
    } catch (err) {
      const e = err as { status?: number; details?: string; message?: string; headers?: unknown };
      const status = e.status ?? 0;
      const retryable = status === 429 || status >= 500 || status === 0;
      throw new ProviderError(`mailgun ${status}: ${e.details ?? e.message}`, retryable, retryAfter(e.headers));
    }
  };
}

/** Twilio error codes that will not change on a retry (invalid or unreachable number, opted out, auth). */
const TWILIO_FINAL = new Set([21211, 21614, 21610, 21608, 21606, 21635, 20003]);

function twilioSms(cfg: TwilioSettings): Providers['sendSms'] {
  const base = cfg.apiUrl;
  class LocalRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
      return super.request<T>(base ? { ...opts, uri: opts.uri.replace(/^https:\/\/[a-z.]*twilio\.com/, base) } : opts);
    }
  }
  const client = twilio(cfg.accountSid, cfg.authToken, { httpClient: new LocalRequestClient() });
  return async (m) => {
    try {
      const msg = await client.messages.create({ from: cfg.from, to: m.to, body: m.body });
      return { provider: 'twilio', providerMessageId: msg.sid ?? null };
    } catch (err) {
      const e = err as { status?: number; code?: number; message?: string };
      const final = (e.code !== undefined && TWILIO_FINAL.has(e.code)) || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429);
      throw new ProviderError(`twilio ${e.status ?? ''}/${e.code ?? ''}: ${e.message}`, !final);
    }
  };
}

/** Chosen by settings at start: Mailgun and Twilio when configured, otherwise the log transport. */
export function createProviders(settings: Settings, log: (line: object) => void): Providers {
  const logTransport = (channel: string) => async (m: { to: string; key: string }) => {
    log({ channel, key: m.key, msg: `${channel} to log transport` });
    return { provider: 'log', providerMessageId: null };
  };
  return {
    sendEmail: settings.mailgun ? mailgun(settings.mailgun) : logTransport('email'),
    sendSms: settings.twilio ? twilioSms(settings.twilio) : logTransport('sms'),
  };
}
