// Every value a client sends, as the API validates it: closed sets (z.enum), one id pattern, texts without NUL or
// lone surrogates and with maximum lengths, instants within years 1970–9999 and offsets ±14:00. The OpenAPI
// document (api/openapi.ts) is generated from these same schemas, so what it says is what is checked.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ApiError } from './errors';

extendZodWithOpenApi(z);

/** Ids the API takes (customers, agents, bookings, slots, reports): what it generates (UUIDs, `slot_<uuid>`) fits. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const id = z.string().min(1).max(64).regex(ID_PATTERN, 'letters, digits, _ and - only (at most 64, starting with a letter or digit)');
export const idParam = id;

/** No NUL (PostgreSQL refuses it in text) and no lone surrogate (not Unicode); characters counted as code points.
 * The document's pattern says NUL only: a lone surrogate cannot be written in a JSON Schema pattern others can use. */
const NO_NUL = /^[^\x00]*$/;
export const text = (max: number, min = 0) =>
  z
    .string()
    .regex(NO_NUL, 'must not contain NUL bytes')
    .refine((s) => s.isWellFormed(), 'must not contain lone surrogates')
    .refine((s) => [...s].length >= min && [...s].length <= max, min ? `${min} to ${max} characters` : `at most ${max} characters`)
    .openapi({ minLength: min, maxLength: max, pattern: NO_NUL.source, description: 'text without NUL bytes or lone surrogates' });

/** ISO-8601 with an offset, years 1970–9999, offsets within ±14:00, a real calendar date. */
const INSTANT = /^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$/;
export const instant = z
  .string()
  .regex(INSTANT, 'an ISO-8601 instant with seconds and offset, years 1970–9999, offset within ±14:00')
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, 'not a calendar date')
  .openapi({ format: 'date-time', example: '2030-01-07T10:00:00+01:00' });

export const timeZone = z.enum(['UTC', ...Intl.supportedValuesOf('timeZone').filter((tz) => tz !== 'UTC')]).openapi({ description: 'an IANA time zone' });
export const SESSION_TYPES = ['implementation', 'quick_assist'] as const;
export const sessionType = z.enum(SESSION_TYPES);
export const locale = z.enum(['es', 'en']);
export const OUTCOMES = ['attended', 'no_show', 'unresponsive'] as const;
export const ACTIONS = ['dismiss', 'warn', 'restrict', 'terminate'] as const;
const MAX_SLOT_MS = 24 * 3600_000;

/** Idempotency-Key: printable ASCII, at most 200 characters. */
export const idempotencyKey = z.string().min(1).max(200).regex(/^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$/, 'printable ASCII, 1 to 200 characters');
export const idempotencyHeaders = z.object({ 'Idempotency-Key': idempotencyKey.optional().openapi({ description: 'The same key again gets the same answer' }) });

/** A customer's profile: the plan is one of the policy's plans (never a name found on Object.prototype). */
export function customerBodyFor(plans: readonly string[]) {
  const [first, ...rest] = plans;
  return z
    .object({
      name: text(200, 1),
      email: z.string().max(254).regex(z.regexes.email, 'an email address'),
      phone: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'E.164, e.g. +34600000000').optional(),
      locale,
      timeZone,
      plan: z.enum([first, ...rest]),
      seats: z.number().int().min(1).max(100000),
    })
    .strict()
    .openapi('CustomerInput');
}

const slotInput = z
  .object({ agentId: id, sessionType, start: instant, end: instant.openapi({ example: '2030-01-07T10:30:00+01:00' }) })
  .strict()
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), { message: 'end must be after start', path: ['end'] })
  .refine((s) => Date.parse(s.end) - Date.parse(s.start) <= MAX_SLOT_MS, { message: 'a slot lasts at most 24 hours', path: ['end'] })
  .openapi('SlotInput', { description: 'end after start, at most 24 hours later' });
export const slotsBody = z.union([slotInput, z.object({ slots: z.array(slotInput).min(1).max(500) }).strict()]).openapi('SlotsInput');

export const bookBody = z.object({ customerId: id, slotId: id, acceptFee: z.boolean().optional() }).strict().openapi('BookingInput');
export const rescheduleBody = z.object({ slotId: id, acceptFee: z.boolean().optional() }).strict().openapi('RescheduleInput');
export const cancelBody = z.object({ reason: text(500).optional(), bySupport: z.boolean().optional() }).strict().openapi('CancelInput');
export const linkCancelBody = z.object({}).strict().openapi('LinkCancelInput');
export const attendanceBody = z.object({ outcome: z.enum(OUTCOMES), note: text(2000).optional() }).strict().openapi('AttendanceInput');
export const conductReportBody = z.object({ description: text(5000, 1), bookingId: id.optional() }).strict().openapi('ConductReportInput');
export const decisionBody = z.object({ action: z.enum(ACTIONS), until: instant.optional(), note: text(2000).optional() }).strict().openapi('ConductDecisionInput');
/** Lift a restriction, waive a penalty: an optional note. */
export const noteBody = z.object({ note: text(2000).optional() }).strict().openapi('NoteInput');
export const feedbackBody = z.object({ rating: z.number().int().min(1).max(5), comment: text(2000).optional() }).strict().openapi('FeedbackInput');
/** The feedback page's form: fields arrive as text. */
export const feedbackForm = z.object({ rating: z.coerce.number().int().min(1).max(5), comment: z.string().trim().pipe(text(2000)).optional() });

/** Paging (CONTRACT §5): `limit` (default 100, at most 500) and the opaque `cursor` of a `Link: rel="next"`. Every cursor
 * its pattern allows is one the list can read (after a serial id; after a start in µs since 1970 and an id). */
export const CURSOR = { serial: /^[0-9]{1,18}$/, atId: /^([0-9]{1,18})\.([A-Za-z0-9_.:-]{1,200})$/ };
/** Digits only (`1e2`, ` 5`, `0x10` are no limit), 1 to 500, 100 when left out. */
const limit = z
  .string()
  .regex(/^[0-9]{1,4}$/, 'an integer from 1 to 500')
  .transform(Number)
  .pipe(z.number().int().min(1).max(500))
  .optional()
  .transform((v) => v ?? 100)
  .openapi({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
const cursor = (pattern: RegExp) => z.string().regex(pattern, 'a cursor from a Link header').openapi({ description: 'opaque: the cursor of a Link rel="next"' }).optional();
export const pageQuery = { limit, cursor: cursor(CURSOR.atId) };
export const pageOnlyQuery = z.object(pageQuery);
export const slotsQuery = z.object({ sessionType: sessionType.optional(), from: instant.optional(), to: instant.optional(), ...pageQuery });
export const notificationsQuery = z.object({ bookingId: id.optional(), customerId: id.optional(), limit, cursor: cursor(CURSOR.serial) });
export const feedbackQuery = z.object({ from: instant.optional(), to: instant.optional(), agentId: id.optional() });

/** Path parameters, as the routes check them. */
export const linkToken = z.string().min(1).max(2048).regex(/^[A-Za-z0-9_.-]+$/, 'a link token');
export const params = {
  id: z.object({ id }),
  customerId: z.object({ customerId: id }),
  report: z.object({ customerId: id, reportId: id }),
  token: z.object({ token: linkToken }),
};

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

