// The `notifications` table: the notification log. A row per message, written with everything the message says
// before its first send and completed after it, under a unique key: every retry sends what the row holds.
import type { Channel } from '../policy/types';
import type { NotificationKind, NotificationStatus } from '../domain/notification';
import type { Queryable } from './pool';

export interface NotificationRow {
  id: string;
  key: string;
  booking_id: string | null;
  customer_id: string;
  channel: Channel;
  kind: NotificationKind;
  offset: string | null;
  locale: string;
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  /** The calendar invite (iCalendar text) an email carries, if any. */
  ics: string | null;
  due_at: Date | null;
  status: NotificationStatus;
  provider: string;
  provider_message_id: string | null;
  sent_at: Date | null;
  error: string | null;
  /** The headers an email carries (an inbox message's threading headers), rendered with it. */
  headers?: Record<string, string> | null;
  /** Set once an attempt began handing the message to its provider. */
  send_started_at: Date | null;
  /** Attempts so far (each one the provider answered, retryable or not). */
  attempts: number;
}

export type NewNotification = Pick<NotificationRow, 'key' | 'booking_id' | 'customer_id' | 'channel' | 'kind' | 'offset' | 'locale' | 'recipient' | 'subject' | 'body' | 'html' | 'provider'> & {
  ics?: string | null;
} & {
  due_at: string | null;
};

export async function findNotification(db: Queryable, key: string): Promise<NotificationRow | undefined> {
  return (await db.query<NotificationRow>('SELECT * FROM notifications WHERE key = $1', [key])).rows[0];
}

/** Stores a rendered message; when an earlier attempt stored it first, that one is kept and returned. */
export async function insertNotification(db: Queryable, n: NewNotification): Promise<NotificationRow> {
  const { rows } = await db.query<NotificationRow>(
    `INSERT INTO notifications (key, booking_id, customer_id, channel, kind, "offset", locale, recipient, subject, body, html, due_at, provider, ics)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (key) DO NOTHING RETURNING *`,
    [n.key, n.booking_id, n.customer_id, n.channel, n.kind, n.offset, n.locale, n.recipient, n.subject, n.body, n.html, n.due_at, n.provider, n.ics ?? null],
  );
  return rows[0] ?? (await findNotification(db, n.key))!;
}

export async function markSendStarted(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE notifications SET send_started_at = COALESCE(send_started_at, now()) WHERE id = $1', [id]);
}

export async function finishNotification(db: Queryable, id: string, status: NotificationStatus, extra: { providerMessageId?: string | null; error?: string } = {}): Promise<void> {
  await db.query(
    `UPDATE notifications SET status = $2, provider_message_id = $3, error = $4, attempts = attempts + 1,
       sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE id = $1`,
    [id, status, extra.providerMessageId ?? null, extra.error ?? null],
  );
}

/** An attempt the provider asked us to retry. */
export async function noteRetry(db: Queryable, id: string, error: string): Promise<void> {
  await db.query('UPDATE notifications SET error = $2, attempts = attempts + 1, updated_at = now() WHERE id = $1', [id, error]);
}

/**
 * A message whose deadline passed before any attempt got through: `failed`, with the last provider error kept.
 * Only a row still `pending` changes; the row as it is now, if any.
 */
export async function expireNotification(db: Queryable, key: string, reason: string): Promise<{ row: NotificationRow | undefined; expired: boolean }> {
  const { rows } = await db.query<NotificationRow>(
    `UPDATE notifications SET status = 'failed', error = COALESCE(error || ' (then: ' || $2 || ')', $2), updated_at = now()
     WHERE key = $1 AND status = 'pending' RETURNING *`,
    [key, reason],
  );
  return rows[0] ? { row: rows[0], expired: true } : { row: await findNotification(db, key), expired: false };
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/** The notification log as CONTRACT §5 shows it, oldest first: `limit` rows after the id `after` (index on (…, id)). */
export async function listNotifications(db: Queryable, q: { bookingId?: string; customerId?: string; after?: string; limit?: number }) {
  const { rows } = await db.query<NotificationRow>(
    `SELECT * FROM notifications WHERE ($1::text IS NULL OR booking_id = $1) AND ($2::text IS NULL OR customer_id = $2)
       AND ($3::bigint IS NULL OR id > $3) ORDER BY id LIMIT $4`,
    [q.bookingId ?? null, q.customerId ?? null, q.after ?? null, q.limit ?? 1000],
  );
  return rows.map((n) => ({
    id: String(n.id),
    bookingId: n.booking_id,
    customerId: n.customer_id,
    channel: n.channel,
    kind: n.kind,
    offset: n.offset ?? undefined,
    locale: n.locale,
    to: n.recipient,
    subject: n.subject ?? undefined,
    body: n.body,
    dueAt: iso(n.due_at),
    status: n.status,
    provider: n.provider,
    providerMessageId: n.provider_message_id ?? undefined,
    sentAt: iso(n.sent_at),
    error: n.error ?? undefined,
  }));
}
