// The inbox as the API and the console drive it: messages are stored here (their texts stay in PostgreSQL), then the
// conversation's workflow hears of them by id and decides. No SQL here (db/) and no rule of its own (workflows/).
import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { supportAddressOf } from '../activities/conversation-notices';
import type { Settings } from '../config/settings';
import {
  deleteMessage,
  findConversationRow,
  findCustomerIdByEmail,
  findMessageByEmailId,
  findThread,
  insertMessage,
  listConversationRows,
  listMessageRows,
  type NewMessage,
  toConversation,
  toMessage,
  useMailgunToken,
} from '../db/conversations';
import { findCustomerRows } from '../db/customers';
import type { Conversation, ConversationMessage } from '../domain/conversation';
import { addressOf, conversationOfReplyAddress } from '../links/reply-address';
import { inboxPolicy } from '../policy/default-policy';
import { assignUpdate, closeUpdate, type ConversationInput, receiveUpdate, replyUpdate } from '../workflows/conversation-messages';
import { conversationWorkflowId } from '../workflows/ids';
import { ConversationStatusKey, CustomerIdKey } from '../workflows/search-attributes';
import { ApiError } from './errors';
import { decodeCursor } from './paging';
import type { conversationsQuery, mailgunForm } from './inbox-schemas';
import { MAILGUN_WINDOW_MS } from './mailgun-signature';

export interface InboxDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
}

/** The `<id@host>` tokens of a Message-Id, In-Reply-To or References header, in order. */
export const messageIdsIn = (header: string | undefined): string[] => (header ? (header.match(/<[^<>\s]+>/g) ?? []) : []);

/** Whether an email is an automatic answer (RFC 3834 Auto-Submitted, Precedence, X-Autoreply): it gets no answer. */
function isAutomatic(rawHeaders: string | undefined): boolean {
  let headers: unknown;
  try {
    headers = rawHeaders ? JSON.parse(rawHeaders) : [];
  } catch {
    return false;
  }
  if (!Array.isArray(headers)) return false;
  return headers.some((h) => {
    if (!Array.isArray(h) || typeof h[0] !== 'string' || typeof h[1] !== 'string') return false;
    const [name, value] = [h[0].toLowerCase(), h[1].toLowerCase().trim()];
    return (name === 'auto-submitted' && value !== 'no') || (name === 'precedence' && /^(bulk|junk|list|auto_reply)$/.test(value)) || name === 'x-autoreply' || name === 'x-autorespond';
  });
}

