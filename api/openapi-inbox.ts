// The inbox's operations in /openapi.json (CONTRACT §5), from the schemas that validate them.
import { z } from 'zod';
import * as i from './inbox-schemas';
import type { Operation } from './openapi';
import { params } from './schemas';

export function inboxOperations(): Operation[] {
  const id = params.id;
  return [
    {
      method: 'post',
      path: '/v1/inbox/mailgun',
      summary: "Mailgun's forward() of a received email (signed with MAILGUN_WEBHOOK_SIGNING_KEY)",
      access: 'none',
      // Described without extra fields (a fuzzer's invented field names break multipart); the API ignores the extra
      // fields Mailgun sends.
      body: i.mailgunForm.strict(),
      bodyTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
      ok: { 200: i.inboundResultSchema },
      errors: [400, 401, 503],
    },
    { method: 'post', path: '/v1/conversations', summary: "A customer message written in the vendor's app", access: 'booking_ui', body: i.conversationBody, ok: { 201: i.conversationSchema }, errors: [404] },
    { method: 'get', path: '/v1/conversations', summary: 'Conversations without their messages, newest first (agent)', access: 'agent', query: i.conversationsQuery, ok: { 200: z.array(i.conversationSummarySchema) }, paged: true },
    { method: 'get', path: '/v1/conversations/{id}', summary: 'A conversation with its messages (agent)', access: 'agent', params: id, ok: { 200: i.conversationSchema }, errors: [404] },
    { method: 'post', path: '/v1/conversations/{id}/replies', summary: 'Reply, emailed in the thread as inbox_reply (agent)', access: 'agent', params: id, body: i.replyBody, ok: { 201: i.replyResultSchema }, errors: [404] },
    { method: 'post', path: '/v1/conversations/{id}/assign', summary: 'Assign to an agent, or unassign with null (agent)', access: 'agent', params: id, body: i.assignBody, ok: { 200: i.conversationSchema }, errors: [404] },
    { method: 'post', path: '/v1/conversations/{id}/close', summary: 'Close; a customer message reopens it (agent)', access: 'agent', params: id, body: i.closeBody, ok: { 200: i.conversationSchema }, errors: [404] },
  ];
}
