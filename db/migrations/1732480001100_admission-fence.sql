-- Up Migration
-- A new booking that takes nothing is admitted on the stored standing (no query to the customer's workflow). What
-- would change that standing but has not reached it yet is fenced here, by whoever starts it, before anyone is told:
-- a strike handed off by a booking (written with the booking's projection), a conduct decision (written by the API
-- before its Update). The customer's workflow deletes a fence in the same transaction as the standing that includes it.
CREATE TABLE customer_pending_changes (
  event_id     text PRIMARY KEY,
  customer_id  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_pending_changes_customer ON customer_pending_changes (customer_id);

-- The policy the customer's workflow holds (policyFingerprint): a booking under another one goes to the Update.
ALTER TABLE customer_standings ADD COLUMN policy_fingerprint text;

-- Down Migration
ALTER TABLE customer_standings DROP COLUMN policy_fingerprint;
DROP TABLE customer_pending_changes;
