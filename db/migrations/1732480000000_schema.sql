-- Up Migration
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE customers (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  phone       text,
  locale      text NOT NULL CHECK (locale IN ('es', 'en')),
  time_zone   text NOT NULL,
  plan        text NOT NULL,
  seats       integer NOT NULL CHECK (seats >= 1),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE slots (
  id            text PRIMARY KEY,
  agent_id      text NOT NULL,
  session_type  text NOT NULL CHECK (session_type IN ('implementation', 'quick_assist')),
  start_at      timestamptz NOT NULL,
  end_at        timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  -- One agent is never in two sessions at once: overlapping slots are refused by PostgreSQL itself.
  CONSTRAINT slots_no_overlap EXCLUDE USING gist (agent_id WITH =, tstzrange(start_at, end_at) WITH &&)
);
CREATE INDEX slots_start ON slots (session_type, start_at);

-- Read model of each booking workflow; the workflow is the source of truth for status and reminders.
CREATE TABLE bookings (
  id               text PRIMARY KEY,
  customer_id      text NOT NULL REFERENCES customers (id),
  slot_id          text NOT NULL REFERENCES slots (id),
  agent_id         text NOT NULL,
  session_type     text NOT NULL,
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  status           text NOT NULL,
  time_zone        text NOT NULL,
  locale           text NOT NULL,
  policy_version   text NOT NULL,
  fee              jsonb,
  reminders        jsonb NOT NULL DEFAULT '[]',
  -- Bumped by every reschedule; customer links are bound to it.
  version          integer NOT NULL DEFAULT 1,
  idempotency_key  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- A slot is exclusive: at most one live booking holds it, whatever the concurrency.
CREATE UNIQUE INDEX bookings_live_slot ON bookings (slot_id) WHERE status IN ('scheduled', 'in_progress');
CREATE UNIQUE INDEX bookings_idempotency ON bookings (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX bookings_customer ON bookings (customer_id, start_at);

-- The notification log: a row per message, written before the send and completed after it.
CREATE TABLE notifications (
  id                   bigserial PRIMARY KEY,
  key                  text NOT NULL UNIQUE,
  booking_id           text,
  customer_id          text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('email', 'sms')),
  kind                 text NOT NULL,
  "offset"             text,
  locale               text NOT NULL,
  recipient            text NOT NULL,
  subject              text,
  body                 text NOT NULL,
  html                 text,
  due_at               timestamptz,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  provider             text NOT NULL,
  provider_message_id  text,
  sent_at              timestamptz,
  error                text,
  attempts             integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_booking ON notifications (booking_id, id);
CREATE INDEX notifications_customer ON notifications (customer_id, id);

-- Read model of each customer workflow's standing.
CREATE TABLE customer_standings (
  customer_id   text PRIMARY KEY,
  level         text NOT NULL,
  strike_count  integer NOT NULL,
  standing      jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Hand-off to billing: a fee accepted for a session under penalty.
CREATE TABLE charges (
  id           bigserial PRIMARY KEY,
  customer_id  text NOT NULL,
  booking_id   text NOT NULL UNIQUE,
  amount       integer NOT NULL,
  currency     text NOT NULL,
  status       text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'void')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conduct_reports (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL,
  booking_id   text,
  description  text NOT NULL,
  reported_by  text NOT NULL,
  status       text NOT NULL DEFAULT 'open',
  decision     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz
);
CREATE INDEX conduct_reports_customer ON conduct_reports (customer_id);

-- Hand-off to billing: the subscription ends.
CREATE TABLE subscription_terminations (
  id           bigserial PRIMARY KEY,
  customer_id  text NOT NULL UNIQUE,
  decided_by   text NOT NULL,
  note         text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE subscription_terminations, conduct_reports, charges, customer_standings, notifications, bookings, slots, customers;
