// The workshop endpoints' schemas: what the API validates and what /openapi.json describes, from the same objects.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { idParam, instant, locale, pageQuery, text } from './schemas';

extendZodWithOpenApi(z);

export const workshopBody = z
  .object({ title: text(200, 1), agentId: idParam, start: instant, end: instant.openapi({ example: '2030-01-07T11:00:00+01:00' }), capacity: z.number().int().min(1).max(500), locale: locale.optional() })
  .strict()
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'end must be after start', path: ['end'] })
  .refine((w) => Date.parse(w.end) - Date.parse(w.start) <= 24 * 3600_000, { message: 'a workshop lasts at most 24 hours', path: ['end'] })
  .openapi('WorkshopInput', { description: 'ends after it starts, at most 24 hours later' });

export const workshopsQuery = z.object({ from: instant.optional(), to: instant.optional(), ...pageQuery }).strict();
export const rosterQuery = z.object(pageQuery).strict();

export const registerBody = z.object({ customerId: idParam }).strict().openapi('RegistrationInput');
export const registrationCancelBody = z.object({ bySupport: z.boolean().optional() }).strict().openapi('RegistrationCancelInput');
export const registrationAttendanceBody = z.object({ outcome: z.enum(['attended', 'no_show']) }).strict().openapi('RegistrationAttendanceInput');

const reminder = z.object({ channel: z.enum(['email', 'sms']), offset: z.string(), dueAt: z.string(), status: z.enum(['pending', 'sent', 'skipped', 'cancelled', 'failed']) });
export const workshopSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    agentId: z.string(),
    start: z.string(),
    end: z.string(),
    capacity: z.number().int(),
    locale: locale.nullable(),
    registered: z.number().int(),
    waitlisted: z.number().int(),
    seatsLeft: z.number().int(),
    status: z.enum(['scheduled', 'cancelled']),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Workshop');
export const registrationSchema = z
  .object({
    id: z.string(),
    workshopId: z.string(),
    customerId: z.string(),
    status: z.enum(['registered', 'waitlisted', 'cancelled', 'attended', 'no_show']),
    position: z.number().int().nullable(),
    reminders: z.array(reminder),
    timeZone: z.string(),
    locale,
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Registration');
export const registrationCreatedSchema = z.object({ registration: registrationSchema, links: z.object({ cancel: z.string() }) }).openapi('RegistrationCreated');
export const registrationChangeSchema = z
  .object({ registration: registrationSchema, late: z.boolean(), countedAsNoShow: z.boolean() })
  .openapi('RegistrationChange');
