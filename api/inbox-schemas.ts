// The inbox's request and answer schemas: what the API validates and what /openapi.json describes.
import { z } from 'zod';
import { CONVERSATION_STATUSES, SLA_STATES } from '../domain/conversation';
import { idParam, instant, pageQuery, text } from './schemas';

/** An email's text as Mailgun forwards it: NULs dropped and lone surrogates replaced (never refused for them). */
const emailText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(/\u0000/g, '').toWellFormed());

export const conversationBody = z
  .object({ customerId: idParam, subject: text(300, 1), text: text(20_000, 1) })
  .strict()
  .openapi('ConversationInput');
export const replyBody = z.object({ text: text(20_000, 1) }).strict().openapi('ReplyInput');
export const assignBody = z.object({ agentId: idParam.nullable() }).strict().openapi('AssignInput');
export const closeBody = z.object({}).strict().openapi('CloseInput');

export const conversationsQuery = z
  .object({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    slaState: z.enum(SLA_STATES).optional(),
    assignee: idParam.optional(),
    customerId: idParam.optional(),
    ...pageQuery,
  })
  .strict();

/** The signature fields of Mailgun's post: checked before anything else is read. */
export const mailgunSignature = z.object({
  timestamp: z.string().regex(/^\d{1,12}$/),
  token: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/),
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/),
});

/** The fields of Mailgun's `forward()` post this API reads; others are ignored. */
export const mailgunForm = mailgunSignature
  .extend({
    sender: emailText(998).optional(),
    from: emailText(998).optional(),
    recipient: emailText(4000).optional(),
    subject: emailText(998).optional(),
    'body-plain': emailText(200_000).optional(),
    'stripped-text': emailText(200_000).optional(),
    'Message-Id': emailText(998).optional(),
    'In-Reply-To': emailText(4000).optional(),
    References: emailText(20_000).optional(),
    'message-headers': emailText(100_000).optional(),
  })
  .openapi('MailgunInboundEmail');

const sla = z.object({ state: z.enum(SLA_STATES), dueAt: instant.nullable(), warnedAt: instant.nullable(), breachedAt: instant.nullable() });
export const messageSchema = z
  .object({ id: z.string(), direction: z.enum(['in', 'out']), author: z.string(), text: z.string(), at: instant })
  .openapi('ConversationMessage');
export const conversationSummarySchema = z
  .object({
    id: z.string(),
    customerId: z.string().nullable(),
    subject: z.string(),
    status: z.enum(CONVERSATION_STATUSES),
    assignee: z.string().nullable(),
    sla,
    revision: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('ConversationSummary');
export const conversationSchema = conversationSummarySchema.extend({ messages: z.array(messageSchema) }).openapi('Conversation');
export const replyResultSchema = z.object({ message: messageSchema, conversation: conversationSchema }).openapi('ReplyResult');
export const inboundResultSchema = z.object({ conversationId: z.string(), messageId: z.string() }).openapi('InboundEmailResult');
