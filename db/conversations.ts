// The inbox's tables: `conversations` (the read model of each conversation workflow, written by it alone, in
// revision order), `conversation_messages` (what customers and agents wrote, stored by the API), `conversation_clocks`
// (each answer promised and its outcome) and `mailgun_tokens` (inbound webhook tokens, each used once).
import type { Conversation, ConversationMessage, ConversationStatus, ConversationView, SlaState } from '../domain/conversation';
import type { WebhookEventType } from '../webhooks/events';
import { AT_US, type PagedRow, SORT_US } from './paging';
import type { Queryable } from './pool';
import { emitWebhookEvent } from './webhook-outbox';

export interface ConversationRow {
  id: string;
  customer_id: string | null;
  subject: string;
  status: ConversationStatus;
  assignee: string | null;
  sla_state: SlaState;
  sla_due_at: Date | null;
  sla_warned_at: Date | null;
  sla_breached_at: Date | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  author: string;
  from_address: string | null;
  subject: string;
  text: string;
  email_message_id: string | null;
  mailgun_token: string | null;
  auto_submitted: boolean;
  at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A conversation as CONTRACT §5 shows it, without its messages. */
export const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  customerId: r.customer_id,
  subject: r.subject,
  status: r.status,
  assignee: r.assignee,
  sla: { state: r.sla_state, dueAt: iso(r.sla_due_at), warnedAt: iso(r.sla_warned_at), breachedAt: iso(r.sla_breached_at) },
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const toMessage = (m: MessageRow): ConversationMessage => ({ id: m.id, direction: m.direction, author: m.author, text: m.text, at: m.at.toISOString() });

export interface ClockWrite {
  n: number;
  startedAt?: string;
  dueAt?: string;
  outcome?: 'met' | 'breached';
  settledAt?: string;
}

/**
 * Projects the workflow's state (the subject comes from the conversation's first message); a write older than the
 * stored revision changes nothing. The clock row and the webhook event ride in the same transaction: the event
 * exists exactly when the change does. Returns the row written, or undefined for a stale (or repeated) write.
 */
export async function projectConversation(
  db: Queryable,
  p: { view: ConversationView; firstMessageId: string | null; clock?: ClockWrite; event?: WebhookEventType; firstReplyAt?: string },
): Promise<ConversationRow | undefined> {
  const v = p.view;
  const { rows } = await db.query<ConversationRow>(
    `INSERT INTO conversations (id, customer_id, subject, status, assignee, sla_state, sla_due_at, sla_warned_at, sla_breached_at, revision, created_at, updated_at, first_reply_at)
     VALUES ($1, $2, COALESCE((SELECT subject FROM conversation_messages WHERE id = $3), ''), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET status = $4, assignee = $5, sla_state = $6, sla_due_at = $7, sla_warned_at = $8, sla_breached_at = $9,
       revision = $10, updated_at = $12, first_reply_at = COALESCE(conversations.first_reply_at, $13)
     WHERE conversations.revision < $10 RETURNING *`,
    [v.id, v.customerId, p.firstMessageId, v.status, v.assignee, v.sla.state, v.sla.dueAt, v.sla.warnedAt, v.sla.breachedAt, v.revision, v.createdAt, v.updatedAt, p.firstReplyAt ?? null],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (p.clock) {
    const c = p.clock;
    await db.query(
      `INSERT INTO conversation_clocks (conversation_id, n, started_at, due_at, outcome, settled_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id, n) DO UPDATE SET outcome = COALESCE($5, conversation_clocks.outcome), settled_at = COALESCE($6, conversation_clocks.settled_at)`,
      [v.id, c.n, c.startedAt ?? v.updatedAt, c.dueAt ?? v.sla.dueAt ?? v.updatedAt, c.outcome ?? null, c.settledAt ?? null],
    );
  }
  if (p.event) await emitWebhookEvent(db, { type: p.event, eventId: `conversation:${v.id}:r${v.revision}`, data: { ...toConversation(row) } });
  return row;
}

export async function findConversationRow(db: Queryable, id: string): Promise<ConversationRow | undefined> {
  return (await db.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id])).rows[0];
}

export interface ConversationFilter {
  status?: ConversationStatus;
  slaState?: SlaState;
  assignee?: string;
  customerId?: string;
  /** The sort key of the previous page's last row ([µs since 1970, id]): rows strictly older come next. */
  after?: readonly [string, string];
  limit: number;
}

