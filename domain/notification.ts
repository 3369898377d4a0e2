/** A message to a customer (or to the agents): what the workflows ask for and the notification log keeps. */
import type { Channel } from '../policy/types';
import type { BookingView } from './booking';

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
  | 'attendance_unrecorded'
  | 'inbox_acknowledgement'
  | 'inbox_reply'
  | 'inbox_not_included'
  | 'inbox_sla_warning'
  | 'inbox_sla_breach'
  | 'workshop_registration'
  | 'workshop_waitlisted'
  | 'workshop_promoted'
  | 'workshop_cancellation'
  | 'webhook_failed';

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** The booking a message is about, for its text and its Change/Cancel links. */
export type BookingSummary = Pick<BookingView, 'id' | 'version' | 'sessionType' | 'start' | 'end' | 'agentId'>;

export interface NotificationRequest {
  /** Unique per message: `<workflowId>:<kind>:<occasion>`; a retry with the same key never sends twice. */
  key: string;
  kind: NotificationKind;
  channel: Channel;
  customerId: string;
  bookingId?: string;
  /** `agents` sends to the agents' alert address (attendance_unrecorded), `managers` to the managers' (inbox_sla_breach, webhook_failed). */
  audience?: 'customer' | 'agents' | 'managers';
  /**
   * An inbox message: the conversation it is about (and the agent's reply it carries). Its recipient, subject, texts
   * and threading headers are read from PostgreSQL when it renders; `customerId` is '' for a sender who is no customer.
   */
  conversation?: { conversationId: string; messageId?: string };
  booking?: BookingSummary;
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
  /**
   * The booking's next revision, projected into its read model by the same activity. A reminder's: `booking` is the
   * view with the reminder at `reminderIndex` still pending; the activity writes it with the outcome filled in, after
   * the send. Without `reminderIndex` (an attendance's follow-up message): written as it is, before the send.
   */
  projection?: { booking: BookingView; reminderIndex?: number };
  /**
   * `step`: an SMS that cannot be sent is answered `failed` with `fallback: 'email'` and the workflow sends the email
   * as its own step (`workflows/messages.ts`). Absent (requests of workflows begun before): the activity sends it.
   */
  fallback?: 'step';
  /**
   * A reminder started ahead of its instant (REMINDER_LEAD): the activity holds it until then, checks the guard and
   * only then renders and sends; a cancel or a move during the hold leaves nothing behind.
   */
  sendAt?: string;
  /**
   * A workshop registration's message: rendered from the registration, its workshop and the customer
   * (`activities/workshop-messages.ts`); with `whileLive`, sent only while the registration holds a seat or a
   * waitlist place and the workshop has not started (otherwise `skipped`).
   */
  registration?: { id: string; whileLive?: boolean };
}

/**
 * Ids only: no name, address, phone or free text travels through Temporal. The render activity reads the customer's
 * name, email, phone, locale and time zone from PostgreSQL when it renders (so a changed address reaches the next
 * message); what a message says is stored once in the notification log.
 */
export type MessageRequest = NotificationRequest;

export interface NotificationResult {
  id: string;
  status: Exclude<NotificationStatus, 'pending'>;
  /** Set when an SMS could not be sent: an email goes (or, with `fallback: 'step'`, must go) instead. */
  fallback?: 'email';
}

/** Whether a message goes to the staff (agents' or managers' alert address) rather than to a customer. */
export const toStaff = (r: Pick<NotificationRequest, 'audience'>): boolean => r.audience === 'agents' || r.audience === 'managers';

/** The alert address of a staff message (AGENT_ALERT_EMAIL, MANAGER_ALERT_EMAIL); undefined for a customer's. */
export const staffAddress = (r: Pick<NotificationRequest, 'audience'>, s: { agentAlertEmail: string; managerAlertEmail: string }): string | undefined =>
  r.audience === 'agents' ? s.agentAlertEmail : r.audience === 'managers' ? s.managerAlertEmail : undefined;

/**
 * A send held for its instant (REMINDER_LEAD) records no heartbeat while it holds nor in its send's first
 * HELD_SEND_QUIET_MS: each heartbeat that reaches the server is a billed action. Its heartbeat timeout is the hold plus
 * HELD_SEND_HEARTBEAT_MS, so a worker lost meanwhile is replaced at most that long after the instant.
 */
export const HELD_SEND_QUIET_MS = 5_000;
export const HELD_SEND_HEARTBEAT_MS = 10_000;
