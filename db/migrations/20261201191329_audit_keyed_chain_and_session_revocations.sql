-- migrate:up
-- Console sign-out ends the session server-side (operator_session_revocations); the audit chain becomes
-- keyed (HMAC) from the next event on, with a signed chain head (audit_chain_head) so deleting the newest
-- events or rewriting the chain without the key shows up in verification; the actor filter matches
-- actor labels by prefix (case-insensitive) through an index.
-- CreateTable
CREATE TABLE "operator_session_revocations" (
    "session_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "revoke_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expire_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "operator_session_revocations_pkey" PRIMARY KEY ("session_id")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "keyed_since_seq" BIGINT NOT NULL,
    "last_seq" BIGINT,
    "last_id" TEXT,
    "last_hash" TEXT,
    "mac" TEXT,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_chain_head_one_row" CHECK ("id" = 1)
);

-- Events already written keep their plain SHA-256 hashes (v1); every later one is keyed (v2). The row
-- exists from here on: a missing row later means someone deleted it.
INSERT INTO "audit_chain_head" ("id", "keyed_since_seq") SELECT 1, COALESCE(MAX("seq"), 0) + 1 FROM "audit_events";

-- CreateIndex
CREATE INDEX "operator_session_revocations_expire_time_idx" ON "operator_session_revocations"("expire_time");

-- CreateIndex
CREATE INDEX "audit_events_actor_label_seq_idx" ON "audit_events"("actor_label", "seq" DESC);

-- Which actor labels start with what the operator typed (lib/audit/query.ts walks this index one
-- distinct label at a time). C collation makes LIKE 'prefix%' an index range whatever the database's.
CREATE INDEX "audit_events_actor_label_prefix_idx" ON "audit_events" ((lower("actor_label") COLLATE "C"), "actor_label");

-- migrate:down
DROP INDEX IF EXISTS "audit_events_actor_label_prefix_idx";
DROP INDEX IF EXISTS "audit_events_actor_label_seq_idx";
DROP TABLE IF EXISTS "audit_chain_head";
DROP TABLE IF EXISTS "operator_session_revocations";
