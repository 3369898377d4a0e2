-- Up Migration
-- Erasure (CONTRACT §4 "Personal data"): a customer erased keeps their id, strikes, statuses and counts; their
-- name, address, phone and every free text about them go. `erased_at` marks them; the triggers below keep it so for
-- rows written after the erasure too (a message rendered by a send already under way, a late feedback answer or
-- conduct report): such a message is stored without recipient or text and never sent.
ALTER TABLE customers ADD COLUMN erased_at timestamptz;

CREATE FUNCTION support_sessions_scrub_erased() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  erased timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- FOR SHARE waits for an erasure under way to commit, then reads it: a row written meanwhile is not missed by
    -- both the erasure's UPDATE (which cannot see it yet) and this check. An UPDATE needs no lock: the erasure's own
    -- UPDATE waits for its row, and a later one reads the committed erasure.
    SELECT erased_at INTO erased FROM customers WHERE id = NEW.customer_id FOR SHARE;
  ELSE
    SELECT erased_at INTO erased FROM customers WHERE id = NEW.customer_id;
  END IF;
  IF erased IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'notifications' THEN
    NEW.recipient := '';
    NEW.subject := NULL;
    NEW.body := '';
    NEW.html := NULL;
    NEW.ics := NULL;
    IF TG_OP = 'INSERT' AND NEW.status = 'pending' THEN
      NEW.status := 'skipped';
      NEW.error := 'customer erased';
    ELSIF TG_OP = 'UPDATE' AND OLD.error = 'customer erased' THEN
      NEW.status := OLD.status;
      NEW.error := OLD.error;
    END IF;
  ELSIF TG_TABLE_NAME = 'feedback' THEN
    NEW.comment := NULL;
  ELSIF TG_TABLE_NAME = 'conduct_reports' THEN
    NEW.description := '';
    NEW.decision := CASE WHEN NEW.decision IS NULL THEN NULL ELSE NEW.decision - 'note' END;
  ELSIF TG_TABLE_NAME = 'subscription_terminations' THEN
    NEW.note := NULL;
  ELSIF TG_TABLE_NAME = 'customer_standings' AND jsonb_typeof(NEW.standing -> 'restriction') = 'object' THEN
    NEW.standing := jsonb_set(NEW.standing, '{restriction,reason}', '"erased"');
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER notifications_scrub_erased BEFORE INSERT OR UPDATE ON notifications
  FOR EACH ROW EXECUTE FUNCTION support_sessions_scrub_erased();
CREATE TRIGGER feedback_scrub_erased BEFORE INSERT OR UPDATE ON feedback
  FOR EACH ROW EXECUTE FUNCTION support_sessions_scrub_erased();
CREATE TRIGGER conduct_reports_scrub_erased BEFORE INSERT OR UPDATE ON conduct_reports
  FOR EACH ROW EXECUTE FUNCTION support_sessions_scrub_erased();
CREATE TRIGGER subscription_terminations_scrub_erased BEFORE INSERT OR UPDATE ON subscription_terminations
  FOR EACH ROW EXECUTE FUNCTION support_sessions_scrub_erased();
CREATE TRIGGER customer_standings_scrub_erased BEFORE INSERT OR UPDATE ON customer_standings
  FOR EACH ROW EXECUTE FUNCTION support_sessions_scrub_erased();

-- Down Migration
DROP TRIGGER customer_standings_scrub_erased ON customer_standings;
DROP TRIGGER subscription_terminations_scrub_erased ON subscription_terminations;
DROP TRIGGER conduct_reports_scrub_erased ON conduct_reports;
DROP TRIGGER feedback_scrub_erased ON feedback;
DROP TRIGGER notifications_scrub_erased ON notifications;
DROP FUNCTION support_sessions_scrub_erased();
ALTER TABLE customers DROP COLUMN erased_at;
