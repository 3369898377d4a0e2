// GET /openapi.json: the API as it validates requests, generated from the zod schemas the routes parse with
// (api/schemas.ts) and the answers they give (api/response-schemas.ts). The typed client (client/) is generated
// from this document (`npm run gen:client`), so a drift between the two breaks the build.
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { webhookOperations } from './openapi-webhooks';
import type { Role } from '../config/settings';
import * as r from './response-schemas';
import * as s from './schemas';
import { inboxOperations } from './openapi-inbox';
import { workshopOperations } from './openapi-workshops';

type Method = 'get' | 'put' | 'post' | 'delete';
type Access = Role | 'link' | 'none';

/** One operation as the API validates it; the channels' files (workshops, webhooks, inbox) list theirs the same way. */
export interface Operation {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** The body's media types; JSON unless said (Mailgun posts forms). */
  bodyTypes?: string[];
  /** Status -> body; null for an answer without one (204). */
  ok: Record<number, z.ZodType | null>;
  /** Error statuses beyond those every operation of its kind answers with. */
  errors?: number[];
  paged?: boolean;
}

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const linkHeader = { link: { description: 'RFC 8288 `<absolute URL of the next page>; rel="next"` while more rows remain', schema: { type: 'string' as const } } };

/** What every operation of a kind may answer besides its own errors. */
function baseErrors(op: Operation): number[] {
  if (op.access === 'none') return op.errors ?? [];
  const codes = new Set([400, 503, ...(op.errors ?? [])]);
  if (op.access === 'link') [401, 404, 410, 429].forEach((c) => codes.add(c));
  else [401, 403].forEach((c) => codes.add(c));
  return [...codes].sort();
}

