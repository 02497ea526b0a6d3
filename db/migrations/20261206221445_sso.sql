-- migrate:up
-- AlterTable
ALTER TABLE "service_principals" ADD COLUMN     "default_redirect_uri" TEXT,
ADD COLUMN     "redirect_uris" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "sso_connections" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "attribute_mapping" JSONB NOT NULL DEFAULT '{}',
    "allowed_domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "verified_domains_only" BOOLEAN NOT NULL DEFAULT false,
    "idp_initiated_login" BOOLEAN NOT NULL DEFAULT false,
    "config_version" INTEGER NOT NULL DEFAULT 1,
    "saml_metadata_url" TEXT,
    "saml_metadata_fetch_time" TIMESTAMPTZ(3),
    "saml_metadata_error" TEXT,
    "saml_idp_entity_id" TEXT,
    "saml_idp_sso_url" TEXT,
    "saml_idp_sso_binding" TEXT NOT NULL DEFAULT 'HTTP-Redirect',
    "saml_idp_certificates" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "saml_want_response_signed" BOOLEAN NOT NULL DEFAULT false,
    "saml_sp_certificate" TEXT,
    "saml_sp_private_key_enc" TEXT,
    "oidc_issuer" TEXT,
    "oidc_client_id" TEXT,
    "oidc_client_secret_enc" TEXT,
    "oidc_client_secret_suffix" TEXT,
    "oidc_scopes" TEXT[] DEFAULT ARRAY['openid', 'email', 'profile']::TEXT[],
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sso_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_login_requests" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "browser_key_hash" TEXT NOT NULL,
    "client_id" TEXT,
    "redirect_uri" TEXT,
    "state" TEXT,
    "nonce" TEXT,
    "code_challenge" TEXT,
    "scope" TEXT,
    "login_hint" TEXT,
    "saml_request_id" TEXT,
    "oidc_nonce" TEXT,
    "oidc_code_verifier_enc" TEXT,
    "started_by" JSONB,
    "expire_time" TIMESTAMPTZ(3) NOT NULL,
    "consume_time" TIMESTAMPTZ(3),
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_login_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saml_request_ids" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expire_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saml_request_ids_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saml_assertion_ids" (
    "connection_id" TEXT NOT NULL,
    "assertion_id" TEXT NOT NULL,
    "expire_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saml_assertion_ids_pkey" PRIMARY KEY ("connection_id","assertion_id")
);

-- CreateTable
CREATE TABLE "oauth_authorization_codes" (
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "code_challenge" TEXT,
    "scope" TEXT NOT NULL,
    "nonce" TEXT,
    "organization_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "auth_time" TIMESTAMPTZ(3) NOT NULL,
    "expire_time" TIMESTAMPTZ(3) NOT NULL,
    "consume_time" TIMESTAMPTZ(3),
    "access_token_jti" TEXT,
    "retain_until" TIMESTAMPTZ(3) NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_authorization_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "sso_test_results" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "config_version" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "error_code" TEXT,
    "checks" JSONB NOT NULL,
    "profile" JSONB,
    "raw_attributes" JSONB,
    "started_by" JSONB,
    "browser_key_hash" TEXT,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_test_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sso_connections_organization_id_create_time_idx" ON "sso_connections"("organization_id", "create_time");

-- CreateIndex
CREATE UNIQUE INDEX "sso_login_requests_saml_request_id_key" ON "sso_login_requests"("saml_request_id");

-- CreateIndex
CREATE INDEX "sso_login_requests_expire_time_idx" ON "sso_login_requests"("expire_time");

-- CreateIndex
CREATE INDEX "saml_request_ids_expire_time_idx" ON "saml_request_ids"("expire_time");

-- CreateIndex
CREATE INDEX "saml_assertion_ids_expire_time_idx" ON "saml_assertion_ids"("expire_time");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_authorization_codes_session_id_key" ON "oauth_authorization_codes"("session_id");

-- CreateIndex
CREATE INDEX "oauth_authorization_codes_retain_until_idx" ON "oauth_authorization_codes"("retain_until");

-- CreateIndex
CREATE INDEX "sso_test_results_connection_id_create_time_idx" ON "sso_test_results"("connection_id", "create_time");

-- AddForeignKey
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_login_requests" ADD CONSTRAINT "sso_login_requests_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saml_request_ids" ADD CONSTRAINT "saml_request_ids_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saml_assertion_ids" ADD CONSTRAINT "saml_assertion_ids_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "oauth_authorization_codes_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_test_results" ADD CONSTRAINT "sso_test_results_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- migrate:down
