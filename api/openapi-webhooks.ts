// The webhook operations in /openapi.json (CONTRACT §5, §6), from the schemas that validate them; managers only.
import { z } from 'zod';
import type { Operation } from './openapi';
import { id, params } from './schemas';
import { deliverySchema, pageQuery, webhookCreateBody, webhookCreatedSchema, webhookSchema } from './webhook-schemas';

export function webhookOperations(): Operation[] {
  return [
    { method: 'post', path: '/v1/webhooks', summary: 'Subscribe to webhook events (manager); the secret is shown only in this answer', access: 'manager', body: webhookCreateBody, ok: { 201: webhookCreatedSchema } },
    { method: 'get', path: '/v1/webhooks', summary: 'Webhook subscriptions, oldest first (manager)', access: 'manager', query: pageQuery, ok: { 200: z.array(webhookSchema) }, paged: true },
    { method: 'delete', path: '/v1/webhooks/{id}', summary: 'Delete a webhook subscription and its delivery log (manager)', access: 'manager', params: params.id, ok: { 204: null }, errors: [404] },
    { method: 'get', path: '/v1/webhooks/{id}/deliveries', summary: "A subscription's deliveries, newest first (manager)", access: 'manager', params: params.id, query: pageQuery, ok: { 200: z.array(deliverySchema) }, errors: [404], paged: true },
    {
      method: 'post',
      path: '/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
      summary: 'Attempt a delivery once more, now (manager); the answer does not wait for the receiver',
      access: 'manager',
      params: z.object({ id, deliveryId: id }),
      ok: { 200: deliverySchema },
      errors: [404, 409],
    },
  ];
}