function operations(customerBody: z.ZodType): Operation[] {
  const p = s.params;
  const booking = { errors: [404, 409] };
  const standing = { ok: { 200: r.standingSchema }, errors: [404, 409] };
  return [
    { method: 'get', path: '/health', summary: 'Whether PostgreSQL and Temporal answer', access: 'none', ok: { 200: r.healthSchema, 503: r.healthSchema } },
    { method: 'put', path: '/v1/customers/{customerId}', summary: 'Store a customer', access: 'booking_ui', params: p.customerId, body: customerBody, ok: { 200: r.customerSchema, 201: r.customerSchema } },
    { method: 'get', path: '/v1/customers/{customerId}/standing', summary: "A customer's standing", access: 'booking_ui', params: p.customerId, ok: { 200: r.standingSchema }, errors: [404] },
    { method: 'get', path: '/v1/customers/{customerId}/bookings', summary: "A customer's bookings by start", access: 'booking_ui', params: p.customerId, query: s.pageOnlyQuery, ok: { 200: z.array(r.bookingSchema) }, errors: [404], paged: true },
    { method: 'post', path: '/v1/slots', summary: 'Publish slots (manager)', access: 'manager', body: s.slotsBody, ok: { 201: z.union([r.slotSchema, z.array(r.slotSchema)]) }, errors: [409] },
    { method: 'get', path: '/v1/slots', summary: 'Free slots by start', access: 'booking_ui', query: s.slotsQuery, ok: { 200: z.array(r.slotSchema) }, paged: true },
    { method: 'post', path: '/v1/bookings', summary: 'Book a slot', access: 'booking_ui', headers: s.idempotencyHeaders, body: s.bookBody, ok: { 201: r.bookingCreatedSchema }, errors: [404, 409] },
    { method: 'get', path: '/v1/bookings/{id}', summary: 'A booking', access: 'booking_ui', params: p.id, ok: { 200: r.bookingSchema }, errors: [404] },
    { method: 'get', path: '/v1/bookings/{id}/change-terms', summary: 'What a change now would mean', access: 'booking_ui', params: p.id, ok: { 200: r.changeTermsSchema }, errors: [404] },
    { method: 'post', path: '/v1/bookings/{id}/reschedule', summary: 'Move a booking', access: 'booking_ui', params: p.id, headers: s.idempotencyHeaders, body: s.rescheduleBody, ok: { 200: r.changeResultSchema }, ...booking },
    { method: 'post', path: '/v1/bookings/{id}/cancel', summary: 'Cancel a booking', access: 'booking_ui', params: p.id, headers: s.idempotencyHeaders, body: s.cancelBody, ok: { 200: r.changeResultSchema }, ...booking },
    { method: 'post', path: '/v1/bookings/{id}/attendance', summary: 'Record attendance (agent)', access: 'agent', params: p.id, body: s.attendanceBody, ok: { 200: r.bookingSchema }, ...booking },
    { method: 'post', path: '/v1/customers/{customerId}/conduct-reports', summary: 'Report conduct (agent)', access: 'agent', params: p.customerId, body: s.conductReportBody, ok: { 201: r.conductReportSchema }, errors: [404, 409] },
    { method: 'post', path: '/v1/customers/{customerId}/conduct-reports/{reportId}/decision', summary: 'Decide a report (manager)', access: 'manager', params: p.report, body: s.decisionBody, ...standing },
    { method: 'post', path: '/v1/customers/{customerId}/restriction/lift', summary: 'Lift a restriction (manager)', access: 'manager', params: p.customerId, body: s.noteBody, ...standing },
    { method: 'post', path: '/v1/customers/{customerId}/penalty/waive', summary: 'Waive a penalty (manager)', access: 'manager', params: p.customerId, body: s.noteBody, ...standing },
    { method: 'get', path: '/v1/notifications', summary: 'The notification log, oldest first (agent)', access: 'agent', query: s.notificationsQuery, ok: { 200: z.array(r.notificationSchema) }, paged: true },
    { method: 'get', path: '/v1/links/{token}', summary: 'What a customer link shows', access: 'link', params: p.token, ok: { 200: r.linkViewSchema } },
    { method: 'post', path: '/v1/links/{token}/reschedule', summary: 'Move through a link', access: 'link', params: p.token, body: s.rescheduleBody, ok: { 200: r.changeResultSchema }, errors: [403, 409] },
    { method: 'post', path: '/v1/links/{token}/cancel', summary: 'Cancel through a link', access: 'link', params: p.token, body: s.linkCancelBody, ok: { 200: r.changeResultSchema }, errors: [409] },
    { method: 'post', path: '/v1/feedback/{token}', summary: 'Answer the feedback question through a feedback link', access: 'link', params: p.token, body: s.feedbackBody, ok: { 200: r.feedbackSchema } },
    { method: 'get', path: '/v1/feedback', summary: 'Feedback answers, their count and mean (manager)', access: 'manager', query: s.feedbackQuery, ok: { 200: r.feedbackListSchema } },
  ];
}

function register(registry: OpenAPIRegistry, bearer: string, op: Operation): void {
  const responses: RouteConfig['responses'] = {};
  for (const [status, schema] of Object.entries(op.ok)) {
    responses[status] = schema ? { description: 'OK', content: json(schema), ...(op.paged ? { headers: linkHeader } : {}) } : { description: 'No content' };
  }
  for (const status of baseErrors(op)) responses[status] ??= { description: 'The error body of CONTRACT §5', content: json(r.errorSchema) };
  registry.registerPath({
    method: op.method,
    path: op.path,
    summary: op.summary,
    security: op.access === 'link' || op.access === 'none' ? [] : [{ [bearer]: [] }],
    description: op.access === 'link' ? 'A customer link: the signed token in the path instead of a key' : op.access === 'none' ? undefined : `Role: ${op.access} or above`,
    request: {
      params: op.params,
      query: op.query,
      headers: op.headers,
      // A body is required unless `{}` would do (lift, waive, cancel): then it may be left out.
      body: op.body ? { required: !op.body.safeParse({}).success, content: Object.fromEntries((op.bodyTypes ?? ['application/json']).map((t) => [t, { schema: op.body! }])) } : undefined,
    },
    responses,
  });
}

/** The API description for the policy's plans (a customer's plan is one of them). */
export function openApiDocument(plans: readonly string[]): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const op of [...operations(s.customerBodyFor(plans)), ...inboxOperations(), ...workshopOperations(), ...webhookOperations()]) register(registry, bearer.name, op);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Support Sessions API', version: '1' },
  });
}