export function createInboxService({ pool, client, settings }: InboxDeps) {
  const support = supportAddressOf(settings.mailgun?.from);
  const handle = (id: string) => client.workflow.getHandle(conversationWorkflowId(id));

  /** Hands a stored customer message to its conversation's workflow, starting it for the first (update-with-start). */
  async function receive(conversationId: string, customerId: string | null, messageId: string, auto: boolean) {
    const customer = customerId ? (await findCustomerRows(pool, [customerId])).get(customerId) : undefined;
    const input: ConversationInput = {
      conversationId,
      customerId,
      inbox: inboxPolicy(settings.policy),
      timeZone: customer?.time_zone ?? settings.policy.defaultTimeZone,
      createdAt: new Date().toISOString(),
    };
    await client.workflow.executeUpdateWithStart(receiveUpdate, {
      args: [{ messageId, auto }],
      updateId: `receive:${messageId}`,
      startWorkflowOperation: new WithStartWorkflowOperation('conversationWorkflow', {
        workflowId: conversationWorkflowId(conversationId),
        taskQueue: settings.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: ConversationStatusKey, value: 'open' }, ...(customerId ? [{ key: CustomerIdKey, value: customerId }] : [])],
      }),
    });
  }

  /** The conversation an inbound email joins: its signed reply address, or a message it answers; only the same sender's. */
  async function threadOf(f: z.infer<typeof mailgunForm>, customerId: string | null): Promise<string | undefined> {
    for (const to of (f.recipient ?? '').split(',')) {
      const id = conversationOfReplyAddress(addressOf(to), settings.linkSecret);
      const row = id ? await findConversationRow(pool, id) : undefined;
      if (row && row.customer_id === customerId) return row.id;
    }
    const refs = [...messageIdsIn(f['In-Reply-To']), ...messageIdsIn(f.References).reverse()];
    const thread = await findThread(pool, refs);
    return thread && thread.customerId === customerId ? thread.conversationId : undefined;
  }

  /**
   * An email Mailgun forwarded, its signature already verified: its token used once, its Message-Id stored once (the
   * same one again answers the same, even under the same token: Mailgun retrying a post whose answer it lost).
   */
  async function receiveEmail(f: z.infer<typeof mailgunForm>): Promise<{ conversationId: string; messageId: string }> {
    const emailId = messageIdsIn(f['Message-Id'])[0] ?? `<mailgun.${f.token}@inbound.invalid>`;
    const fresh = await useMailgunToken(pool, f.token, 2 * MAILGUN_WINDOW_MS);
    const known = await findMessageByEmailId(pool, emailId);
    if (!fresh && known?.mailgun_token !== f.token) throw new ApiError('UNAUTHENTICATED', 'This Mailgun token was already used');
    const from = addressOf(f.from) ?? addressOf(f.sender);
    const customerId = from ? ((await findCustomerIdByEmail(pool, from)) ?? null) : null;
    const message: NewMessage = {
      id: randomUUID(),
      conversation_id: known?.conversation_id ?? (await threadOf(f, customerId)) ?? randomUUID(),
      direction: 'in',
      author: from ?? 'unknown',
      from_address: from ?? null,
      subject: f.subject ?? '',
      text: f['stripped-text'] || f['body-plain'] || '',
      email_message_id: emailId,
      mailgun_token: f.token,
      auto_submitted: isAutomatic(f['message-headers']),
    };
    const { row } = known ? { row: known } : await insertMessage(pool, message);
    const conversation = await findConversationRow(pool, row.conversation_id);
    const owner = conversation ? conversation.customer_id : customerId; // a retry before the first projection: the sender's
    await receive(row.conversation_id, owner, row.id, row.auto_submitted);
    return { conversationId: row.conversation_id, messageId: row.id };
  }

  async function get(id: string): Promise<Conversation & { messages: ConversationMessage[] }> {
    const row = await findConversationRow(pool, id);
    if (!row) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
    return { ...toConversation(row), messages: (await listMessageRows(pool, id)).map(toMessage) };
  }

  /** A message written in the vendor's app: a new conversation, under the same rules as an email. */
  async function create(body: { customerId: string; subject: string; text: string }) {
    if (!(await findCustomerRows(pool, [body.customerId])).has(body.customerId)) {
      throw new ApiError('NOT_FOUND', `No customer ${body.customerId}; PUT /v1/customers/${body.customerId} first`);
    }
    const conversationId = randomUUID();
    const messageId = randomUUID();
    await insertMessage(pool, { id: messageId, conversation_id: conversationId, direction: 'in', author: body.customerId, from_address: null, subject: body.subject, text: body.text, email_message_id: null });
    await receive(conversationId, body.customerId, messageId, false);
    return get(conversationId);
  }

  /** An agent's reply: stored, then the workflow meets the clock and emails it in the thread. */
  async function reply(id: string, text: string, agentId: string) {
    const row = await findConversationRow(pool, id);
    if (!row) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
    const messageId = randomUUID();
    const [, domain] = support.split('@');
    const { row: stored } = await insertMessage(pool, {
      id: messageId, conversation_id: id, direction: 'out', author: agentId, from_address: null, subject: row.subject, text, email_message_id: `<reply.${messageId}@${domain}>`,
    });
    try {
      await handle(id).executeUpdate(replyUpdate, { args: [{ messageId, agentId }], updateId: `reply:${messageId}` });
    } catch (err) {
      await deleteMessage(pool, messageId); // refused: it never joined the thread
      throw err;
    }
    return { message: toMessage(stored), conversation: await get(id) };
  }

  const mustExist = async (id: string) => {
    if (!(await findConversationRow(pool, id))) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
  };
  async function assign(id: string, agentId: string | null) {
    await mustExist(id);
    await handle(id).executeUpdate(assignUpdate, { args: [{ agentId }] });
    return get(id);
  }
  async function close(id: string) {
    await mustExist(id);
    await handle(id).executeUpdate(closeUpdate, { args: [] });
    return get(id);
  }

  /** Up to `limit + 1` conversations, newest first, after the cursor's (the extra one says more remain). */
  async function list(q: z.infer<typeof conversationsQuery>) {
    const key = decodeCursor(q.cursor);
    return listConversationRows(pool, { ...q, after: key?.length === 2 ? key : undefined, limit: q.limit + 1 });
  }

  return { receiveEmail, create, get, reply, assign, close, list };
}

export type InboxService = ReturnType<typeof createInboxService>;
