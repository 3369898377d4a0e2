// What the API answers, for the OpenAPI document and the typed client generated from it.
import { z } from 'zod';
import { locale, sessionType } from './schemas';

const at = z.string().openapi({ format: 'date-time' });
// Inline, not a component: OpenAPI 3.0 cannot make a `$ref` nullable.
const money = z.object({ amount: z.number().int(), currency: z.string() });

export const customerSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string().nullable(), locale, timeZone: z.string(), plan: z.string(), seats: z.number().int() })
  .openapi('Customer');

const reminder = z.object({ channel: z.enum(['email', 'sms']), offset: z.string(), dueAt: at, status: z.enum(['pending', 'sent', 'skipped', 'cancelled', 'failed']) });
export const bookingSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    slotId: z.string(),
    agentId: z.string(),
    sessionType,
    start: at,
    end: at,
    status: z.enum(['scheduled', 'in_progress', 'attended', 'no_show', 'unresponsive', 'cancelled', 'cancelled_late', 'cancelled_by_support', 'unrecorded']),
    timeZone: z.string(),
    locale,
    policyVersion: z.string(),
    fee: money.nullable(),
    reminders: z.array(reminder),
    version: z.number().int(),
    createdAt: at,
    updatedAt: at,
  })
  .openapi('Booking');
export const bookingCreatedSchema = z.object({ booking: bookingSchema, links: z.object({ change: z.string(), cancel: z.string() }) }).openapi('BookingCreated');
export const changeResultSchema = z.object({ booking: bookingSchema, late: z.boolean(), countedAsNoShow: z.boolean() }).openapi('ChangeResult');
export const changeTermsSchema = z
  .object({ late: z.boolean(), deadline: at, wouldCountAsNoShow: z.boolean(), consequence: z.enum(['none', 'warning', 'penalty', 'reduced_support']) })
  .openapi('ChangeTerms');
export const slotSchema = z.object({ id: z.string(), agentId: z.string(), sessionType, start: at, end: at }).openapi('Slot');
export const standingSchema = z
  .object({
    customerId: z.string(),
    level: z.enum(['good', 'warned', 'penalty', 'reduced', 'restricted', 'terminated']),
    strikes: z.array(z.object({ at, bookingId: z.string(), reason: z.string(), expiresAt: at })),
    penalty: z.object({ fee: money, earliestFreeStart: at }).nullable(),
    restriction: z.object({ since: at, until: at.nullable(), reason: z.string() }).nullable(),
    canBook: z.boolean(),
    channels: z.array(z.string()),
  })
  .openapi('Standing');
export const conductReportSchema = z.object({ id: z.string(), status: z.literal('open') }).openapi('ConductReport');
export const linkViewSchema = z
  .object({ scope: z.enum(['change', 'cancel']), booking: bookingSchema, changeTerms: changeTermsSchema, freeSlots: z.array(slotSchema) })
  .openapi('LinkView');
export const notificationSchema = z
  .object({
    id: z.string(),
    bookingId: z.string().nullable(),
    customerId: z.string().nullable(),
    channel: z.enum(['email', 'sms']),
    kind: z.string(),
    offset: z.string().optional(),
    locale: z.string(),
    to: z.string(),
    subject: z.string().optional(),
    body: z.string(),
    dueAt: at.optional(),
    status: z.enum(['pending', 'sent', 'failed', 'skipped']),
    provider: z.string(),
    providerMessageId: z.string().optional(),
    sentAt: at.optional(),
    error: z.string().optional(),
  })
  .openapi('Notification');
export const feedbackSchema = z
  .object({ bookingId: z.string(), agentId: z.string(), sessionType, rating: z.number().int(), comment: z.string().nullable(), at })
  .openapi('Feedback');
export const feedbackListSchema = z.object({ count: z.number().int(), average: z.number().nullable(), items: z.array(feedbackSchema) }).openapi('FeedbackList');
export const healthSchema = z
  .object({ status: z.enum(['ok', 'degraded', 'draining']), checks: z.object({ db: z.enum(['ok', 'down']), temporal: z.enum(['ok', 'down']) }) })
  .openapi('Health');
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }) })
  .openapi('Error');
