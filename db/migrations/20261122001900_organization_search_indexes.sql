-- migrate:up
-- Organization search in the console matches any part of the display name (ILIKE '%…%'); a trigram
-- index keeps that fast at 100,000+ organizations. pg_trgm is a trusted extension (PostgreSQL 13+), so
-- the database owner may create it. Not expressible in schema.prisma without a preview feature, so it
-- lives only here; the Prisma diff never sees (or drops) it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS organizations_display_name_trgm_idx ON organizations USING gin (display_name gin_trgm_ops);
-- Name-ordered pages are keyset-paginated on (display_name, id).
CREATE INDEX IF NOT EXISTS organizations_display_name_id_idx ON organizations (display_name, id);

-- migrate:down
DROP INDEX IF EXISTS organizations_display_name_id_idx;
DROP INDEX IF EXISTS organizations_display_name_trgm_idx;
