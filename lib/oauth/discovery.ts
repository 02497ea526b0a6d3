import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { SIGNING_ALGS } from "@/lib/keys/algorithms";
import { ID_TOKEN_CLAIMS, SUPPORTED_SCOPES } from "./id-token";

// Authorization-server metadata (RFC 8414) and OpenID Provider metadata (OIDC Discovery), served at
// /.well-known/oauth-authorization-server and /.well-known/openid-configuration: client-credentials
// access tokens for machines, and the authorization code flow (with PKCE) that hands the host app an
// SSO user's ID token. Stock OIDC clients (openid-client, Auth0's OIDC connection, NextAuth) read it.

export const AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;

export const ACCESS_TOKEN_CLAIMS = [
  "iss", "sub", "aud", "iat", "nbf", "exp", "jti", "client_id", "azp", "oid", "org_id", "scopes", "scope", "custom_claims", "gty",
] as const;

export async function authorizationServerMetadata() {
  const issuer = publicUrl();
  const scopes = await db.apiScope.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    jwks_uri: `${issuer}/keys`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ["client_credentials", "authorization_code"],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    scopes_supported: [...SUPPORTED_SCOPES, ...scopes.map((s) => s.name)],
    claims_supported: [...new Set([...ACCESS_TOKEN_CLAIMS, ...ID_TOKEN_CLAIMS])],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
    service_documentation: `${issuer}/`,
  };
}

export const METADATA_CACHE_CONTROL = "public, max-age=300";
