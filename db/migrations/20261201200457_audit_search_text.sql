-- migrate:up
-- Free-text search over the audit log (lib/audit/query.ts) matches one generated column instead of seven:
-- action, actor label and id, target type and id, request id and IP, lowercased, one per line (a search
-- term never holds a line break, so it cannot match across two of them). One trigram index replaces the
-- seven per-column ones: a search reads one index and rechecks one LIKE per row, and an audit insert
-- maintains one GIN index instead of seven.
ALTER TABLE "audit_events" ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (lower(
  coalesce("action", '') || E'\n' || coalesce("actor_label", '') || E'\n' || coalesce("actor_id", '') || E'\n' ||
  coalesce("target_type", '') || E'\n' || coalesce("target_id", '') || E'\n' || coalesce("request_id", '') || E'\n' || coalesce("ip", '')
)) STORED;
CREATE INDEX "audit_events_search_text_trgm_idx" ON "audit_events" USING gin ("search_text" gin_trgm_ops);
DROP INDEX IF EXISTS "audit_events_action_trgm_idx";
DROP INDEX IF EXISTS "audit_events_actor_label_trgm_idx";
DROP INDEX IF EXISTS "audit_events_actor_id_trgm_idx";
DROP INDEX IF EXISTS "audit_events_target_id_trgm_idx";
DROP INDEX IF EXISTS "audit_events_target_type_trgm_idx";
DROP INDEX IF EXISTS "audit_events_request_id_trgm_idx";
DROP INDEX IF EXISTS "audit_events_ip_trgm_idx";

-- migrate:down
CREATE INDEX IF NOT EXISTS audit_events_action_trgm_idx ON audit_events USING gin (action gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_actor_label_trgm_idx ON audit_events USING gin (actor_label gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_actor_id_trgm_idx ON audit_events USING gin (actor_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_target_id_trgm_idx ON audit_events USING gin (target_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_target_type_trgm_idx ON audit_events USING gin (target_type gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_request_id_trgm_idx ON audit_events USING gin (request_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_ip_trgm_idx ON audit_events USING gin (ip gin_trgm_ops);
DROP INDEX IF EXISTS "audit_events_search_text_trgm_idx";
ALTER TABLE "audit_events" DROP COLUMN IF EXISTS "search_text";
