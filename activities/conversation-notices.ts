// How an inbox message renders: its recipient (the customer, the sender who is no customer, the agents or the
// managers), its texts and its threading headers, all read from PostgreSQL; stored once in the notification log.
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { findConversationRow, listMessageRows, type MessageRow } from '../db/conversations';
import { findMessageContact } from '../db/customers';
import { insertNotification, type NotificationRow } from '../db/notifications';
import { inTransaction } from '../db/pool';
import { type NotificationRequest, staffAddress, toStaff } from '../domain/notification';
import { addressOf, replyAddress } from '../links/reply-address';
import { renderMessage } from '../notify/templates';

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

export function createConversationRenderer({ pool, settings }: { pool: Pool; settings: Settings }) {
  const support = supportAddressOf(settings.mailgun?.from);

  /** Renders the message once and stores it with its headers; null when there is no one to send it to. */
  return async function renderConversationNotice(req: NotificationRequest): Promise<NotificationRow | null> {
    const { conversationId, messageId } = req.conversation!;
    const conversation = await findConversationRow(pool, conversationId);
    if (!conversation) throw ApplicationFailure.nonRetryable(`no conversation ${conversationId}`, 'NOT_FOUND');
    const messages = await listMessageRows(pool, conversationId);
    const contact = req.customerId ? await findMessageContact(pool, req.customerId) : undefined;
    const alert = toStaff(req);
    const sender = messages.find((m) => m.direction === 'in' && m.from_address)?.from_address;
    const to = staffAddress(req, settings) ?? (req.customerId ? contact?.email : sender);
    if (!to) return null; // erased, or a sender without an address
    const own = messageId ? messages.find((m) => m.id === messageId) : undefined;
    const locale = alert ? 'en' : (contact?.locale ?? 'es');
    const timeZone = alert ? settings.policy.defaultTimeZone : (contact?.timeZone ?? settings.policy.defaultTimeZone);
    const facts = { ...req.facts, subject: conversation.subject, text: own?.text ?? null, consoleUrl: `${settings.publicBaseUrl}/console/inbox/${encodeURIComponent(conversationId)}` };
    const message = renderMessage(req.kind, { locale, name: alert ? '' : (contact?.name ?? ''), timeZone, facts });
    const headers = alert ? null : threadHeaders(messages, conversationId, support, settings.linkSecret, own);
    const dueAt = typeof req.facts?.dueAt === 'string' ? req.facts.dueAt : null;
    return inTransaction(pool, async (db) => {
      const row = await insertNotification(db, {
        key: req.key, booking_id: null, customer_id: (req.customerId || null) as string, channel: 'email', kind: req.kind, offset: null, locale, recipient: to,
        subject: message.subject, body: message.text, html: message.html, due_at: dueAt, provider: settings.mailgun ? 'mailgun' : 'log',
      });
      await db.query('UPDATE notifications SET headers = $2, conversation_id = $3 WHERE id = $1 AND conversation_id IS NULL', [row.id, headers ? JSON.stringify(headers) : null, conversationId]);
      return { ...row, headers };
    });
  };
}
