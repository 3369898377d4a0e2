-- Up Migration
-- Pages of lists (CONTRACT §5) are read by (sort key, id) after a cursor: each list has an index in that order.
CREATE INDEX bookings_customer_page ON bookings (customer_id, start_at, id);
CREATE INDEX slots_page ON slots (start_at, id);
CREATE INDEX slots_type_page ON slots (session_type, start_at, id);

-- Down Migration
DROP INDEX IF EXISTS slots_type_page;
DROP INDEX IF EXISTS slots_page;
DROP INDEX IF EXISTS bookings_customer_page;
