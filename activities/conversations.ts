// The conversation workflow's activities: who may use the inbox (from the standing's read model), the projection of
// its state, and its messages. The workflow hands over ids only; addresses, subjects and texts are read here.
import { ApplicationFailure } from '@temporalio/activity';
import { findConversationRow, listMessageRows, type ClockWrite, projectConversation as writeConversation, type MessageRow } from '../db/conversations';
import { findCustomerContact, findCustomerRows } from '../db/customers';
import { findNotification, finishNotification, insertNotification, markSendStarted, noteRetry, type NotificationRow } from '../db/notifications';
import { inTransaction } from '../db/pool';
import { findStanding } from '../db/standings';
import type { ConversationView, InboxAccess } from '../domain/conversation';
import type { NotificationKind, NotificationResult } from '../domain/notification';
import { addressOf, replyAddress } from '../links/reply-address';
import { createProviders, type Email, ProviderError } from '../notify/providers';
import { renderMessage } from '../notify/templates';
import { activityLogger } from '../observability/logger';
import { observeInboxFirstReply, recordInboxSla, recordNotification } from '../observability/metrics';
import { entitledChannels } from '../policy/entitlements';
import type { WebhookEventType } from '../webhooks/events';
import type { ActivityDeps } from './index';

export type InboxKind = Extract<NotificationKind, `inbox_${string}`>;

/** One message about a conversation; `key` is `<workflowId>:<kind>:<occasion>`. */
export interface ConversationNotice {
  key: string;
  kind: InboxKind;
  conversationId: string;
  customerId: string | null;
  audience: 'customer' | 'agents' | 'managers';
  /** The agent's reply that an `inbox_reply` carries. */
  messageId?: string;
  /** Instants and closed-set facts only (`dueAt`, `until`, `reason`, `channels`). */
  facts?: Record<string, string | null>;
}

export interface ConversationProjection {
  view: ConversationView;
  firstMessageId: string | null;
  event?: WebhookEventType;
  clock?: ClockWrite;
  slaOutcome?: 'met' | 'breached';
  firstReplySeconds?: number;
}

const CLOCK_SLACK_MS = 60_000;
const MAX_REFERENCES = 20;

/** The support address the inbox's emails come from (MAIL_FROM's), to which replies find their way back. */
export const supportAddressOf = (from: string | undefined): string => addressOf(from) ?? 'support@support-sessions.invalid';

/** The threading headers of a customer-facing email: In-Reply-To and References of the thread, the signed Reply-To. */
export function threadHeaders(messages: MessageRow[], conversationId: string, support: string, secret: string, own?: MessageRow): Record<string, string> {
  const before = own ? messages.filter((m) => m.at.getTime() <= own.at.getTime() && m.id !== own.id) : messages;
  const ids = before.map((m) => m.email_message_id).filter((id): id is string => !!id);
  const lastIn = before.filter((m) => m.direction === 'in' && m.email_message_id).pop()?.email_message_id;
  return {
    'Reply-To': replyAddress(support, conversationId, secret),
    ...(own?.email_message_id ? { 'Message-Id': own.email_message_id } : {}),
    ...(lastIn ? { 'In-Reply-To': lastIn } : {}),
    ...(ids.length ? { References: ids.slice(-MAX_REFERENCES).join(' ') } : {}),
  };
}

