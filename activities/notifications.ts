// The notification channel: every message is a row in the notification log, rendered and stored before its first
// send and completed after it, under a unique key; every retry sends what the row holds and never sends twice.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { randomBytes } from 'node:crypto';
import { bookingLiveAt, findBookingRow, projectBooking } from '../db/bookings';
import { findMessageContact, type MessageContact } from '../db/customers';
import { expireNotification, finishNotification, findNotification, insertNotification, markSendStarted, type NotificationRow, noteRetry } from '../db/notifications';
import { insertShortLink } from '../db/short-links';
import type { Channel } from '../policy/types';
import { HELD_SEND_QUIET_MS, type NotificationKind, type NotificationRequest, type NotificationResult, staffAddress, toStaff } from '../domain/notification';
import { bookingLinks, feedbackLink } from '../links/tokens';
import { INVITE_FILENAME, inviteContentType, inviteMethodOf } from '../notify/invite';
import { inviteFor } from '../notify/booking-invite';
import { type Email, ProviderError, type SendResult, type Sms, createProviders } from '../notify/providers';
import { renderMessage } from '../notify/templates';
import { registrationLive } from '../db/workshops';
import { renderRegistrationMessage } from './workshop-messages';
import { activityLogger } from '../observability/logger';
import { observeReminderLateness, recordNotification } from '../observability/metrics';
import { createConversationRenderer } from './conversation-notices';
import { heartbeating } from './heartbeat';
import type { ActivityDeps } from './index';

/** Kinds whose message carries the Change and Cancel links. */
const WITH_LINKS: NotificationKind[] = ['confirmation', 'reminder', 'reschedule_confirmation'];

/** The longest a reminder started ahead of its instant is held (REMINDER_LEAD's maximum). */
const MAX_HOLD_MS = 120_000;

/** How far our clock and the provider's may disagree when we look for a message we may have sent. */
const CLOCK_SLACK_MS = 60_000;

