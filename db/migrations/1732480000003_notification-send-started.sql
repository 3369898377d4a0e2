-- Up Migration
-- When the first attempt to hand a message to its provider began. A retry that finds it set does not know whether the
-- provider accepted the message, so it asks the provider before sending again.
ALTER TABLE notifications ADD COLUMN send_started_at timestamptz;

-- Down Migration
ALTER TABLE notifications DROP COLUMN send_started_at;
