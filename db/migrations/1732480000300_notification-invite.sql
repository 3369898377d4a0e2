-- Up Migration
-- The calendar invite (invite.ics) a message carries, rendered with the message on its first attempt: every retry
-- sends these bytes.
ALTER TABLE notifications ADD COLUMN ics text;

-- Down Migration
ALTER TABLE notifications DROP COLUMN ics;
