import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorSchema, idParam } from './schemas';
import { deliverySchema, pageQuery, webhookCreateBody, webhookCreatedSchema, webhookSchema } from './webhook-schemas';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(errorSchema) });
const ERRORS = { 400: error('VALIDATION_FAILED'), 401: error('UNAUTHENTICATED'), 403: error('FORBIDDEN'), 503: error('SERVICE_UNAVAILABLE') };
const nextLink = { Link: { description: 'Present when more remain: `<url of the next page>; rel="next"`', schema: { type: 'string' as const } } };

/** The webhook operations (CONTRACT §5), described from the schemas that validate them; managers only. */
export function registerWebhookPaths(registry: OpenAPIRegistry, bearer: string): void {
  const security = [{ [bearer]: [] }];
  const id = z.object({ id: idParam });
  registry.registerPath({
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Subscribe to webhook events (manager); the secret is shown only in this answer',
    security,
    request: { body: { required: true, ...json(webhookCreateBody) } },
    responses: { 201: { description: 'Created', ...json(webhookCreatedSchema) }, ...ERRORS },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/webhooks',
    summary: 'Webhook subscriptions, oldest first (manager)',
    security,
    request: { query: pageQuery },
    responses: { 200: { description: 'OK', headers: nextLink, ...json(z.array(webhookSchema)) }, ...ERRORS },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Delete a webhook subscription and its delivery log (manager)',
    security,
    request: { params: id },
    responses: { 204: { description: 'Deleted' }, 404: error('NOT_FOUND'), ...ERRORS },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries',
    summary: "A subscription's deliveries, newest first (manager)",
    security,
    request: { params: id, query: pageQuery },
    responses: { 200: { description: 'OK', headers: nextLink, ...json(z.array(deliverySchema)) }, 404: error('NOT_FOUND'), ...ERRORS },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
    summary: 'Attempt a delivery once more, now (manager); the answer does not wait for the receiver',
    security,
    request: { params: z.object({ id: idParam, deliveryId: idParam }) },
    responses: { 202: { description: 'Accepted: the attempt is on its way', ...json(deliverySchema) }, 404: error('NOT_FOUND'), 409: error('WEBHOOK_DISABLED'), ...ERRORS },
  });
}
