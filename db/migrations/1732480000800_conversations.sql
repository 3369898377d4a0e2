-- Up Migration
-- Read model of each conversation workflow (written by that workflow alone, in revision order).
CREATE TABLE conversations (
  id                text PRIMARY KEY,
  customer_id       text,
  subject           text NOT NULL,
  status            text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  assignee          text,
  sla_state         text NOT NULL CHECK (sla_state IN ('running', 'met', 'breached', 'none')),
  sla_due_at        timestamptz,
  sla_warned_at     timestamptz,
  sla_breached_at   timestamptz,
  -- The first agent reply (for support_sessions_inbox_first_reply_seconds).
  first_reply_at    timestamptz,
  revision          integer NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
-- Pages of the list, newest first, however large the table; the agents' queue by due time.
CREATE INDEX conversations_newest ON conversations (created_at DESC, id DESC);
CREATE INDEX conversations_customer ON conversations (customer_id, created_at DESC, id DESC);
CREATE INDEX conversations_status ON conversations (status, created_at DESC, id DESC);
CREATE INDEX conversations_queue ON conversations (sla_due_at) WHERE status <> 'closed';

-- Every message of a conversation: stored by the API before the workflow hears of it (free texts stay here).
CREATE TABLE conversation_messages (
  id                text PRIMARY KEY,
  conversation_id   text NOT NULL,
  direction         text NOT NULL CHECK (direction IN ('in', 'out')),
  author            text NOT NULL,
  from_address      text,
  subject           text NOT NULL DEFAULT '',
  text              text NOT NULL,
  -- The email's Message-Id (inbound), or the one our reply carries (outbound): threads are found by it.
  email_message_id  text UNIQUE,
  mailgun_token     text,
  auto_submitted    boolean NOT NULL DEFAULT false,
  at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_messages_thread ON conversation_messages (conversation_id, at, id);

-- One row per clock a conversation ran: its outcome, for the met rate by week.
CREATE TABLE conversation_clocks (
  conversation_id   text NOT NULL,
  n                 integer NOT NULL,
  started_at        timestamptz NOT NULL,
  due_at            timestamptz NOT NULL,
  outcome           text CHECK (outcome IN ('met', 'breached')),
  settled_at        timestamptz,
  PRIMARY KEY (conversation_id, n)
);
CREATE INDEX conversation_clocks_due ON conversation_clocks (due_at);

-- Mailgun webhook tokens already used (each once); swept after the timestamp window.
CREATE TABLE mailgun_tokens (
  token    text PRIMARY KEY,
  seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mailgun_tokens_seen ON mailgun_tokens (seen_at);

-- The sender of an inbound email finds its customer by address, whatever the case.
CREATE INDEX customers_email_lower ON customers (lower(email));

-- Headers an email carries (threading: In-Reply-To, References, Reply-To, Message-Id), rendered once with it.
ALTER TABLE notifications ADD COLUMN headers jsonb;
ALTER TABLE notifications ADD COLUMN conversation_id text;
-- An alert about a conversation, or an answer to a sender who is no customer, belongs to no customer.
ALTER TABLE notifications ALTER COLUMN customer_id DROP NOT NULL;
CREATE INDEX notifications_conversation ON notifications (conversation_id, id) WHERE conversation_id IS NOT NULL;

-- Down Migration
DROP INDEX notifications_conversation;
ALTER TABLE notifications ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE notifications DROP COLUMN conversation_id;
ALTER TABLE notifications DROP COLUMN headers;
DROP INDEX customers_email_lower;
DROP TABLE mailgun_tokens, conversation_clocks, conversation_messages, conversations;
