// The notification channel: every message is a row in the notification log, written before the send and completed
// after it, under a unique key; a retried activity finds the row and never sends twice.
import { ApplicationFailure } from '@temporalio/activity';
import { randomBytes } from 'node:crypto';
import { bookingLinks } from '../links/tokens';
import { type Email, ProviderError, type SendResult, type Sms, createProviders } from '../notify/providers';
import { renderMessage } from '../notify/templates';
import { activityLogger } from '../observability/logger';
import { observeReminderLateness, recordNotification } from '../observability/metrics';
import type { CustomerContact } from '../workflows/booking-messages';
import type { ActivityDeps } from './index';

export type NotificationKind =
  | 'confirmation'
  | 'reminder'
  | 'reschedule_confirmation'
  | 'cancellation_confirmation'
  | 'late_change_notice'
  | 'no_show_warning'
  | 'penalty_notice'
  | 'reduced_support_notice'
  | 'reschedule_recommended'
  | 'feedback_request'
  | 'restriction_notice'
  | 'restriction_lifted'
  | 'attendance_unrecorded';

export interface NotificationRequest {
  /** Unique per message: `<workflowId>:<kind>:<occasion>`; a retry with the same key never sends twice. */
  key: string;
  kind: NotificationKind;
  channel: 'email' | 'sms';
  customerId: string;
  bookingId?: string;
  /** `agents` sends to the agents' alert address (attendance_unrecorded). */
  audience?: 'customer' | 'agents';
  contact: CustomerContact;
  /** The booking the message is about, for its text and its Change/Cancel links. */
  booking?: {
    id: string;
    version: number;
    sessionType: string;
    start: string;
    end: string;
    agentId: string;
  };
  /** For reminders: the policy's `before` as written, and the instant it fell due. */
  offset?: string;
  dueAt?: string;
  /** Kind-specific facts for the text: `{ fee, earliestFreeStart, until, late, previousStart }`. */
  facts?: Record<string, string | number | boolean | null | { amount: number; currency: string }>;
  /**
   * Send only while the booking is still live at this version (checked against the read model just before
   * sending); otherwise the row is `skipped`. Reminders and confirmations carry it.
   */
  guard?: { bookingId: string; version: number; notAfter?: string };
}

export interface NotificationResult {
  id: string;
  status: 'sent' | 'failed' | 'skipped';
  /** Set when an SMS could not be sent and an email went instead. */
  fallback?: 'email';
}

/** Kinds whose message carries the Change and Cancel links. */
const WITH_LINKS: NotificationKind[] = ['confirmation', 'reminder', 'reschedule_confirmation'];

interface Row {
  id: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  /** Set once an attempt began handing the message to its provider. */
  send_started_at: Date | null;
}

/** How far our clock and the provider's may disagree when we look for a message we may have sent. */
const CLOCK_SLACK_MS = 60_000;

