import { z } from "zod";

// The OAuth endpoints' requests and responses as zod schemas, for the OpenAPI document. The endpoints
// themselves read their form parameters by hand on the token hot path (lib/oauth/request.ts, grant.ts)
// and in the browser flow (authorize.ts, whose errors go back to the redirect URI, not as 422s): a change
// there changes these too. The limits both use are defined here once. lib/openapi/openapi.test.ts gets a
// token with a request built from tokenRequestSchema's fields and checks the answer against
// tokenResponseSchema; lib/sso/saml-login.test.ts does the same for the authorization code grant.

/** RFC 7636: a code verifier, and its S256 challenge (base64url, 43 characters; up to 128 accepted). */
export const PKCE_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

/** The longest value /oauth/authorize accepts for each parameter (longer: invalid_request). */
export const AUTHORIZE_MAX = {
  client_id: 200, redirect_uri: 2048, state: 1024, nonce: 1024, login_hint: 320, domain: 253, organization_id: 100, connection_id: 100, scope: 1024, provider: 100,
} as const;

/** GET (or form POST) /oauth/authorize: OIDC Core §3.1.2 with PKCE, and Portico's connection selectors (compat.md §4.5). */
export const authorizeQuerySchema = z.object({
  response_type: z.literal("code"),
  client_id: z.string().max(AUTHORIZE_MAX.client_id).describe("The host app's environment client (skc_…). An unknown one is shown on a Portico page, never redirected"),
  redirect_uri: z.string().max(AUTHORIZE_MAX.redirect_uri).describe("One of the client's registered redirect URIs, matched exactly. An unregistered one is shown on a Portico page, never redirected"),
  scope: z.string().max(AUTHORIZE_MAX.scope).describe("Space-delimited; must include openid. email and profile release those claims"),
  state: z.string().max(AUTHORIZE_MAX.state).optional().describe("Returned unchanged with the code or the error"),
  nonce: z.string().max(AUTHORIZE_MAX.nonce).optional().describe("Copied into the ID token"),
  code_challenge: z.string().regex(PKCE_PATTERN).optional().describe("PKCE: base64url(SHA-256(code_verifier)). Recommended; then the code exchange needs the verifier"),
  code_challenge_method: z.literal("S256").optional().describe("Required with code_challenge; plain is refused"),
  connection_id: z.string().max(AUTHORIZE_MAX.connection_id).optional().describe("conn_…: this connection (first in precedence)"),
  organization_id: z.string().max(AUTHORIZE_MAX.organization_id).optional().describe("org_…: the organization's first enabled connection"),
  domain: z.string().max(AUTHORIZE_MAX.domain).optional().describe("The organization that verified this email domain (home-realm discovery)"),
  login_hint: z.string().max(AUTHORIZE_MAX.login_hint).optional().describe("The user's email: its domain routes like domain=, and it is passed on to the IdP"),
  provider: z.string().max(AUTHORIZE_MAX.provider).optional().describe("With organization_id: that organization's connection to this provider (OKTA, MICROSOFT_ENTRA_ID, …)"),
});

const clientAuthFields = {
  client_id: z.string().optional().describe("With client_secret_post; with client_secret_basic it is the Basic user name"),
  client_secret: z.string().optional().describe("With client_secret_post; never both methods in one request"),
};

export const clientCredentialsRequestSchema = z.object({
  grant_type: z.literal("client_credentials"),
  ...clientAuthFields,
  scope: z.string().optional().describe("Space-delimited subset of the client's scopes (default: all of them)"),
  audience: z.string().optional().describe("One of the client's audiences (default: all of them)"),
  resource: z.string().optional().describe("RFC 8707 synonym of audience"),
  organization: z.string().optional().describe("org_…: environment-level clients only, per their organization_usage"),
}).describe("Client credentials: an access token for the client itself");

/** The longest authorization code accepted (longer ones are not codes Portico issued). */
export const MAX_AUTHORIZATION_CODE_LENGTH = 200;

