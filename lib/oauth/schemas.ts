import { z } from "zod";

// The OAuth endpoints' requests and responses as zod schemas, for the OpenAPI document. The endpoints
// themselves read their form parameters by hand on the token hot path (lib/oauth/request.ts, grant.ts):
// a change there changes these too (lib/openapi/openapi.test.ts gets a token with a request built from
// tokenRequestSchema's fields and checks the answer against tokenResponseSchema).

export const tokenRequestSchema = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().optional().describe("With client_secret_post; with client_secret_basic it is the Basic user name"),
  client_secret: z.string().optional().describe("With client_secret_post; never both methods in one request"),
  scope: z.string().optional().describe("Space-delimited subset of the client's scopes (default: all of them)"),
  audience: z.string().optional().describe("One of the client's audiences (default: all of them)"),
  resource: z.string().optional().describe("RFC 8707 synonym of audience"),
  organization: z.string().optional().describe("org_…: environment-level clients only, per their organization_usage"),
}).describe("form-encoded (application/x-www-form-urlencoded) or JSON");

export const tokenResponseSchema = z.object({
  access_token: z.string().describe("A JWT (typ at+jwt) with iss, sub, aud, iat, nbf, exp, jti, client_id, azp, oid, org_id, scopes, scope, custom_claims, gty"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  scope: z.string(),
});

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
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  introspection_endpoint: z.string(),
  revocation_endpoint: z.string(),
  grant_types_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
}).loose();
