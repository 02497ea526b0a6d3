-- migrate:up
-- AlterTable
ALTER TABLE "portal_links" ADD COLUMN     "show_header" BOOLEAN NOT NULL DEFAULT true;

-- migrate:down
