import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as s from './schemas';
import { registerInboxPaths } from './inbox-openapi';

type Method = 'get' | 'put' | 'post';
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/** The API description, generated from the same zod schemas that validate requests. */
export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const path = (method: Method, p: string, summary: string, ok: z.ZodType, body?: z.ZodType, status = 200) =>
    registry.registerPath({
      method,
      path: p,
      summary,
      security: p.startsWith('/v1/links') || p.startsWith('/v1/feedback/') ? [] : [{ [bearer.name]: [] }],
      request: body ? { body: json(body) } : undefined,
      responses: { [status]: { description: 'OK', ...json(ok) }, default: { description: 'Error', ...json(s.errorSchema) } },
    });
  path('put', '/v1/customers/{customerId}', 'Store a customer', s.customerBody, s.customerBody);
  path('get', '/v1/customers/{customerId}/standing', "A customer's standing", s.standingSchema);
  path('get', '/v1/customers/{customerId}/bookings', "A customer's bookings", z.array(s.bookingSchema));
  path('post', '/v1/slots', 'Publish slots (manager)', z.union([s.slotSchema, z.array(s.slotSchema)]), s.slotsBody, 201);
  path('get', '/v1/slots', 'Free slots', z.array(s.slotSchema));
  path('post', '/v1/bookings', 'Book a slot', z.object({ booking: s.bookingSchema, links: z.object({ change: z.string(), cancel: z.string() }) }), s.bookBody, 201);
  path('get', '/v1/bookings/{id}', 'A booking', s.bookingSchema);
  path('get', '/v1/bookings/{id}/change-terms', 'What a change now would mean', s.changeTermsSchema);
  path('post', '/v1/bookings/{id}/reschedule', 'Move a booking', s.changeResultSchema, s.rescheduleBody);
  path('post', '/v1/bookings/{id}/cancel', 'Cancel a booking', s.changeResultSchema, s.cancelBody);
  path('post', '/v1/bookings/{id}/attendance', 'Record attendance (agent)', s.bookingSchema, s.attendanceBody);
  path('post', '/v1/customers/{customerId}/conduct-reports', 'Report conduct (agent)', z.object({ id: z.string(), status: z.literal('open') }), s.conductReportBody, 201);
  path('post', '/v1/customers/{customerId}/conduct-reports/{reportId}/decision', 'Decide a report (manager)', s.standingSchema, s.decisionBody);
  path('post', '/v1/customers/{customerId}/restriction/lift', 'Lift a restriction (manager)', s.standingSchema);
  path('post', '/v1/customers/{customerId}/penalty/waive', 'Waive a penalty (manager)', s.standingSchema);
  path('get', '/v1/links/{token}', 'What a customer link shows', z.object({ booking: s.bookingSchema, changeTerms: s.changeTermsSchema, freeSlots: z.array(s.slotSchema) }));
  path('post', '/v1/links/{token}/reschedule', 'Move through a link', s.changeResultSchema, s.rescheduleBody);
  path('post', '/v1/links/{token}/cancel', 'Cancel through a link', s.changeResultSchema, s.linkCancelBody);
  path('post', '/v1/feedback/{token}', 'Answer the feedback question through a feedback link', s.feedbackSchema, s.feedbackBody);
  path('get', '/v1/feedback', 'Feedback answers, their count and mean (manager)', s.feedbackListSchema);
  registerInboxPaths(registry, bearer.name);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Support Sessions API', version: '1' },
  });
}
