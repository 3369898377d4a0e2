// The Reply-To of the inbox's emails: a plus-address of the support address carrying the conversation's id and an
// HMAC of it, so an answer comes back to the same conversation and a guessed or altered address joins nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';

const TAG_LENGTH = 20;
const tag = (conversationId: string, secret: string) => createHmac('sha256', secret).update(`conversation-reply:${conversationId}`).digest('hex').slice(0, TAG_LENGTH);
const PLUS = /^([^+@\s]+)\+c\.([0-9a-f-]{36})\.([0-9a-f]{20})@([^@\s]+)$/i;

/** The address of a "Name <local@domain>" or bare "local@domain" text, lower-cased; undefined when there is none. */
export function addressOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(text) ?? /([^\s<>",;]+@[^\s<>",;]+)/.exec(text);
  return m ? m[1].toLowerCase() : undefined;
}

/** `support+c.<conversationId>.<tag>@domain` for the support address `support@domain`. */
export function replyAddress(supportAddress: string, conversationId: string, secret: string): string {
  const [local, domain] = supportAddress.split('@');
  return `${local}+c.${conversationId}.${tag(conversationId, secret)}@${domain}`;
}

/** The conversation a reply address names, when its tag verifies (constant-time); otherwise undefined. */
export function conversationOfReplyAddress(address: string | undefined, secret: string): string | undefined {
  const m = address ? PLUS.exec(address.trim()) : null;
  if (!m) return undefined;
  const id = m[2].toLowerCase();
  const given = Buffer.from(m[3].toLowerCase());
  const expected = Buffer.from(tag(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}
