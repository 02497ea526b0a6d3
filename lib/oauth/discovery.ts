import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { SIGNING_ALGS } from "@/lib/keys/algorithms";

// Authorization-server metadata (RFC 8414), served at /.well-known/oauth-authorization-server and
// /.well-known/openid-configuration. Portico issues only client-credentials access tokens, so it has no
// authorization endpoint and no response types.

export const AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;

export const ACCESS_TOKEN_CLAIMS = [
  "iss", "sub", "aud", "iat", "nbf", "exp", "jti", "client_id", "azp", "oid", "org_id", "scopes", "scope", "custom_claims", "gty",
] as const;

export async function authorizationServerMetadata() {
  const issuer = publicUrl();
  const scopes = await db.apiScope.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/keys`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ["client_credentials"],
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    scopes_supported: scopes.map((s) => s.name),
    claims_supported: [...ACCESS_TOKEN_CLAIMS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
    service_documentation: `${issuer}/`,
  };
}

export const METADATA_CACHE_CONTROL = "public, max-age=300";