/** A page of conversations, newest first, served by the `conversations_newest` index (or a filter's own). */
export async function listConversationRows(db: Queryable, f: ConversationFilter): Promise<PagedRow<ConversationRow>[]> {
  const { rows } = await db.query<PagedRow<ConversationRow>>(
    `SELECT *, ${SORT_US('created_at')} AS sort_us FROM conversations
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR sla_state = $2) AND ($3::text IS NULL OR assignee = $3)
       AND ($4::text IS NULL OR customer_id = $4) AND ($5::text IS NULL OR (created_at, id) < (${AT_US('$5')}, $6::text))
     ORDER BY created_at DESC, id DESC LIMIT $7`,
    [f.status ?? null, f.slaState ?? null, f.assignee ?? null, f.customerId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
  );
  return rows;
}

/** The agents' queue: conversations not closed, the soonest due first (those without a clock after). */
export async function listOpenConversationRows(db: Queryable, limit = 200): Promise<ConversationRow[]> {
  const { rows } = await db.query<ConversationRow>(`SELECT * FROM conversations WHERE status <> 'closed' ORDER BY sla_due_at ASC NULLS LAST, created_at DESC LIMIT $1`, [limit]);
  return rows;
}

export async function listMessageRows(db: Queryable, conversationId: string): Promise<MessageRow[]> {
  return (await db.query<MessageRow>('SELECT * FROM conversation_messages WHERE conversation_id = $1 ORDER BY at, id', [conversationId])).rows;
}

export type NewMessage = Pick<MessageRow, 'id' | 'conversation_id' | 'direction' | 'author' | 'from_address' | 'subject' | 'text' | 'email_message_id'> &
  Partial<Pick<MessageRow, 'mailgun_token' | 'auto_submitted'>>;

/** Stores a message once: the same email Message-Id again finds the message stored first. */
export async function insertMessage(db: Queryable, m: NewMessage): Promise<{ row: MessageRow; created: boolean }> {
  const { rows } = await db.query<MessageRow>(
    `INSERT INTO conversation_messages (id, conversation_id, direction, author, from_address, subject, text, email_message_id, mailgun_token, auto_submitted)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING RETURNING *`,
    [m.id, m.conversation_id, m.direction, m.author, m.from_address, m.subject, m.text, m.email_message_id, m.mailgun_token ?? null, m.auto_submitted ?? false],
  );
  if (rows[0]) return { row: rows[0], created: true };
  const existing = m.email_message_id ? await findMessageByEmailId(db, m.email_message_id) : await findMessageRow(db, m.id);
  return { row: existing!, created: false };
}

export async function findMessageRow(db: Queryable, id: string): Promise<MessageRow | undefined> {
  return (await db.query<MessageRow>('SELECT * FROM conversation_messages WHERE id = $1', [id])).rows[0];
}

export async function findMessageByEmailId(db: Queryable, emailMessageId: string): Promise<MessageRow | undefined> {
  return (await db.query<MessageRow>('SELECT * FROM conversation_messages WHERE email_message_id = $1', [emailMessageId])).rows[0];
}

/** A message the workflow refused (it never joined the thread). */
export async function deleteMessage(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM conversation_messages WHERE id = $1', [id]);
}

/** The conversation one of these email Message-Ids belongs to (the latest one named first), with its customer. */
export async function findThread(db: Queryable, emailMessageIds: string[]): Promise<{ conversationId: string; customerId: string | null } | undefined> {
  if (emailMessageIds.length === 0) return undefined;
  const { rows } = await db.query<{ conversation_id: string; customer_id: string | null }>(
    `SELECT m.conversation_id, c.customer_id FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.email_message_id = ANY($1) ORDER BY array_position($1, m.email_message_id) LIMIT 1`,
    [emailMessageIds],
  );
  return rows[0] ? { conversationId: rows[0].conversation_id, customerId: rows[0].customer_id } : undefined;
}

/** Uses a Mailgun webhook token; false when it was used before. Tokens older than `keepMs` are swept as it goes. */
export async function useMailgunToken(db: Queryable, token: string, keepMs: number): Promise<boolean> {
  await db.query(`DELETE FROM mailgun_tokens WHERE seen_at < now() - make_interval(secs => $1)`, [keepMs / 1000]);
  const { rowCount } = await db.query('INSERT INTO mailgun_tokens (token) VALUES ($1) ON CONFLICT DO NOTHING', [token]);
  return rowCount === 1;
}

/** The customer whose email is `address`, whatever the case (the most recently updated one if several share it). */
export async function findCustomerIdByEmail(db: Queryable, address: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM customers WHERE lower(email) = lower($1) ORDER BY updated_at DESC LIMIT 1', [address]);
  return rows[0]?.id;
}

/** Clocks settled per ISO week (in `zone`): how many were met, how many breached. */
export async function metRateByWeek(db: Queryable, zone: string, weeks = 12): Promise<{ week: string; met: number; breached: number }[]> {
  const { rows } = await db.query<{ week: Date; met: string; breached: string }>(
    `SELECT date_trunc('week', due_at AT TIME ZONE $1) AS week, count(*) FILTER (WHERE outcome = 'met') AS met, count(*) FILTER (WHERE outcome = 'breached') AS breached
     FROM conversation_clocks WHERE outcome IS NOT NULL AND due_at > now() - make_interval(weeks => $2) GROUP BY 1 ORDER BY 1 DESC`,
    [zone, weeks],
  );
  return rows.map((r) => ({ week: r.week.toISOString().slice(0, 10), met: Number(r.met), breached: Number(r.breached) }));
}

/** The inbox's metrics as PostgreSQL holds them: clocks settled by outcome, first replies counted into `buckets` (s). */
export async function inboxTotals(db: Queryable, buckets: number[]) {
  const { rows } = await db.query<{ met: string; breached: string; counts: string[]; sum: number | null; count: string }>(
    `WITH fr AS (SELECT extract(epoch FROM first_reply_at - created_at)::float8 AS s FROM conversations WHERE first_reply_at IS NOT NULL)
     SELECT (SELECT count(*) FROM conversation_clocks WHERE outcome = 'met') AS met,
            (SELECT count(*) FROM conversation_clocks WHERE outcome = 'breached') AS breached,
            ARRAY(SELECT (SELECT count(*) FROM fr WHERE s <= b) FROM unnest($1::float8[]) WITH ORDINALITY AS u(b, i) ORDER BY i) AS counts,
            (SELECT sum(s) FROM fr) AS sum, (SELECT count(*) FROM fr) AS count`,
    [buckets],
  );
  const r = rows[0];
  return { met: Number(r.met), breached: Number(r.breached), firstReply: { le: buckets, counts: r.counts.map(Number), sum: Number(r.sum ?? 0), count: Number(r.count) } };
}
