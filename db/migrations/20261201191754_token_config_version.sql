-- migrate:up
-- The token endpoint keeps the client rows it reads in memory and, on every request, asks only for this
-- counter (lib/oauth/client-lookup.ts). Every transaction that changes what it reads bumps the counter,
-- in the same transaction, so a committed change is seen by the very next request on every instance.
-- The triggers are deferred constraint triggers: the counter row is locked at commit, after every other
-- lock the transaction takes (the audit chain lock among them), so it cannot take part in a deadlock,
-- and only once per transaction.
-- CreateTable
CREATE TABLE "token_config_version" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "version" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "token_config_version_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "token_config_version" ADD CONSTRAINT "token_config_version_one_row" CHECK ("id");
INSERT INTO "token_config_version" ("id", "version") VALUES (true, 1);

CREATE FUNCTION portico_token_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('portico.token_config_bumped', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE token_config_version SET version = version + 1;
    PERFORM set_config('portico.token_config_bumped', txid_current()::text, true);
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR UPDATE OR DELETE ON service_principals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
-- Not last_used_time: the token service writes it in batches and the endpoint does not read it.
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR DELETE OR UPDATE OF client_id, secret_hash, status, expire_time ON client_secrets
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
-- Whether an organization exists (for principals and for environment clients naming one).
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR DELETE OR UPDATE OF id ON organizations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
-- The organization's and the deployment's access-token lifetime limits.
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR UPDATE OR DELETE ON organization_session_settings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR UPDATE OR DELETE ON deployment_settings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
-- The scope catalog gives audiences to principals that have none of their own.
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR UPDATE OR DELETE ON api_scopes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();
CREATE CONSTRAINT TRIGGER token_config_changed AFTER INSERT OR UPDATE OR DELETE ON api_resources
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_token_config_changed();

CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON service_principals FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON client_secrets FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON organization_session_settings FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON deployment_settings FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON api_scopes FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();
CREATE TRIGGER token_config_truncated AFTER TRUNCATE ON api_resources FOR EACH STATEMENT EXECUTE FUNCTION portico_token_config_changed();

-- migrate:down
DROP TRIGGER token_config_truncated ON api_resources;
DROP TRIGGER token_config_truncated ON api_scopes;
DROP TRIGGER token_config_truncated ON deployment_settings;
DROP TRIGGER token_config_truncated ON organization_session_settings;
DROP TRIGGER token_config_truncated ON organizations;
DROP TRIGGER token_config_truncated ON client_secrets;
DROP TRIGGER token_config_truncated ON service_principals;
DROP TRIGGER token_config_changed ON api_resources;
DROP TRIGGER token_config_changed ON api_scopes;
DROP TRIGGER token_config_changed ON deployment_settings;
DROP TRIGGER token_config_changed ON organization_session_settings;
DROP TRIGGER token_config_changed ON organizations;
DROP TRIGGER token_config_changed ON client_secrets;
DROP TRIGGER token_config_changed ON service_principals;
DROP FUNCTION portico_token_config_changed();
DROP TABLE "token_config_version";
