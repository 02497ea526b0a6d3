-- migrate:up
-- The audit log's free-text search is a case-insensitive substring match over action, actor, target,
-- request id and IP (lib/audit/query.ts). Trigram indexes on each of those columns let PostgreSQL answer
-- a rare term from the indexes (BitmapOr) instead of scanning a million events; common terms still walk
-- the newest-first seq index. GIN's pending list keeps the cost per audit insert small.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS audit_events_action_trgm_idx ON audit_events USING gin (action gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_actor_label_trgm_idx ON audit_events USING gin (actor_label gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_actor_id_trgm_idx ON audit_events USING gin (actor_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_target_id_trgm_idx ON audit_events USING gin (target_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_target_type_trgm_idx ON audit_events USING gin (target_type gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_request_id_trgm_idx ON audit_events USING gin (request_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_ip_trgm_idx ON audit_events USING gin (ip gin_trgm_ops);

-- migrate:down
DROP INDEX IF EXISTS audit_events_ip_trgm_idx;
DROP INDEX IF EXISTS audit_events_request_id_trgm_idx;
DROP INDEX IF EXISTS audit_events_target_type_trgm_idx;
DROP INDEX IF EXISTS audit_events_target_id_trgm_idx;
DROP INDEX IF EXISTS audit_events_actor_id_trgm_idx;
DROP INDEX IF EXISTS audit_events_actor_label_trgm_idx;
DROP INDEX IF EXISTS audit_events_action_trgm_idx;
