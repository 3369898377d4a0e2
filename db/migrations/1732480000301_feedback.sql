-- Up Migration
-- The customer's answer to "how was your session?": one row per attended booking, replaceable while its link is valid.
CREATE TABLE feedback (
  booking_id    text PRIMARY KEY REFERENCES bookings (id),
  customer_id   text NOT NULL,
  agent_id      text NOT NULL,
  session_type  text NOT NULL,
  rating        smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  answered_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_answered_at ON feedback (answered_at);
CREATE INDEX feedback_agent ON feedback (agent_id, answered_at);

-- Down Migration
DROP TABLE feedback;
