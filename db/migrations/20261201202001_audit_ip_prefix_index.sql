-- migrate:up
-- Searching the audit log for an IP address (lib/audit/query.ts) matches the start of the ip column
-- through this index: an IP's trigrams ("10.", ".0.", …) are in nearly every event, which makes the
-- trigram index slow for exactly these terms. text_pattern_ops makes LIKE 'prefix%' an index range
-- whatever the database's collation.
CREATE INDEX IF NOT EXISTS "audit_events_ip_prefix_idx" ON "audit_events" ("ip" text_pattern_ops);

-- migrate:down
DROP INDEX IF EXISTS "audit_events_ip_prefix_idx";
