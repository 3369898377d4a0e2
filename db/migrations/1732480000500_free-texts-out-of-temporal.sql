-- Up Migration
-- Free texts about a booking (a cancel's reason, an attendance note), stored by the API and never sent to Temporal.
CREATE TABLE booking_notes (
  id          bigserial PRIMARY KEY,
  booking_id  text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('cancel_reason', 'attendance_note')),
  text        text NOT NULL,
  written_by  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_notes_booking ON booking_notes (booking_id, id);

-- The history of a customer's conduct decisions, restriction lifts and penalty waivers (with their notes); the
-- customer's workflow keeps only what is in force.
CREATE TABLE customer_decisions (
  id          bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  action      text NOT NULL,
  report_id   text,
  until       timestamptz,
  note        text,
  decided_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_decisions_customer ON customer_decisions (customer_id, id);

-- Down Migration
DROP TABLE customer_decisions, booking_notes;
