-- migrate:up
-- CreateTable
CREATE TABLE "directories" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "primary" BOOLEAN NOT NULL DEFAULT false,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_error_time" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "log_seq" BIGINT NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL DEFAULT '',
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "directories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_tokens" (
    "id" TEXT NOT NULL,
    "directory_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "created_by" TEXT NOT NULL DEFAULT '',
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expire_time" TIMESTAMPTZ(3),
    "revoke_time" TIMESTAMPTZ(3),
    "last_used_time" TIMESTAMPTZ(3),

    CONSTRAINT "directory_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_users" (
    "id" TEXT NOT NULL,
    "directory_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "external_id" TEXT,
    "display_name" TEXT,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "resource" JSONB NOT NULL DEFAULT '{}',
    "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delete_time" TIMESTAMPTZ(3),

    CONSTRAINT "directory_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_user_emails" (
    "user_id" TEXT NOT NULL,
    "directory_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    "type" TEXT,
    "primary" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "directory_user_emails_pkey" PRIMARY KEY ("user_id","position")
);

-- CreateTable
CREATE TABLE "directory_groups" (
    "id" TEXT NOT NULL,
    "directory_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "external_id" TEXT,
    "resource" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_group_members" (
    "group_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "directory_id" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_group_members_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateTable
CREATE TABLE "directory_request_log" (
    "directory_id" TEXT NOT NULL,
    "slot" SMALLINT NOT NULL,
    "seq" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" SMALLINT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "scim_type" TEXT,
    "detail" TEXT,
    "request_id" TEXT,
    "request_body" TEXT,

    CONSTRAINT "directory_request_log_pkey" PRIMARY KEY ("directory_id","slot")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_mappings" (
    "group_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL DEFAULT '',
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_mappings_pkey" PRIMARY KEY ("group_id")
);

-- CreateIndex
CREATE INDEX "directories_organization_id_create_time_idx" ON "directories"("organization_id", "create_time");

-- CreateIndex
CREATE INDEX "directory_tokens_directory_id_idx" ON "directory_tokens"("directory_id");

-- CreateIndex
CREATE INDEX "directory_users_organization_id_update_time_id_idx" ON "directory_users"("organization_id", "update_time", "id");

-- CreateIndex
CREATE INDEX "directory_users_directory_id_update_time_id_idx" ON "directory_users"("directory_id", "update_time", "id");

-- CreateIndex
CREATE INDEX "directory_groups_organization_id_update_time_id_idx" ON "directory_groups"("organization_id", "update_time", "id");

-- CreateIndex
CREATE INDEX "directory_groups_directory_id_update_time_id_idx" ON "directory_groups"("directory_id", "update_time", "id");

-- CreateIndex
CREATE INDEX "directory_group_members_user_id_idx" ON "directory_group_members"("user_id");

-- CreateIndex
CREATE INDEX "directory_request_log_directory_id_seq_idx" ON "directory_request_log"("directory_id", "seq" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "roles_key_key" ON "roles"("key");

-- CreateIndex
CREATE INDEX "role_mappings_organization_id_idx" ON "role_mappings"("organization_id");

-- CreateIndex
CREATE INDEX "role_mappings_role_id_idx" ON "role_mappings"("role_id");

-- AddForeignKey
ALTER TABLE "directory_tokens" ADD CONSTRAINT "directory_tokens_directory_id_fkey" FOREIGN KEY ("directory_id") REFERENCES "directories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_directory_id_fkey" FOREIGN KEY ("directory_id") REFERENCES "directories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_user_emails" ADD CONSTRAINT "directory_user_emails_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_directory_id_fkey" FOREIGN KEY ("directory_id") REFERENCES "directories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "directory_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "directory_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_request_log" ADD CONSTRAINT "directory_request_log_directory_id_fkey" FOREIGN KEY ("directory_id") REFERENCES "directories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_mappings" ADD CONSTRAINT "role_mappings_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "directory_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_mappings" ADD CONSTRAINT "role_mappings_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma's schema cannot say these):
-- every directory row belongs to an organization and goes with it;
ALTER TABLE "directories" ADD CONSTRAINT "directories_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
ALTER TABLE "role_mappings" ADD CONSTRAINT "role_mappings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
-- at most one primary directory per organization, and one default role;
CREATE UNIQUE INDEX "directories_one_primary_idx" ON "directories"("organization_id") WHERE "primary";
CREATE UNIQUE INDEX "roles_one_default_idx" ON "roles"("is_default") WHERE "is_default";
-- userName and group displayName are unique per directory, case-insensitively (RFC 7643 caseExact: false),
-- among users that are not deleted; the same indexes serve `userName eq` and `displayName eq` filters;
CREATE UNIQUE INDEX "directory_users_user_name_idx" ON "directory_users"("directory_id", lower("user_name")) WHERE "delete_time" IS NULL;
CREATE INDEX "directory_users_external_id_idx" ON "directory_users"("directory_id", "external_id") WHERE "delete_time" IS NULL;
CREATE INDEX "directory_users_live_idx" ON "directory_users"("directory_id", "id") WHERE "delete_time" IS NULL;
CREATE UNIQUE INDEX "directory_groups_display_name_idx" ON "directory_groups"("directory_id", lower("display_name"));
CREATE INDEX "directory_groups_external_id_idx" ON "directory_groups"("directory_id", "external_id");
CREATE INDEX "directory_groups_directory_id_id_idx" ON "directory_groups"("directory_id", "id");
-- `emails[value eq …]` / `emails.value eq …` look the address up here.
CREATE INDEX "directory_user_emails_value_idx" ON "directory_user_emails"("directory_id", lower("value"));

-- migrate:down
DROP TABLE IF EXISTS "role_mappings", "roles", "directory_request_log", "directory_group_members", "directory_groups",
  "directory_user_emails", "directory_users", "directory_tokens", "directories";
