import { z } from "zod";
import {
  authorizationServerMetadataSchema, introspectionResponseSchema, jwksSchema, tokenInspectionRequestSchema, tokenRequestSchema, tokenResponseSchema, userTokenResponseSchema,
} from "@/lib/oauth/schemas";
import { defineOperations } from "../define";
import { oauthErrorSchema } from "../views";

const FORM = ["application/x-www-form-urlencoded", "application/json"];
const oauthError = (description: string) => ({ description, schema: oauthErrorSchema });

export const oauthOperations = defineOperations([
  {
    id: "getAuthorizationServerMetadata", method: "get", path: "/.well-known/oauth-authorization-server", tag: "OAuth", auth: "none",
    summary: "Authorization server metadata (RFC 8414)", description: "Also served at /.well-known/openid-configuration. Cacheable for 5 minutes.",
    responses: { 200: { description: "The metadata", schema: authorizationServerMetadataSchema } },
  },
  {
    id: "getJwks", method: "get", path: "/keys", tag: "OAuth", auth: "none",
    summary: "Public signing keys (JWKS)", description: "Also served at /.well-known/jwks.json: the next, current and previous keys. Cacheable for 5 minutes; refetch once on an unknown kid.",
    responses: { 200: { description: "The key set", schema: jwksSchema } },
  },
  {
    id: "requestToken", method: "post", path: "/oauth/token", tag: "OAuth", auth: "client",
    summary: "Get tokens (client credentials, or an SSO login's authorization code)",
    description: "client_secret_basic or client_secret_post, not both. Bodies over 16 KB are refused (413). " +
      "grant_type=authorization_code exchanges the code /oauth/authorize sent back (environment clients only; single use, 60 seconds, bound to the client, the redirect URI and the PKCE verifier).",
    body: { schema: tokenRequestSchema, contentTypes: FORM, required: true },
    responses: {
      200: {
        description: "An access token; for the authorization code grant also the ID token and the user's profile (Cache-Control: no-store)",
        schema: z.union([tokenResponseSchema, userTokenResponseSchema]),
      },
      400: oauthError("invalid_request, invalid_grant (a used, expired or foreign code, a wrong redirect_uri or code_verifier), invalid_scope, invalid_target, unsupported_grant_type or unauthorized_client"),
      401: oauthError("invalid_client (WWW-Authenticate: Basic)"),
      413: oauthError("The body is larger than 16 KB"),
      429: oauthError("too_many_requests, with Retry-After"),
    },
  },
  {
    id: "introspectToken", method: "post", path: "/oauth/introspect", tag: "OAuth", auth: "client",
    summary: "Introspect an access token (RFC 7662)",
    description: "A client sees its own tokens and those of the organizations it may act for.",
    body: { schema: tokenInspectionRequestSchema, contentTypes: FORM, required: true },
    responses: { 200: { description: "Whether the token is active, and its claims when it is", schema: introspectionResponseSchema }, 401: oauthError("invalid_client") },
  },
  {
    id: "revokeToken", method: "post", path: "/oauth/revoke", tag: "OAuth", auth: "client",
    summary: "Revoke an access token (RFC 7009)",
    body: { schema: tokenInspectionRequestSchema, contentTypes: FORM, required: true },
    responses: { 200: { description: "Revoked (also for tokens that were not valid)", schema: z.object({}) }, 401: oauthError("invalid_client") },
  },
]);
