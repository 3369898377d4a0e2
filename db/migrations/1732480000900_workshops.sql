-- Up Migration
-- Read model of each workshop workflow (`workshop:<id>`), the only writer of these rows and of its registrations'.
CREATE TABLE workshops (
  id          text PRIMARY KEY,
  title       text NOT NULL,
  agent_id    text NOT NULL,
  start_at    timestamptz NOT NULL,
  end_at      timestamptz NOT NULL,
  capacity    integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  locale      text CHECK (locale IN ('es', 'en')),
  status      text NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
  registered  integer NOT NULL DEFAULT 0,
  waitlisted  integer NOT NULL DEFAULT 0,
  -- The policy in force when the workshop was created: its registrations' reminders and notice.
  policy      jsonb NOT NULL,
  revision    integer NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CHECK (end_at > start_at),
  -- The second fence (the workflow is the first): the counts the workflow projects never exceed the capacity.
  CHECK (registered BETWEEN 0 AND capacity)
);
-- GET /v1/workshops pages by time.
CREATE INDEX workshops_start ON workshops (start_at, id);

CREATE TABLE workshop_registrations (
  id                  text PRIMARY KEY,
  workshop_id         text NOT NULL REFERENCES workshops (id),
  customer_id         text NOT NULL REFERENCES customers (id),
  status              text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled', 'attended', 'no_show')),
  -- A seat number 1..capacity while the registration holds a seat; null on the waitlist or once cancelled.
  seat                integer,
  capacity            integer NOT NULL,
  position            integer,
  -- The roster's order: 0 for seat holders (by seat), 1 for the waitlist (by position), 2 for cancelled ones.
  roster_rank         integer NOT NULL,
  roster_ord          integer NOT NULL,
  time_zone           text NOT NULL,
  locale              text NOT NULL,
  reminders           jsonb NOT NULL DEFAULT '[]',
  -- Written by the workshop workflow (status, seat, position) and, for the reminders, by the seat's own workflow.
  revision            integer NOT NULL,
  reminders_revision  integer NOT NULL DEFAULT 0,
  idempotency_key     text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK (seat IS NULL OR seat BETWEEN 1 AND capacity),
  CHECK ((seat IS NOT NULL) = (status IN ('registered', 'attended', 'no_show')))
);
-- Never two registrations on one seat: with the CHECK above, never more seats taken than the capacity.
CREATE UNIQUE INDEX workshop_registrations_seat ON workshop_registrations (workshop_id, seat) WHERE seat IS NOT NULL;
-- One live registration per customer and workshop.
CREATE UNIQUE INDEX workshop_registrations_customer ON workshop_registrations (workshop_id, customer_id) WHERE status IN ('registered', 'waitlisted');
CREATE INDEX workshop_registrations_roster ON workshop_registrations (workshop_id, roster_rank, roster_ord, id);
CREATE INDEX workshop_registrations_by_customer ON workshop_registrations (customer_id);

-- Down Migration
DROP TABLE workshop_registrations, workshops;
