// STUB until the notifications issue lands: records each message in the log as sent by the `log` provider.
// The request/result shapes are the contract between the workflows and the notification channel.
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

export function createNotificationActivities({ pool }: ActivityDeps) {
  return {
    async sendNotification(req: NotificationRequest): Promise<NotificationResult> {
      const to = req.channel === 'sms' ? (req.contact.phone ?? '') : req.contact.email;
      const res = await pool.query<{ id: string; status: NotificationResult['status'] }>(
        `INSERT INTO notifications (key, booking_id, customer_id, channel, kind, "offset", locale, recipient, body, due_at, status, provider, sent_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'sent','log',now())
         ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING id, status`,
        [req.key, req.bookingId ?? null, req.customerId, req.channel, req.kind, req.offset ?? null, req.contact.locale, to, req.kind, req.dueAt ?? null],
      );
      return { id: String(res.rows[0].id), status: res.rows[0].status };
    },
  };
}
