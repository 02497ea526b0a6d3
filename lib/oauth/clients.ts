import { constantTimeEqual, hashSecret } from "@/lib/crypto/secrets";
import { InvalidClient } from "./errors";
import { tokenPool } from "./pg";

// Client authentication against the database on every request: no cache, so a disabled principal, a
// revoked or expired secret, or a deleted organization fails at once. One prepared statement fetches
// the client, all its secret hashes, whether its organization still exists, the organization named in
// the request and the access-token lifetime limits.

export interface OAuthClient {
  id: string;
  organizationId: string | null;
  name: string;
  scopes: string[];
  /** The client's audiences; when none are configured, those of the catalog APIs its scopes belong to. */
  audience: string[];
  expiry: number;
  customClaims: Record<string, string>;
  organizationUsage: "deny" | "allow" | "require";
  allowAnyOrganization: boolean;
  allowedOrganizationIds: string[];
}

export interface AuthenticatedClient {
  client: OAuthClient;
  secretId: string;
  /** Whether the organization named by `organization` in the request exists. */
  requestedOrganizationExists: boolean;
  /** The organization's access-token lifetime limit (the client's own, or the requested one). */
  organizationTokenLifetimeSec: number | null;
  /** The deployment's access-token lifetime limit (session_defaults.access_token_lifetime_sec). */
  deploymentTokenLifetimeSec: number | null;
}

interface SecretRow { id: string; hash: string; status: string; expire: string | null }

interface ClientRow {
  id: string;
  organization_id: string | null;
  name: string;
  scopes: string[];
  audience: string[];
  expiry: number;
  custom_claims: unknown;
  status: string;
  organization_usage: string | null;
  allow_any_organization: boolean;
  allowed_organization_ids: string[];
  organization_exists: boolean;
  secrets: SecretRow[];
  catalog_audience: string[] | null;
  requested_organization_exists: boolean;
  organization_token_lifetime: number | null;
  deployment_token_lifetime: number | null;
}

const CLIENT_QUERY = `
SELECT sp.id, sp.organization_id, sp.name, sp.scopes, sp.audience, sp.expiry, sp.custom_claims, sp.status,
       sp.organization_usage, sp.allow_any_organization, sp.allowed_organization_ids,
       (sp.organization_id IS NULL OR EXISTS (SELECT 1 FROM organizations o WHERE o.id = sp.organization_id)) AS organization_exists,
       COALESCE((SELECT json_agg(json_build_object('id', cs.id, 'hash', cs.secret_hash, 'status', cs.status, 'expire', cs.expire_time))
                 FROM client_secrets cs WHERE cs.client_id = sp.id), '[]'::json) AS secrets,
       CASE WHEN cardinality(sp.audience) = 0 THEN
         (SELECT array_agg(DISTINCT r.audience) FROM api_scopes s JOIN api_resources r ON r.id = s.resource_id WHERE s.name = ANY (sp.scopes))
       END AS catalog_audience,
       ($2::text IS NOT NULL AND EXISTS (SELECT 1 FROM organizations ro WHERE ro.id = $2::text)) AS requested_organization_exists,
       (SELECT oss.access_token_lifetime_sec FROM organization_session_settings oss
         WHERE oss.organization_id = COALESCE(sp.organization_id, $2::text)) AS organization_token_lifetime,
       (SELECT CASE WHEN jsonb_typeof(ds.value -> 'access_token_lifetime_sec') = 'number'
                    THEN (ds.value ->> 'access_token_lifetime_sec')::numeric::int END
          FROM deployment_settings ds WHERE ds.key = 'session_defaults') AS deployment_token_lifetime
  FROM service_principals sp
 WHERE sp.id = $1`;

const MAX_CLIENT_ID_LENGTH = 200;

function customClaimsObject(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const c of value) {
      if (c && typeof c === "object" && typeof c.key === "string" && typeof c.value === "string") out[c.key] = c.value;
    }
  }
  return out;
}

function usageOf(value: string | null): OAuthClient["organizationUsage"] {
  return value === "allow" || value === "require" ? value : "deny";
}

/**
 * Authenticates `clientId` + `secret`. Throws InvalidClient with the reason (for the audit trail) on any
 * failure; the caller only ever sees "Client authentication failed".
 */
export async function authenticateClient(clientId: string, secret: string, requestedOrganization: string | null, now = Date.now()): Promise<AuthenticatedClient> {
  // Hash first, whatever happens next, so an unknown client costs the same as a wrong secret.
  const presented = hashSecret(secret);
  if (clientId.length > MAX_CLIENT_ID_LENGTH) throw new InvalidClient("unknown_client", clientId.slice(0, MAX_CLIENT_ID_LENGTH));
  const result = await tokenPool().query<ClientRow>({ name: "portico_oauth_client", text: CLIENT_QUERY, values: [clientId, requestedOrganization] });
  const row = result.rows[0];
  if (!row) throw new InvalidClient("unknown_client", clientId);

  let matched: SecretRow | null = null;
  for (const s of row.secrets) {
    // Compare against every stored hash, without stopping early.
    if (constantTimeEqual(presented, s.hash) && !matched) matched = s;
  }
  const org = row.organization_id;
  if (!matched) throw new InvalidClient("wrong_secret", clientId, org);
  if (matched.status !== "ACTIVE") throw new InvalidClient("secret_revoked", clientId, org);
  if (matched.expire && Date.parse(matched.expire) <= now) throw new InvalidClient("secret_expired", clientId, org);
  if (row.status !== "active") throw new InvalidClient("client_disabled", clientId, org);
  if (!row.organization_exists) throw new InvalidClient("organization_deleted", clientId, org);

  return {
    client: {
      id: row.id,
      organizationId: org,
      name: row.name,
      scopes: row.scopes,
      audience: row.audience.length ? row.audience : (row.catalog_audience ?? []).sort(),
      expiry: row.expiry,
      customClaims: customClaimsObject(row.custom_claims),
      organizationUsage: usageOf(row.organization_usage),
      allowAnyOrganization: row.allow_any_organization,
      allowedOrganizationIds: row.allowed_organization_ids,
    },
    secretId: matched.id,
    requestedOrganizationExists: row.requested_organization_exists,
    organizationTokenLifetimeSec: row.organization_token_lifetime,
    deploymentTokenLifetimeSec: row.deployment_token_lifetime,
  };
}
