// One attempt of one delivery: a signed POST (Standard Webhooks, via the `standardwebhooks` package) that connects only
// to an address checked at that moment, and gives up after the timeout. Never throws for what the receiver did.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPublicAddress, urlRefusal } from './addresses';

export const ATTEMPT_TIMEOUT_MS = 15_000;

export interface AttemptResult {
  /** The receiver's HTTP status; null when there was no answer (refused, unreachable, timed out). */
  status: number | null;
  error: string | null;
}

/** The Standard Webhooks headers of one attempt: the delivery's id, this attempt's time, the signature over both and the body. */
export function signedHeaders(secret: string, webhookId: string, body: string, at = new Date()): Record<string, string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}

/** Resolves like the system does, refusing (unless allowed) any name that resolves to a non-public address. */
export const checkedLookup = (allowPrivate: boolean): LookupFunction => (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const bad = !allowPrivate && addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      const refused = Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EWEBHOOKPRIVATE' });
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** POSTs `body` to `url` with the signed headers; the answer's status, or why there was none. */
export function postWebhook(opts: { url: string; secret: string; webhookId: string; body: string; allowPrivate: boolean; timeoutMs?: number }): Promise<AttemptResult> {
  const refusal = urlRefusal(opts.url, opts.allowPrivate);
  if (refusal) return Promise.resolve({ status: null, error: `URL refused: ${refusal}` });
  const url = new URL(opts.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) && !isPublicAddress(host)) return Promise.resolve({ status: null, error: 'URL refused: non-public address' });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { 'content-type': 'application/json', 'user-agent': 'support-sessions-webhooks/1', ...signedHeaders(opts.secret, opts.webhookId, opts.body) };
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = send(url, { method: 'POST', headers, lookup: checkedLookup(opts.allowPrivate) }, (res) => {
      // The status is the answer; the receiver's body is not read.
      done({ status: res.statusCode ?? null, error: null });
      res.destroy();
    });
    const timer = setTimeout(() => {
      done({ status: null, error: `no answer within ${(opts.timeoutMs ?? ATTEMPT_TIMEOUT_MS) / 1000} s` });
      req.destroy();
    }, opts.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: null, error: err.code ? `${err.code}: ${err.message}` : err.message }));
    req.end(opts.body);
  });
}
