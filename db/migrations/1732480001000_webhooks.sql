-- Up Migration
-- Outbound webhooks (CONTRACT §6). The outbox: one row per change, written by the projection in the same transaction as
-- the read model, so an event exists exactly when its change does. `body` is the exact JSON every attempt sends.
CREATE TABLE webhook_events (
  seq            bigserial PRIMARY KEY,
  id             text NOT NULL UNIQUE,
  type           text NOT NULL,
  entity_key     text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  dispatched_at  timestamptz
);
CREATE INDEX webhook_events_undispatched ON webhook_events (seq) WHERE dispatched_at IS NULL;

CREATE TABLE webhook_subscriptions (
  id           text PRIMARY KEY,
  url          text NOT NULL,
  events       text[] NOT NULL,
  description  text,
  secret       text NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  disabled_at  timestamptz
);
CREATE INDEX webhook_subscriptions_page ON webhook_subscriptions (created_at, id);

-- One durable delivery per subscription and event; its id is the `webhook-id` of every attempt.
CREATE TABLE webhook_deliveries (
  id               text PRIMARY KEY,
  subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_seq        bigint NOT NULL REFERENCES webhook_events (seq),
  event_type       text NOT NULL,
  entity_key       text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  next_attempt_at  timestamptz DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  started_at       timestamptz,
  UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_deliveries_page ON webhook_deliveries (subscription_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_unstarted ON webhook_deliveries (event_seq) WHERE started_at IS NULL;
CREATE INDEX webhook_deliveries_first_attempt ON webhook_deliveries (subscription_id, entity_key, event_seq) WHERE status = 'pending' AND attempts = 0;

-- The standing's revision: bumped by every projection that changes what the API shows.
ALTER TABLE customer_standings ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE customer_standings DROP COLUMN revision;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
DROP TABLE webhook_events;
