-- Up Migration
-- Short codes for links in SMS (two segments at most); each points at a full signed link.
CREATE TABLE short_links (
  code        text PRIMARY KEY,
  target      text NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE short_links;
