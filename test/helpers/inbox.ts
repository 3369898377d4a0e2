import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailgunSign } from '../../api/mailgun-signature';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import type { InboxPolicy } from '../../policy/types';
import { startProviderFake } from '../fakes/providers';
import { startTestStack } from './stack';

export const SIGNING_KEY = 'mailgun-signing-key-for-tests';
/** The compressed terms of the inbox tests: an answer due 10 s after a message, agents warned 5 s before. */
export const FAST_INBOX: InboxPolicy = { firstReply: 'PT10S', nextReply: 'PT10S', warnBefore: 'PT5S', businessHours: null };

/** The stack with the provider fake, a signing key and the compressed inbox terms. */
export async function startInboxStack(inbox: InboxPolicy = FAST_INBOX) {
  const fake = await startProviderFake();
  const file = join(mkdtempSync(join(tmpdir(), 'inbox-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, inbox }));
  const stack = await startTestStack({ ...fake.env, POLICY_FILE: file, MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
  return { stack, fake, close: async () => (await stack.close(), await fake.close()) };
}

export type InboxStack = Awaited<ReturnType<typeof startInboxStack>>['stack'];

export async function putCustomer(stack: InboxStack, plan: string, email: string, locale: 'es' | 'en' = 'en') {
  const id = `c-${randomUUID().slice(0, 8)}`;
  const res = await stack.call('PUT', `/v1/customers/${id}`, { name: 'Ana', email, locale, timeZone: 'Europe/Madrid', plan, seats: 5 }, 'booking_ui');
  expect(res.status).toBe(201);
  return id;
}

/** Mailgun's signature fields, fresh unless told otherwise. */
export function signature(opts: { key?: string; timestamp?: number; token?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const token = opts.token ?? randomUUID().replace(/-/g, '');
  return { timestamp, token, signature: mailgunSign(opts.key ?? SIGNING_KEY, timestamp, token) };
}

export interface Email {
  from: string;
  subject?: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  recipient?: string;
}

/** The fields Mailgun's forward() posts for `e`. */
export const emailFields = (e: Email, sig = signature()): Record<string, string> => ({
  ...sig,
  sender: e.from,
  from: `Ana <${e.from}>`,
  recipient: e.recipient ?? 'support@mg.example.com',
  subject: e.subject ?? 'Help with the export',
  'body-plain': e.text ?? 'The export fails.\n\n> quoted',
  'stripped-text': e.text ?? 'The export fails.',
  'Message-Id': e.messageId ?? `<${randomUUID()}@mail.example.com>`,
  ...(e.inReplyTo ? { 'In-Reply-To': e.inReplyTo } : {}),
  ...(e.references ? { References: e.references } : {}),
  'message-headers': JSON.stringify([['Subject', e.subject ?? 'Help with the export']]),
});

/** Posts an inbound email, form-encoded (or multipart). */
export async function postEmail(stack: InboxStack, fields: Record<string, string>, multipart = false) {
  const body = multipart ? Object.entries(fields).reduce((f, [k, v]) => (f.append(k, v), f), new FormData()) : new URLSearchParams(fields);
  const res = await fetch(`${stack.base}/v1/inbox/mailgun`, { method: 'POST', body });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function notificationsOf(stack: InboxStack, conversationId: string) {
  const { rows } = await stack.db.pool.query(`SELECT key, kind, recipient, status, subject, body, headers FROM notifications WHERE conversation_id = $1 ORDER BY id`, [conversationId]);
  return rows;
}

/** The conversation workflow's history has no failed workflow task. */
export async function workflowTaskFailures(stack: InboxStack, conversationId: string): Promise<number> {
  const history = await stack.env.client.workflow.getHandle(`conversation:${conversationId}`).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
}
