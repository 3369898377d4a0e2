-- Up Migration
-- express-rate-limit's counters, shared by every API instance: one row per limiter and client, counting hits
-- in a window that starts at the client's first hit. Unlogged: a counter lost in a crash costs nothing.
CREATE UNLOGGED TABLE rate_limits (
  key       text PRIMARY KEY,
  hits      integer NOT NULL,
  reset_at  timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset_at ON rate_limits (reset_at);

-- Down Migration
DROP TABLE rate_limits;