export function createNotificationActivities({ pool, settings, logger }: ActivityDeps) {
  const providers = createProviders(settings, (line) => logger.info(line));
  const renderConversationNotice = createConversationRenderer({ pool, settings });
  const providerName = (channel: Channel) => (channel === 'sms' ? (settings.twilio ? 'twilio' : 'log') : settings.mailgun ? 'mailgun' : 'log');

  async function shortLink(target: string, expiresAt: string): Promise<string> {
    const code = randomBytes(6).toString('base64url');
    await insertShortLink(pool, code, target, expiresAt);
    return `${settings.publicBaseUrl}/s/${code}`;
  }

  /** The booking is still live at this version and its occasion has not passed. */
  async function guardHolds(guard: NotificationRequest['guard']): Promise<boolean> {
    if (!guard) return true;
    if (guard.notAfter && Date.now() >= Date.parse(guard.notAfter)) return false;
    return bookingLiveAt(pool, guard.bookingId, guard.version);
  }

  /** The message's occasion still stands: its booking live at its version, its registration holding its place. */
  async function stillStands(req: NotificationRequest): Promise<boolean> {
    if (!(await guardHolds(req.guard))) return false;
    return !req.registration?.whileLive || registrationLive(pool, req.registration.id);
  }

  /**
   * Renders the message once (with its one short link) and stores it; a later attempt finds what was stored. The
   * recipient's details are read here, from PostgreSQL, at render time: the request carries ids only.
   */
  async function render(req: NotificationRequest, contact: MessageContact): Promise<NotificationRow> {
    if (req.registration) {
      const registration = req.registration;
      return insertNotification(pool, { ...(await renderRegistrationMessage(pool, settings, { ...req, registration }, contact)), provider: providerName(req.channel) });
    }
    const to = staffAddress(req, settings) ?? (req.channel === 'sms' ? contact.phone! : contact.email);
    const full = req.booking && WITH_LINKS.includes(req.kind) ? await bookingLinks(req.booking, settings.linkSecret, settings.publicBaseUrl) : undefined;
    // An SMS carries a short link to the same page, so it stays within two segments.
    const links = full && req.channel === 'sms' && req.booking ? { ...full, change: await shortLink(full.change, req.booking.start) } : full;
    const feedback = req.booking && req.kind === 'feedback_request' ? await feedbackLink(req.booking, settings.linkSecret, settings.publicBaseUrl) : undefined;
    // The terms the booking was made under (copied into it), so the text says what its policy says.
    const policy = (req.bookingId ? (await findBookingRow(pool, req.bookingId))?.policy : undefined) ?? settings.policy;
    const locale = toStaff(req) ? ('en' as const) : contact.locale;
    const facts = {
      locale,
      name: contact.name,
      timeZone: contact.timeZone,
      sessionType: req.booking?.sessionType,
      start: req.booking?.start,
      offset: req.offset,
      links,
      feedbackLink: feedback,
      changeNotice: policy.changeNotice,
      facts: req.facts,
    };
    const message = renderMessage(req.kind, facts);
    const email = req.channel === 'email';
    const invite = email && req.booking ? inviteFor(req.kind, req.booking, contact, settings, full) : null;
    return insertNotification(pool, {
      key: req.key,
      booking_id: req.bookingId ?? null,
      customer_id: req.customerId,
      channel: req.channel,
      kind: req.kind,
      offset: req.offset ?? null,
      locale,
      recipient: to,
      subject: email ? message.subject : null,
      body: email ? message.text : message.sms,
      html: email ? message.html : null,
      ics: invite,
      due_at: req.dueAt ?? null,
      provider: providerName(req.channel),
    });
  }

  /**
   * An earlier attempt began sending and never recorded the answer (the worker died, the connection dropped): ask the
   * provider whether it took the message. A provider that cannot tell gets the message again (at least once).
   */
  async function acceptedEarlier(channel: Channel, message: { sms: Sms; email: Email }, startedAt: Date): Promise<SendResult | null> {
    const since = new Date(startedAt.getTime() - CLOCK_SLACK_MS);
    try {
      return channel === 'sms' ? await providers.findSms(message.sms, since) : await providers.findEmail(message.email, since);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      activityLogger(logger).warn({ key: message.email.key, error: err.message }, 'provider cannot tell whether it took an earlier attempt; sending again');
      return null;
    }
  }

  const finisher = (req: NotificationRequest, id: string) => async (status: NotificationResult['status'], extra: { providerMessageId?: string | null; error?: string } = {}) => {
    activityLogger(logger).info({ key: req.key, notificationId: id, kind: req.kind, channel: req.channel, status }, `notification ${status}`);
    recordNotification(req.kind, req.channel, status);
    if (status === 'sent' && req.kind === 'reminder' && req.dueAt) observeReminderLateness((Date.now() - Date.parse(req.dueAt)) / 1000);
    await finishNotification(pool, id, status, extra);
  };

  /** The stored row of this message, rendered now if this is its first attempt; null when there is no one to send to. */
  async function rowFor(req: NotificationRequest, previous: NotificationRow | undefined): Promise<NotificationRow | 'no_phone' | null> {
    if (previous) return previous;
    if (req.conversation) return renderConversationNotice(req);
    const staff = toStaff(req);
    // An alert to the staff about no customer in particular (a webhook that gave up) is written in the policy's zone.
    const contact =
      (req.customerId ? await findMessageContact(pool, req.customerId) : undefined) ??
      (staff ? { name: '', email: '', phone: null, locale: 'en' as const, timeZone: settings.policy.defaultTimeZone } : undefined);
    if (!contact || (!staff && !contact.email)) return null; // no such customer (or erased)
    if (req.channel === 'sms' && !staff && !contact.phone) return 'no_phone';
    return render(req, contact);
  }

  /** A reminder started ahead of its instant waits for it (a worker shutting down cancels the wait; a retry waits what is left). */
  async function holdUntil(sendAt: string | undefined): Promise<void> {
    const wait = sendAt ? Math.min(MAX_HOLD_MS, Date.parse(sendAt) - Date.now()) : 0;
    if (wait > 0) await Context.current().sleep(wait);
  }

  async function deliver(req: NotificationRequest): Promise<NotificationResult> {
    const log = activityLogger(logger);
    await holdUntil(req.sendAt);
    const previous = await findNotification(pool, req.key);
    // Held to its instant: a booking cancelled or moved meanwhile leaves nothing behind, not even a skipped row (this
    // check, made before the render, stands for the one below).
    const checkedAtInstant = req.sendAt !== undefined && !previous;
    if (checkedAtInstant && !(await stillStands(req))) return { id: '', status: 'skipped' };
    // A failed SMS of an older request (whose activity sends the fallback itself) still owes its email after a retry.
    if (previous?.status === 'failed' && req.channel === 'sms' && req.fallback !== 'step') return { ...(await fallback(req)), id: String(previous.id), status: 'failed' };
    if (previous && previous.status !== 'pending') return { id: String(previous.id), status: previous.status };
    const row = await rowFor(req, previous);
    if (row === null) return { id: '', status: 'skipped' };
    if (row === 'no_phone') return req.fallback === 'step' ? { id: '', status: 'skipped', fallback: 'email' } : fallback(req);
    // Stored as already settled (the customer was erased: db migration 1732480000700): nothing to send.
    if (row.status !== 'pending') return { id: String(row.id), status: row.status };
    const id = String(row.id);
    const finish = finisher(req, id);

    // Anything for a cancelled or moved booking, or a reminder after the session started, is never sent; one whose
    // earlier attempts the provider refused has failed.
    if (!checkedAtInstant && !(await stillStands(req))) {
      const failed = row.attempts > 0 && req.guard?.notAfter !== undefined && Date.now() >= Date.parse(req.guard.notAfter);
      await finish(failed ? 'failed' : 'skipped', { error: failed ? `deadline passed after: ${row.error ?? 'retries'}` : 'occasion passed' });
      return { id, status: failed ? 'failed' : 'skipped' };
    }
    const outgoing = {
      sms: { to: row.recipient, body: row.body, key: req.key },
      email: {
        to: row.recipient,
        subject: row.subject ?? '',
        text: row.body,
        html: row.html ?? '',
        key: req.key,
        invite: row.ics ? { content: row.ics, filename: INVITE_FILENAME, contentType: inviteContentType(inviteMethodOf(row.ics)) } : undefined,
        headers: row.headers ?? undefined,
      },
    };
    try {
      const earlier = row.send_started_at ? await acceptedEarlier(req.channel, outgoing, row.send_started_at) : null;
      if (earlier) log.info({ key: req.key, notificationId: id }, 'provider had taken an earlier attempt; not sending again');
      else await markSendStarted(pool, id);
      const sent = earlier ?? (req.channel === 'sms' ? await providers.sendSms(outgoing.sms) : await providers.sendEmail(outgoing.email));
      await finish('sent', { providerMessageId: sent.providerMessageId });
      return { id, status: 'sent' };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.retryable) {
        log.warn({ key: req.key, notificationId: id, error: err.message, retryAfterMs: err.retryAfterMs }, 'provider asks for a retry');
        await noteRetry(pool, id, err.message);
        throw ApplicationFailure.create({ message: err.message, nonRetryable: false, nextRetryDelay: err.retryAfterMs });
      }
      await finish('failed', { error: err.message });
      if (req.channel !== 'sms') return { id, status: 'failed' };
      if (req.fallback === 'step') return { id, status: 'failed', fallback: 'email' };
      return { ...(await fallback(req)), id, status: 'failed' };
    }
  }

  /** An SMS that cannot be sent goes as an email instead (requests of workflows begun before the fallback step). */
  async function fallback(req: NotificationRequest): Promise<NotificationResult> {
    activityLogger(logger).info({ key: req.key }, 'sms falls back to email');
    const email = await deliver({ ...req, key: `${req.key}:fallback-email`, channel: 'email', projection: undefined });
    return { ...email, fallback: 'email' };
  }

  /** The booking's revision the request carries, a reminder's with its outcome filled in (an older one changes nothing). */
  const project = async (projection: NotificationRequest['projection'], status?: NotificationResult['status']) => {
    if (!projection) return;
    const { booking, reminderIndex } = projection;
    if (reminderIndex !== undefined && status) booking.reminders[reminderIndex].status = status;
    await projectBooking(pool, booking);
  };

  /**
   * Sends one message; the booking revision it carries (a reminder's outcome, an attendance) is projected into the read
   * model in the same activity. A send held to its instant heartbeats only once its send runs long, so a worker that
   * dies while holding it is noticed within HELD_SEND_HEARTBEAT_MS of the instant and another worker sends it.
   */
  async function sendNotification(req: NotificationRequest): Promise<NotificationResult> {
    // A reminder's outcome is known once it is sent; an attendance's revision goes first (never waits on a provider).
    const afterSend = req.projection?.reminderIndex !== undefined;
    const send = async () => {
      if (!afterSend) await project(req.projection);
      const result = await deliver(req);
      if (afterSend) await project(req.projection, result.status);
      return result;
    };
    // Quiet through the hold and the send's first seconds: a reminder sent on time records no heartbeat.
    return req.sendAt ? heartbeating(send, Math.max(0, Date.parse(req.sendAt) - Date.now()) + HELD_SEND_QUIET_MS) : send();
  }

  /**
   * A message whose deadline passed (its step timed out while the provider kept refusing, or no worker reached it):
   * its row is `failed` and counted so; a reminder's outcome is projected like a send's.
   */
  async function expireMessage(req: NotificationRequest & { reason: string }): Promise<NotificationResult> {
    const { row, expired } = await expireNotification(pool, req.key, req.reason);
    const status = row && row.status !== 'pending' ? row.status : 'failed';
    if (expired || !row) recordNotification(req.kind, req.channel, 'failed');
    activityLogger(logger).warn({ key: req.key, kind: req.kind, channel: req.channel, status, reason: req.reason }, 'message deadline passed');
    await project(req.projection, status);
    return { id: row ? String(row.id) : '', status };
  }

  return { sendNotification, expireMessage };
}
