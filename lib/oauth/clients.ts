import { constantTimeEqual, hashSecret } from "@/lib/crypto/secrets";
import { isStorableText } from "@/lib/validation/text";
import { InvalidClient } from "./errors";
import { ClientLookup, type ClientRow, type SecretRow } from "./client-lookup";
import { tokenPool } from "./pg";

// Client authentication against the database on every request, so a disabled principal, a revoked or
// expired secret, or a deleted organization fails at once. One prepared statement answers for the
// client, all its secret hashes, whether its organization still exists, the organization named in the
// request and the access-token lifetime limits; concurrent lookups share it, and rows nothing has
// changed since are answered from memory (client-lookup.ts).

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

const MAX_CLIENT_ID_LENGTH = 200;

const LOOKUP = Symbol.for("portico.oauth.clientLookup");
const holder = globalThis as unknown as { [LOOKUP]?: ClientLookup };
const clientLookup = () => (holder[LOOKUP] ??= new ClientLookup(tokenPool));

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
 * The OAuthClient of a row, built once per row object: rows nothing changed since are the same cached
 * object on every request (client-lookup.ts), so their claims object and sorted audience are shared
 * too. Nothing may modify the result.
 */
const clientsOfRows = new WeakMap<ClientRow, OAuthClient>();
function clientOf(row: ClientRow): OAuthClient {
  let client = clientsOfRows.get(row);
  if (!client) {
    client = {
      id: row.id,
      organizationId: row.organization_id,
      name: row.name,
      scopes: row.scopes,
      audience: row.audience.length ? row.audience : [...(row.catalog_audience ?? [])].sort(),
      expiry: row.expiry,
      customClaims: customClaimsObject(row.custom_claims),
      organizationUsage: usageOf(row.organization_usage),
      allowAnyOrganization: row.allow_any_organization,
      allowedOrganizationIds: row.allowed_organization_ids,
    };
    clientsOfRows.set(row, client);
  }
  return client;
}

/**
 * Authenticates `clientId` + `secret`. Throws InvalidClient with the reason (for the audit trail) on any
 * failure; the caller only ever sees "Client authentication failed".
 */
export async function authenticateClient(clientId: string, secret: string, requestedOrganization: string | null, now = Date.now()): Promise<AuthenticatedClient> {
  // Hash first, whatever happens next, so an unknown client costs the same as a wrong secret.
  const presented = hashSecret(secret);
  // An id no client can have (over-long, NUL, invalid Unicode) fails here, alone: it is never queued
  // with other requests' lookups. (The audit trail keeps a storable copy of it: auth-failures.ts.)
  if (clientId.length > MAX_CLIENT_ID_LENGTH || !isStorableText(clientId)) throw new InvalidClient("malformed_client_id", clientId);
  const row = await clientLookup().find(clientId, requestedOrganization);
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
    client: clientOf(row),
    secretId: matched.id,
    requestedOrganizationExists: row.requested_organization_exists,
    organizationTokenLifetimeSec: row.organization_token_lifetime,
    deploymentTokenLifetimeSec: row.deployment_token_lifetime,
  };
}