export function createNotificationActivities({ pool, settings, logger }: ActivityDeps) {
  const providers = createProviders(settings, (line) => logger.info(line));
  const providerName = (channel: 'email' | 'sms') => (channel === 'sms' ? (settings.twilio ? 'twilio' : 'log') : settings.mailgun ? 'mailgun' : 'log');

  async function shortLink(target: string, expiresAt: string): Promise<string> {
    const code = randomBytes(6).toString('base64url');
    await pool.query('INSERT INTO short_links (code, target, expires_at) VALUES ($1,$2,$3)', [code, target, expiresAt]);
    return `${settings.publicBaseUrl}/s/${code}`;
  }

  /** The booking is still live at this version and its occasion has not passed. */
  async function guardHolds(guard: NotificationRequest['guard']): Promise<boolean> {
    if (!guard) return true;
    if (guard.notAfter && Date.now() >= Date.parse(guard.notAfter)) return false;
    const { rows } = await pool.query(`SELECT 1 FROM bookings WHERE id = $1 AND version = $2 AND status IN ('scheduled','in_progress')`, [guard.bookingId, guard.version]);
    return rows.length === 1;
  }

  /**
   * An earlier attempt began sending and never recorded the answer (the worker died, the connection dropped): ask the
   * provider whether it took the message. A provider that cannot tell gets the message again (at least once).
   */
  async function acceptedEarlier(channel: 'email' | 'sms', message: { sms: Sms; email: Email }, startedAt: Date): Promise<SendResult | null> {
    const since = new Date(startedAt.getTime() - CLOCK_SLACK_MS);
    try {
      return channel === 'sms' ? await providers.findSms(message.sms, since) : await providers.findEmail(message.email, since);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      activityLogger(logger).warn({ key: message.email.key, error: err.message }, 'provider cannot tell whether it took an earlier attempt; sending again');
      return null;
    }
  }

  async function sendNotification(req: NotificationRequest): Promise<NotificationResult> {
    const log = activityLogger(logger);
    const previous = (await pool.query<Row>('SELECT id, status, send_started_at FROM notifications WHERE key = $1', [req.key])).rows[0];
    if (previous && previous.status !== 'pending') return { id: String(previous.id), status: previous.status };

    if (req.channel === 'sms' && !req.contact.phone) return fallback(req);
    const to = req.audience === 'agents' ? settings.agentAlertEmail : req.channel === 'sms' ? req.contact.phone! : req.contact.email;
    const full = req.booking && WITH_LINKS.includes(req.kind) ? await bookingLinks(req.booking, settings.linkSecret, settings.publicBaseUrl) : undefined;
    // An SMS carries a short link to the same page, so it stays within two segments.
    const links = full && req.channel === 'sms' && req.booking ? { ...full, change: await shortLink(full.change, req.booking.start) } : full;
    const message = renderMessage(req.kind, {
      locale: req.audience === 'agents' ? 'en' : req.contact.locale,
      name: req.contact.name,
      timeZone: req.contact.timeZone,
      sessionType: req.booking?.sessionType,
      start: req.booking?.start,
      offset: req.offset,
      links,
      facts: req.facts,
    });
    const row =
      previous ??
      (
        await pool.query<Row>(
          `INSERT INTO notifications (key, booking_id, customer_id, channel, kind, "offset", locale, recipient, subject, body, html, due_at, provider)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
           ON CONFLICT (key) DO UPDATE SET updated_at = now() RETURNING id, status, send_started_at`,
          [
            req.key, req.bookingId ?? null, req.customerId, req.channel, req.kind, req.offset ?? null, req.contact.locale, to,
            req.channel === 'email' ? message.subject : null, req.channel === 'email' ? message.text : message.sms,
            req.channel === 'email' ? message.html : null, req.dueAt ?? null, providerName(req.channel),
          ],
        )
      ).rows[0];
    const id = String(row.id);
    const finish = (status: Row['status'], extra: { providerMessageId?: string | null; error?: string } = {}) => {
      log.info({ key: req.key, notificationId: id, kind: req.kind, channel: req.channel, status }, `notification ${status}`);
      recordNotification(req.kind, req.channel, status);
      if (status === 'sent' && req.kind === 'reminder' && req.dueAt) observeReminderLateness((Date.now() - Date.parse(req.dueAt)) / 1000);
      return pool.query(
        `UPDATE notifications SET status = $2, provider_message_id = $3, error = $4, attempts = attempts + 1,
           sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE id = $1`,
        [id, status, extra.providerMessageId ?? null, extra.error ?? null],
      );
    };

    // Anything for a cancelled or moved booking, or a reminder after the session started, is never sent.
    if (!(await guardHolds(req.guard))) {
      await finish('skipped', { error: 'occasion passed' });
      return { id, status: 'skipped' };
    }
    const outgoing = {
      sms: { to, body: message.sms, key: req.key },
      email: { to, subject: message.subject, text: message.text, html: message.html, key: req.key },
    };
    try {
      const earlier = row.send_started_at ? await acceptedEarlier(req.channel, outgoing, row.send_started_at) : null;
      if (earlier) log.info({ key: req.key, notificationId: id }, 'provider had taken an earlier attempt; not sending again');
      else await pool.query('UPDATE notifications SET send_started_at = COALESCE(send_started_at, now()) WHERE id = $1', [id]);
      const sent = earlier ?? (req.channel === 'sms' ? await providers.sendSms(outgoing.sms) : await providers.sendEmail(outgoing.email));
      await finish('sent', { providerMessageId: sent.providerMessageId });
      return { id, status: 'sent' };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.retryable) {
        log.warn({ key: req.key, notificationId: id, error: err.message, retryAfterMs: err.retryAfterMs }, 'provider asks for a retry');
        await pool.query('UPDATE notifications SET error = $2, attempts = attempts + 1, updated_at = now() WHERE id = $1', [id, err.message]);
        throw ApplicationFailure.create({ message: err.message, nonRetryable: false, nextRetryDelay: err.retryAfterMs });
      }
      await finish('failed', { error: err.message });
      if (req.channel === 'sms') return { ...(await fallback(req)), id, status: 'failed' };
      return { id, status: 'failed' };
    }
  }

  /** An SMS that cannot be sent goes as an email instead. */
  async function fallback(req: NotificationRequest): Promise<NotificationResult> {
    activityLogger(logger).info({ key: req.key }, 'sms falls back to email');
    const email = await sendNotification({ ...req, key: `${req.key}:fallback-email`, channel: 'email' });
    return { ...email, fallback: 'email' };
  }

  return { sendNotification };
}
