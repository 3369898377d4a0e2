-- Up Migration
-- Each projection write carries the workflow's revision; an older write changes nothing.
ALTER TABLE bookings ADD COLUMN revision integer NOT NULL DEFAULT 1;
-- A customer is never in two live sessions at once, whatever the concurrency.
ALTER TABLE bookings ADD CONSTRAINT bookings_customer_no_overlap
  EXCLUDE USING gist (customer_id WITH =, tstzrange(start_at, end_at) WITH &&) WHERE (status IN ('scheduled', 'in_progress'));

-- Down Migration
ALTER TABLE bookings DROP CONSTRAINT bookings_customer_no_overlap;
ALTER TABLE bookings DROP COLUMN revision;
