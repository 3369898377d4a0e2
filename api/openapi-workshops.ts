// The workshop operations in /openapi.json (CONTRACT §5), from the schemas that validate them.
import { z } from 'zod';
import type { Operation } from './openapi';
import { idempotencyHeaders, params } from './schemas';
import * as w from './workshop-schemas';

export function workshopOperations(): Operation[] {
  const id = params.id;
  return [
    { method: 'post', path: '/v1/workshops', summary: 'Create a workshop (manager)', access: 'manager', body: w.workshopBody, ok: { 201: w.workshopSchema } },
    { method: 'get', path: '/v1/workshops', summary: 'Workshops that have not started, by time', access: 'booking_ui', query: w.workshopsQuery, ok: { 200: z.array(w.workshopSchema) }, paged: true },
    { method: 'get', path: '/v1/workshops/{id}', summary: 'A workshop', access: 'booking_ui', params: id, ok: { 200: w.workshopSchema }, errors: [404] },
    { method: 'get', path: '/v1/workshops/{id}/registrations', summary: 'The roster: registered, then the waitlist by position (agent)', access: 'agent', params: id, query: w.rosterQuery, ok: { 200: z.array(w.registrationSchema) }, errors: [404], paged: true },
    { method: 'post', path: '/v1/workshops/{id}/registrations', summary: 'Register for a workshop (a seat or a waitlist place)', access: 'booking_ui', params: id, headers: idempotencyHeaders, body: w.registerBody, ok: { 201: w.registrationCreatedSchema }, errors: [404, 409] },
    { method: 'post', path: '/v1/workshops/{id}/cancel', summary: 'Cancel a workshop (manager): every registration cancelled by support', access: 'manager', params: id, ok: { 200: w.workshopSchema }, errors: [404, 409] },
    { method: 'get', path: '/v1/registrations/{id}', summary: 'A registration', access: 'booking_ui', params: id, ok: { 200: w.registrationSchema }, errors: [404] },
    { method: 'post', path: '/v1/registrations/{id}/cancel', summary: 'Cancel a registration', access: 'booking_ui', params: id, headers: idempotencyHeaders, body: w.registrationCancelBody, ok: { 200: w.registrationChangeSchema }, errors: [404, 409] },
    { method: 'post', path: '/v1/registrations/{id}/attendance', summary: 'Record attendance at a workshop (agent)', access: 'agent', params: id, body: w.registrationAttendanceBody, ok: { 200: w.registrationSchema }, errors: [404, 409] },
  ];
}