export function createConversationActivities({ pool, settings, logger }: ActivityDeps) {
  const providers = createProviders(settings, (line) => logger.info(line));
  const support = supportAddressOf(settings.mailgun?.from);

  /** Whether the customer's messages start a clock: the standing's channels include the inbox and support is open. */
  async function inboxAccess({ customerId }: { customerId: string | null }): Promise<InboxAccess> {
    const customer = customerId ? (await findCustomerRows(pool, [customerId])).get(customerId) : undefined;
    if (!customerId || !customer) return { entitled: false, reason: 'unknown_sender', channels: [], until: null };
    const standing = await findStanding(pool, customerId);
    const channels = standing?.channels ?? entitledChannels(settings.policy, customer.plan, customer.seats);
    if (standing?.level === 'terminated') return { entitled: false, reason: 'terminated', channels: [], until: null };
    if (standing?.level === 'restricted') return { entitled: false, reason: 'restricted', channels, until: standing.restriction?.until ?? null };
    const entitled = channels.includes('inbox_24h');
    return { entitled, reason: entitled ? null : 'plan', channels, until: null };
  }

  /** The workflow's state as the read model, with its clock row and webhook event in one transaction. */
  async function projectConversation(p: ConversationProjection): Promise<void> {
    const written = await inTransaction(pool, (db) => writeConversation(db, p));
    if (!written) return; // an earlier attempt wrote it: counted then
    if (p.slaOutcome) recordInboxSla(p.slaOutcome);
    if (p.firstReplySeconds !== undefined) observeInboxFirstReply(p.firstReplySeconds);
  }

  /** Renders the message once, with its recipient, texts and headers read from PostgreSQL, and stores it. */
  async function render(n: ConversationNotice): Promise<NotificationRow | undefined> {
    const conversation = await findConversationRow(pool, n.conversationId);
    if (!conversation) throw ApplicationFailure.nonRetryable(`no conversation ${n.conversationId}`, 'NOT_FOUND');
    const messages = await listMessageRows(pool, n.conversationId);
    const contact = n.customerId ? await findCustomerContact(pool, n.customerId) : undefined;
    const alert = n.audience !== 'customer';
    const to = n.audience === 'agents' ? settings.agentAlertEmail : n.audience === 'managers' ? settings.managerAlertEmail : (contact?.email ?? messages.find((m) => m.from_address)?.from_address);
    if (!to) return undefined;
    const own = n.messageId ? messages.find((m) => m.id === n.messageId) : undefined;
    const locale = alert ? 'en' : (contact?.locale ?? 'es');
    const timeZone = alert ? settings.policy.defaultTimeZone : (contact?.timeZone ?? settings.policy.defaultTimeZone);
    const facts = { ...n.facts, subject: conversation.subject, text: own?.text ?? null, consoleUrl: `${settings.publicBaseUrl}/console/inbox/${encodeURIComponent(conversation.id)}` };
    const message = renderMessage(n.kind, { locale, name: alert ? '' : (contact?.name ?? ''), timeZone, facts });
    const headers = alert ? null : threadHeaders(messages, conversation.id, support, settings.linkSecret, own);
    return inTransaction(pool, async (db) => {
      const row = await insertNotification(db, {
        key: n.key, booking_id: null, customer_id: n.customerId as string, channel: 'email', kind: n.kind, offset: null, locale, recipient: to,
        subject: message.subject, body: message.text, html: message.html, due_at: n.facts?.dueAt ?? null, provider: settings.mailgun ? 'mailgun' : 'log',
      });
      await db.query('UPDATE notifications SET headers = $2, conversation_id = $3 WHERE id = $1', [row.id, headers ? JSON.stringify(headers) : null, conversation.id]);
      return { ...row, headers };
    });
  }

  /** Sends what the row holds; an attempt after one that began sending first asks the provider whether it took it. */
  async function send(row: NotificationRow & { headers?: Record<string, string> | null }, key: string): Promise<NotificationResult> {
    const email: Email = { to: row.recipient, subject: row.subject ?? '', text: row.body, html: row.html ?? '', key, headers: row.headers ?? undefined };
    const finish = async (status: NotificationResult['status'], extra: { providerMessageId?: string | null; error?: string } = {}) => {
      activityLogger(logger).info({ key, notificationId: row.id, kind: row.kind, channel: 'email', status }, `notification ${status}`);
      recordNotification(row.kind, 'email', status);
      await finishNotification(pool, row.id, status, extra);
      return { id: String(row.id), status };
    };
    try {
      const since = row.send_started_at ? new Date(row.send_started_at.getTime() - CLOCK_SLACK_MS) : undefined;
      const earlier = since ? await providers.findEmail(email, since).catch((err) => (err instanceof ProviderError && !err.retryable ? null : Promise.reject(err))) : null;
      if (!earlier) await markSendStarted(pool, row.id);
      const sent = earlier ?? (await providers.sendEmail(email));
      return await finish('sent', { providerMessageId: sent.providerMessageId });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (!err.retryable) return finish('failed', { error: err.message });
      await noteRetry(pool, row.id, err.message);
      throw ApplicationFailure.create({ message: err.message, nonRetryable: false, nextRetryDelay: err.retryAfterMs });
    }
  }

  /** One inbox message through the notification log: rendered once, sent once, under its unique key. */
  async function sendConversationNotice(n: ConversationNotice): Promise<NotificationResult> {
    const previous = await findNotification(pool, n.key);
    if (previous && previous.status !== 'pending') return { id: String(previous.id), status: previous.status };
    const row = previous ?? (await render(n));
    if (!row) return { id: '', status: 'skipped' };
    return send(row as NotificationRow & { headers?: Record<string, string> | null }, n.key);
  }

  return { inboxAccess, projectConversation, sendConversationNotice };
}
