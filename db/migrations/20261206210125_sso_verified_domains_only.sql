-- migrate:up
-- AlterTable
ALTER TABLE "sso_connections" ADD COLUMN     "verified_domains_only" BOOLEAN NOT NULL DEFAULT false;

-- migrate:down
