// Mailgun's webhook signature: hex HMAC-SHA256 of `timestamp + token` with the HTTP webhook signing key.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a post's timestamp may be from our clock. */
export const MAILGUN_WINDOW_MS = 5 * 60_000;

/** True when the signature verifies (constant-time) and the timestamp is within the window. */
export function mailgunSignatureValid(key: string | undefined, f: { timestamp: string; token: string; signature: string }, nowMs = Date.now()): boolean {
  if (!key) return false;
  const expected = createHmac('sha256', key).update(f.timestamp + f.token).digest();
  const given = Buffer.from(f.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Math.abs(nowMs - Number(f.timestamp) * 1000) <= MAILGUN_WINDOW_MS;
}

/** Signs as Mailgun does (tests and local tools). */
export const mailgunSign = (key: string, timestamp: string, token: string): string => createHmac('sha256', key).update(timestamp + token).digest('hex');
