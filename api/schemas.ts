import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ApiError } from './errors';

extendZodWithOpenApi(z);

const instant = z.iso.datetime({ offset: true });
const timeZone = z.string().refine((tz) => tz === 'UTC' || Intl.supportedValuesOf('timeZone').includes(tz), 'must be an IANA time zone');
const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');
const sessionType = z.enum(['implementation', 'quick_assist']);
const money = z.object({ amount: z.number().int(), currency: z.string() });

export const idParam = id;

export const customerBody = z
  .object({
    name: z.string().min(1).max(200),
    email: z.email(),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +34600000000').optional(),
    locale: z.enum(['es', 'en']),
    timeZone,
    plan: z.string().min(1).max(50),
    seats: z.number().int().min(1).max(100000),
  })
  .strict()
  .openapi('CustomerInput');

const slotInput = z
  .object({ agentId: id, sessionType, start: instant, end: instant })
  .strict()
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), { message: 'end must be after start', path: ['end'] });
export const slotsBody = z.union([slotInput, z.object({ slots: z.array(slotInput).min(1).max(500) }).strict()]).openapi('SlotsInput');
export const slotsQuery = z.object({ sessionType: sessionType.optional(), from: instant.optional(), to: instant.optional() });

export const bookBody = z.object({ customerId: id, slotId: id, acceptFee: z.boolean().optional() }).strict().openapi('BookingInput');
export const rescheduleBody = z.object({ slotId: id, acceptFee: z.boolean().optional() }).strict().openapi('RescheduleInput');
export const cancelBody = z.object({ reason: z.string().max(500).optional(), bySupport: z.boolean().optional() }).strict().openapi('CancelInput');
export const linkCancelBody = z.object({}).strict();
export const attendanceBody = z
  .object({ outcome: z.enum(['attended', 'no_show', 'unresponsive']), note: z.string().max(2000).optional() })
  .strict()
  .openapi('AttendanceInput');
export const conductReportBody = z.object({ description: z.string().min(1).max(5000), bookingId: id.optional() }).strict().openapi('ConductReportInput');
export const decisionBody = z
  .object({ action: z.enum(['dismiss', 'warn', 'restrict', 'terminate']), until: instant.optional(), note: z.string().max(2000).optional() })
  .strict()
  .openapi('ConductDecisionInput');
export const feedbackBody = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
  .strict()
  .openapi('FeedbackInput');
/** The feedback page's form: fields arrive as text. */
export const feedbackForm = z.object({ rating: z.coerce.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });
export const feedbackQuery = z.object({ from: instant.optional(), to: instant.optional(), agentId: id.optional() });
export const feedbackSchema = z
  .object({ bookingId: z.string(), agentId: z.string(), sessionType, rating: z.number().int(), comment: z.string().nullable(), at: instant })
  .openapi('Feedback');
export const feedbackListSchema = z
  .object({ count: z.number().int(), average: z.number().nullable(), items: z.array(feedbackSchema) })
  .openapi('FeedbackList');
export const notificationsQuery = z.object({ bookingId: id.optional(), customerId: id.optional() });

const reminder = z.object({ channel: z.enum(['email', 'sms']), offset: z.string(), dueAt: instant, status: z.enum(['pending', 'sent', 'skipped', 'cancelled', 'failed']) });
export const bookingSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    slotId: z.string(),
    agentId: z.string(),
    sessionType,
    start: instant,
    end: instant,
    status: z.enum(['scheduled', 'in_progress', 'attended', 'no_show', 'unresponsive', 'cancelled', 'cancelled_late', 'cancelled_by_support', 'unrecorded']),
    timeZone: z.string(),
    locale: z.enum(['es', 'en']),
    policyVersion: z.string(),
    fee: money.nullable(),
    reminders: z.array(reminder),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('Booking');
export const changeResultSchema = z.object({ booking: bookingSchema, late: z.boolean(), countedAsNoShow: z.boolean() }).openapi('ChangeResult');
export const changeTermsSchema = z
  .object({ late: z.boolean(), deadline: instant, wouldCountAsNoShow: z.boolean(), consequence: z.enum(['none', 'warning', 'penalty', 'reduced_support']) })
  .openapi('ChangeTerms');
export const slotSchema = z.object({ id: z.string(), agentId: z.string(), sessionType, start: instant, end: instant }).openapi('Slot');
export const standingSchema = z
  .object({
    customerId: z.string(),
    level: z.enum(['good', 'warned', 'penalty', 'reduced', 'restricted', 'terminated']),
    strikes: z.array(z.object({ at: instant, bookingId: z.string(), reason: z.string(), expiresAt: instant })),
    penalty: z.object({ fee: money, earliestFreeStart: instant }).nullable(),
    restriction: z.object({ since: instant, until: instant.nullable(), reason: z.string() }).nullable(),
    canBook: z.boolean(),
    channels: z.array(z.string()),
  })
  .openapi('Standing');
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }) })
  .openapi('Error');

/** Parses with zod; a failure is VALIDATION_FAILED listing each bad field. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ApiError('VALIDATION_FAILED', `Invalid request: ${fields.map((f) => f.path || '(body)').join(', ')}`, { fields });
}

/** Weekly hours (the console's availability form): HTML forms send strings, and one checked day as a lone string. */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
export const weeklyHoursBody = z
  .object({
    agentId: id,
    sessionType,
    days: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.coerce.number().int().min(1).max(7)).min(1, 'choose at least one day')),
    startTime: hhmm,
    endTime: hhmm,
    sessionMinutes: z.coerce.number().int().min(5).max(480),
    timeZone,
    from: z.iso.date(),
    weeks: z.coerce.number().int().min(1).max(12),
  })
  .refine((w) => w.endTime > w.startTime, { message: 'must be after the start', path: ['endTime'] });
