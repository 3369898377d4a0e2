// Customer-link tokens are credentials: whoever holds one acts as the customer. Wherever a text that may hold links
// is shown to someone other than the customer (the agents' notification log, the console) or logged, the token
// part of every link path is replaced, so what remains can be read but not opened.
export const REDACTED = '…';

/** A link path with its token: `/b/…`, `/s/…` (SMS short links), `/f/…`, `/v1/links/…`, `/v1/feedback/…`. */
const TOKEN_PATH = /\/(b|s|f|v1\/links|v1\/feedback)\/[A-Za-z0-9._~%-]+/g;

export const redactLinkTokens = (text: string): string => text.replace(TOKEN_PATH, `/$1/${REDACTED}`);

/** A notification as shown to agents: its texts without usable links (the stored bytes stay for the resend path). */
export function redactNotification<T extends { body: string; subject?: string }>(n: T): T {
  return { ...n, body: redactLinkTokens(n.body), ...(n.subject !== undefined ? { subject: redactLinkTokens(n.subject) } : {}) };
}
