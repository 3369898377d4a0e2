// The inbox's operations in /openapi.json: path and query parameters, required bodies, every answer with its body.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as i from './inbox-schemas';
import { errorSchema, idParam } from './schemas';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(errorSchema) });
const idPath = z.object({ id: idParam });
const linkHeader = { headers: { link: { description: 'RFC 8288 `<url of the next page>; rel="next"` when more remain', schema: { type: 'string' as const } } } };

export function registerInboxPaths(registry: OpenAPIRegistry, bearer: string): void {
  const security = [{ [bearer]: [] }];
  const common = { 400: error('VALIDATION_FAILED'), 401: error('UNAUTHENTICATED'), 403: error('FORBIDDEN'), 503: error('SERVICE_UNAVAILABLE') };
  registry.registerPath({
    method: 'post',
    path: '/v1/inbox/mailgun',
    summary: "Mailgun's forward() of a received email (signed with MAILGUN_WEBHOOK_SIGNING_KEY)",
    security: [],
    request: {
      body: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: i.mailgunForm }, 'multipart/form-data': { schema: i.mailgunForm } },
      },
    },
    responses: { 200: { description: 'Stored (or stored before: the same answer)', ...json(i.inboundResultSchema) }, 400: error('VALIDATION_FAILED'), 401: error('UNAUTHENTICATED: signature, timestamp or token'), 503: error('SERVICE_UNAVAILABLE') },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/conversations',
    summary: "A customer message written in the vendor's app",
    security,
    request: { body: { required: true, ...json(i.conversationBody) } },
    responses: { 201: { description: 'Created', ...json(i.conversationSchema) }, ...common, 404: error('NOT_FOUND') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/conversations',
    summary: 'Conversations without their messages, newest first (agent)',
    security,
    request: { query: i.conversationsQuery },
    responses: { 200: { description: 'A page', ...linkHeader, ...json(z.array(i.conversationSummarySchema)) }, ...common },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/conversations/{id}',
    summary: 'A conversation with its messages (agent)',
    security,
    request: { params: idPath },
    responses: { 200: { description: 'OK', ...json(i.conversationSchema) }, ...common, 404: error('NOT_FOUND') },
  });
  const action = (path: string, summary: string, body: z.ZodType, ok: z.ZodType, status: number, required: boolean) =>
    registry.registerPath({
      method: 'post',
      path,
      summary,
      security,
      request: { params: idPath, body: { required, ...json(body) } },
      responses: { [status]: { description: 'OK', ...json(ok) }, ...common, 404: error('NOT_FOUND') },
    });
  action('/v1/conversations/{id}/replies', 'Reply, emailed in the thread as inbox_reply (agent)', i.replyBody, i.replyResultSchema, 201, true);
  action('/v1/conversations/{id}/assign', 'Assign to an agent, or unassign with null (agent)', i.assignBody, i.conversationSchema, 200, true);
  action('/v1/conversations/{id}/close', 'Close; a customer message reopens it (agent)', i.closeBody, i.conversationSchema, 200, false);
}
