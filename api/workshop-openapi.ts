// The workshop operations in /openapi.json, from the schemas that validate them: path, query and header parameters,
// required bodies, and every status each operation answers.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorSchema, idParam } from './schemas';
import * as w from './workshop-schemas';

type Op = {
  method: 'get' | 'post';
  path: string;
  summary: string;
  ok: z.ZodType;
  status?: number;
  body?: z.ZodType;
  query?: z.ZodObject;
  idempotent?: boolean;
  errors: number[];
};

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN, SESSION_TYPE_NOT_INCLUDED or SUPPORT_RESTRICTED',
  404: 'NOT_FOUND',
  409: 'SLOT_UNAVAILABLE, ALREADY_REGISTERED, BOOKING_NOT_CHANGEABLE or ATTENDANCE_NOT_OPEN',
  503: 'SERVICE_UNAVAILABLE',
};

export function registerWorkshopPaths(registry: OpenAPIRegistry, security: { [name: string]: string[] }[]): void {
  const ops: Op[] = [
    { method: 'post', path: '/v1/workshops', summary: 'Create a workshop (manager)', ok: w.workshopSchema, status: 201, body: w.workshopBody, errors: [400, 401, 403, 503] },
    { method: 'get', path: '/v1/workshops', summary: 'Workshops that have not started, by time', ok: z.array(w.workshopSchema), query: w.workshopsQuery, errors: [400, 401, 503] },
    { method: 'get', path: '/v1/workshops/{id}', summary: 'A workshop', ok: w.workshopSchema, errors: [400, 401, 404, 503] },
    { method: 'get', path: '/v1/workshops/{id}/registrations', summary: 'The roster: registered, then the waitlist by position (agent)', ok: z.array(w.registrationSchema), query: w.rosterQuery, errors: [400, 401, 403, 404, 503] },
    { method: 'post', path: '/v1/workshops/{id}/registrations', summary: 'Register for a workshop (a seat or a waitlist place)', ok: w.registrationCreatedSchema, status: 201, body: w.registerBody, idempotent: true, errors: [400, 401, 403, 404, 409, 503] },
    { method: 'post', path: '/v1/workshops/{id}/cancel', summary: 'Cancel a workshop (manager): every registration cancelled by support', ok: w.workshopSchema, errors: [400, 401, 403, 404, 409, 503] },
    { method: 'get', path: '/v1/registrations/{id}', summary: 'A registration', ok: w.registrationSchema, errors: [400, 401, 404, 503] },
    { method: 'post', path: '/v1/registrations/{id}/cancel', summary: 'Cancel a registration', ok: w.registrationChangeSchema, body: w.registrationCancelBody, idempotent: true, errors: [400, 401, 403, 404, 409, 503] },
    { method: 'post', path: '/v1/registrations/{id}/attendance', summary: 'Record attendance at a workshop (agent)', ok: w.registrationSchema, body: w.registrationAttendanceBody, errors: [400, 401, 403, 404, 409, 503] },
  ];
  for (const op of ops) {
    const hasId = op.path.includes('{id}');
    const next = op.method === 'get' && op.ok instanceof z.ZodArray;
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      security,
      request: {
        ...(hasId ? { params: z.object({ id: idParam }) } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.idempotent ? { headers: z.object({ 'Idempotency-Key': z.string().min(1).max(200).optional() }) } : {}),
        ...(op.body ? { body: { required: true, ...json(op.body) } } : {}),
      },
      responses: {
        [op.status ?? 200]: {
          description: 'OK',
          ...(next ? { headers: { Link: { description: 'RFC 8288 `<url>; rel="next"` when more remain', schema: { type: 'string' } } } } : {}),
          ...json(op.ok),
        },
        ...Object.fromEntries(op.errors.map((s) => [s, { description: ERROR_TEXT[s], ...json(errorSchema) }])),
      },
    });
  }
}
