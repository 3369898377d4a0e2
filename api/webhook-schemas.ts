// The webhook endpoints' schemas (CONTRACT §5): what the API validates and what /openapi.json describes.
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhooks/events';
import { idParam, pageQuery as basePage, text } from './schemas';

const EVENT_CHOICES = ['*', ...WEBHOOK_EVENTS] as const;

export const webhookCreateBody = z
  .object({
    // The document says what is refused (NUL), so a fuzzer's schema-valid URL is one the API takes.
    url: text(2048, 1),
    events: z
      .array(z.enum(EVENT_CHOICES))
      .min(1)
      .max(WEBHOOK_EVENTS.length)
      // Said twice, or beside "*": the same subscription (all events, or each event once).
      .transform((e) => (e.includes('*') ? ['*' as const] : [...new Set(e)])),
    description: text(500).optional(),
  })
  .strict()
  .openapi('WebhookInput');

/** `limit` (1–500, default 100) and `cursor` (the id of the last item of the previous page). */
export const pageQuery = z.object({ limit: basePage.limit, cursor: idParam.optional() }).strict();

const instant = z.iso.datetime({ offset: true });
const webhookStatus = z.enum(['active', 'disabled']);
export const webhookSchema = z
  .object({ id: z.string(), url: z.string(), events: z.array(z.string()), description: z.string().nullable(), status: webhookStatus, createdAt: instant })
  .openapi('Webhook');
export const webhookCreatedSchema = webhookSchema
  .extend({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/).openapi({ description: 'Shown only here: keep it to verify signatures' }) })
  .openapi('WebhookCreated');
export const deliverySchema = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id` header of every attempt' }),
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: instant.nullable(),
    createdAt: instant,
    deliveredAt: instant.nullable(),
  })
  .openapi('WebhookDelivery');