export const authorizationCodeRequestSchema = z.object({
  grant_type: z.literal("authorization_code"),
  ...clientAuthFields,
  code: z.string().max(MAX_AUTHORIZATION_CODE_LENGTH).describe("From the redirect after an SSO login; single use, valid 60 seconds"),
  redirect_uri: z.string().describe("The redirect_uri of the authorization request"),
  code_verifier: z.string().regex(PKCE_PATTERN).optional().describe("PKCE: required when the authorization request sent a code_challenge"),
}).describe("Authorization code (environment clients, skc_…): the SSO user's ID token, an access token for userinfo, and the normalized profile");

export const tokenRequestSchema = z.discriminatedUnion("grant_type", [clientCredentialsRequestSchema, authorizationCodeRequestSchema])
  .describe("form-encoded (application/x-www-form-urlencoded) or JSON");

export const tokenResponseSchema = z.object({
  access_token: z.string().describe("A JWT (typ at+jwt) with iss, sub, aud, iat, nbf, exp, jti, client_id, azp, oid, org_id, scopes, scope, custom_claims, gty"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  scope: z.string(),
});

/** The normalized profile of an SSO user (compat.md §4.9), as the code exchange returns it under `user`. */
export const userProfileSchema = z.object({
  id: z.string().describe("The same as sub"),
  sub: z.string().describe("conn_…;<the IdP's user id>: stable per user and connection"),
  email: z.string(),
  email_verified: z.boolean(),
  name: z.string().nullable(),
  given_name: z.string().nullable(),
  family_name: z.string().nullable(),
  preferred_username: z.string().nullable(),
  groups: z.array(z.string()),
  locale: z.string().nullable(),
  picture: z.string().nullable(),
  custom_attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe("Keys registered in the console (Settings → SSO attributes)"),
  identities: z.array(z.object({
    connection_id: z.string(), organization_id: z.string(), connection_type: z.enum(["SAML", "OIDC"]), provider_name: z.string(), social: z.literal(false),
    provider_raw_attributes: z.record(z.string(), z.unknown()).describe("What the IdP sent, as it sent it"),
  })),
}).loose();

export const userTokenResponseSchema = z.object({
  access_token: z.string().describe("A JWT (typ at+jwt) for /oauth/userinfo, with sid, oid and gty authorization_code; 15 minutes at most"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  id_token: z.string().describe("A signed JWT: sub, email, name, oid, amr, sid, nonce, connection_id, connection_type, provider_name, session limits"),
  scope: z.string(),
  user: userProfileSchema,
});

export const userinfoResponseSchema = z.object({
  sub: z.string(),
  oid: z.string().describe("The user's organization (org_…)"),
  email: z.string().optional().describe("With the email scope"),
  email_verified: z.boolean().optional(),
  name: z.string().optional().describe("With the profile scope, when known (also given_name, family_name, preferred_username, picture, locale, groups)"),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  preferred_username: z.string().optional(),
  groups: z.array(z.string()).optional(),
  custom_attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
}).loose();

export const tokenInspectionRequestSchema = z.object({
  token: z.string(),
  token_type_hint: z.enum(["access_token"]).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

export const introspectionResponseSchema = z.object({
  active: z.boolean().describe("false for revoked, expired or unknown tokens and those the caller may not see; then nothing else"),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  sub: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  iss: z.string().optional(),
  exp: z.number().int().optional(),
  iat: z.number().int().optional(),
  nbf: z.number().int().optional(),
  jti: z.string().optional(),
  token_type: z.literal("Bearer").optional(),
  oid: z.string().optional(),
  org_id: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  custom_claims: z.record(z.string(), z.string()).optional(),
  gty: z.string().optional(),
});

export const jwksSchema = z.object({
  keys: z.array(z.object({ kid: z.string().describe("snk_…"), kty: z.string(), alg: z.string(), use: z.literal("sig") }).loose()),
});

export const authorizationServerMetadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
  jwks_uri: z.string(),
  introspection_endpoint: z.string(),
  revocation_endpoint: z.string(),
  grant_types_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  id_token_signing_alg_values_supported: z.array(z.string()),
  code_challenge_methods_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
}).loose();
