-- Up Migration
-- The policy in force when the booking was made (its terms never change afterwards).
ALTER TABLE bookings ADD COLUMN policy jsonb;

-- Down Migration
ALTER TABLE bookings DROP COLUMN policy;
