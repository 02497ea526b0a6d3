-- migrate:up
-- Organization domains (issue 13). verified_name is the name while the domain is verified and null
-- otherwise; its unique index lets at most one organization hold a name verified, whatever races.
-- CreateTable
CREATE TABLE "organization_domains" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "verification_token" TEXT NOT NULL,
    "verified_name" TEXT,
    "verified_time" TIMESTAMPTZ(3),
    "verification_method" TEXT,
    "last_check_time" TIMESTAMPTZ(3),
    "last_check" JSONB,
    "failure_reason" TEXT,
    "next_check_time" TIMESTAMPTZ(3),
    "checks_until" TIMESTAMPTZ(3),
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_domains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_domains_verified_name_key" ON "organization_domains"("verified_name");

-- CreateIndex
CREATE INDEX "organization_domains_name_idx" ON "organization_domains"("name");

-- CreateIndex
CREATE INDEX "organization_domains_next_check_time_idx" ON "organization_domains"("next_check_time");

-- CreateIndex
CREATE UNIQUE INDEX "organization_domains_organization_id_name_key" ON "organization_domains"("organization_id", "name");

-- AddForeignKey
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- verified_name follows status, and is always the row's own name.
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_status_check" CHECK ("status" IN ('pending', 'verified', 'failed'));
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_verified_name_check"
  CHECK (("status" = 'verified') = ("verified_name" IS NOT NULL) AND ("verified_name" IS NULL OR "verified_name" = "name"));

-- migrate:down
DROP TABLE "organization_domains";
