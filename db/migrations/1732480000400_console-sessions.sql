-- Up Migration
-- The console's sign-in sessions: the cookie names a row; signing out ends it at once, whatever the cookie says.
CREATE TABLE console_sessions (
  id          text PRIMARY KEY,
  role        text NOT NULL CHECK (role IN ('agent', 'manager')),
  actor       text NOT NULL,
  key_hash    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- Down Migration
DROP TABLE console_sessions;
