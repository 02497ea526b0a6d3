import { z } from "zod";
import { authorizeQuerySchema, userinfoResponseSchema } from "@/lib/oauth/schemas";
import { ownRedirectUrisSchema } from "@/lib/service-principals/schemas";
import { createConnectionSchema, enableConnectionSchema, updateConnectionSchema } from "@/lib/sso/schemas";
import { defineOperations, MANAGEMENT_ERRORS, organizationParams } from "../define";
import { connectionSchema, oauthErrorSchema, redirectUrisSchema } from "../views";

// Single sign-on: an organization's connections (/api/v1/organizations/{id}/connections, with the
// :enable / :disable custom methods), the host app's own redirect URIs (/api/v1/redirect_uris), the
// browser flow that starts a login (/oauth/authorize) and userinfo for its tokens, and the endpoints the
// tenant's identity provider talks to (SAML metadata and ACS, the OIDC callback). The code exchange is
// the authorization_code grant of POST /oauth/token (./oauth.ts).

const org = organizationParams;
const connection = org.extend({ connection_id: z.string().describe("conn_…") });
const idpFacing = z.object({ connection_id: z.string().describe("conn_…") });

const COMMON = MANAGEMENT_ERRORS;
const ONE = { ...COMMON, 404: "not_found: no such organization or connection for this client (others' answer the same)" };
const WRITE = {
  ...ONE, 413: "payload_too_large: connection bodies may be up to 600 KB (IdP metadata XML)", 415: "unsupported_media_type: send JSON",
  422: "validation_failed: details names each field (an unreadable metadata URL or XML, a bad certificate, an OIDC issuer without discovery)",
};
const one = (description: string) => ({ description, schema: z.object({ connection: connectionSchema }) });
const html = (description: string) => ({ description, contentType: "text/html" });

export const ssoOperations = defineOperations([
  {
    id: "createConnection", method: "post", path: "/api/v1/organizations/{id}/connections", tag: "Single sign-on", auth: { scope: "connections:write" },
    summary: "Create an SSO connection",
    description: "SAML or OIDC, by provider. The IdP side may come now (SAML: metadata_url, metadata_xml or the fields by hand; OIDC: issuer, client_id, client_secret) or later. A connection is created disabled. At most 10 per organization.",
    params: org, body: { schema: createConnectionSchema, required: true },
    responses: { 201: one("Created, with the values to give the IdP"), ...WRITE, 409: "limit_exceeded: the organization has 10 connections" },
  },
  {
    id: "listConnections", method: "get", path: "/api/v1/organizations/{id}/connections", tag: "Single sign-on", auth: { scope: "connections:read" },
    summary: "List an organization's SSO connections", description: "Oldest first: logins use the first enabled one unless the request names one.",
    params: org,
    responses: { 200: { description: "The connections", schema: z.object({ connections: z.array(connectionSchema) }) }, ...ONE },
  },
  {
    id: "getConnection", method: "get", path: "/api/v1/organizations/{id}/connections/{connection_id}", tag: "Single sign-on", auth: { scope: "connections:read" },
    summary: "Get an SSO connection", params: connection,
    responses: { 200: one("The connection"), ...ONE },
  },
  {
    id: "updateConnection", method: "patch", path: "/api/v1/organizations/{id}/connections/{connection_id}", tag: "Single sign-on", auth: { scope: "connections:write" },
    summary: "Update an SSO connection",
    description: "Changes to what a login depends on (the IdP side, the mapping, allowed domains) void earlier tests: an enabled connection stays enabled, a disabled one needs a new passing test.",
    params: connection, body: { schema: updateConnectionSchema, required: true },
    responses: { 200: one("The connection"), ...WRITE },
  },
  {
    id: "deleteConnection", method: "delete", path: "/api/v1/organizations/{id}/connections/{connection_id}", tag: "Single sign-on", auth: { scope: "connections:write" },
    summary: "Delete an SSO connection", description: "With its test results and pending sign-ins. Sign-ins through it stop at once.", params: connection,
    responses: { 204: "Deleted", ...ONE },
  },
  {
    id: "enableConnection", method: "patch", path: "/api/v1/organizations/{id}/connections/{connection_id}:enable", tag: "Single sign-on", auth: { scope: "connections:write" },
    summary: "Enable an SSO connection",
    description: "Needs a passing Test connection at the current settings, or {\"skip_test\": true} (recorded in the audit trail as an override). Emits organization.sso_enabled and the portal's ORGANIZATION_SSO_ENABLED. The body is optional.",
    params: connection, body: { schema: enableConnectionSchema, required: false },
    responses: { 200: one("The connection, enabled"), ...WRITE, 409: "conflict: the settings are incomplete, or there is no passing test at the current settings" },
  },
  {
    id: "disableConnection", method: "patch", path: "/api/v1/organizations/{id}/connections/{connection_id}:disable", tag: "Single sign-on", auth: { scope: "connections:write" },
    summary: "Disable an SSO connection", description: "Sign-ins through it stop at once. Emits organization.sso_disabled and the portal's ORGANIZATION_SSO_DISABLED.",
    params: connection,
    responses: { 200: one("The connection, disabled"), ...ONE },
  },
  {
    id: "getRedirectUris", method: "get", path: "/api/v1/redirect_uris", tag: "Single sign-on", auth: { scope: "clients:read" },
    summary: "The calling client's SSO redirect URIs",
    responses: { 200: { description: "Its redirect URIs and default", schema: redirectUrisSchema }, ...COMMON, 422: "validation_failed: only an environment client's own token has redirect URIs" },
  },
  {
    id: "setRedirectUris", method: "put", path: "/api/v1/redirect_uris", tag: "Single sign-on", auth: { scope: "clients:write" },
    summary: "Set the calling client's SSO redirect URIs",
    description: "Replaces both. Exact URIs: https (http only for localhost), no query, fragment or wildcard; at most 5. One environment client of the deployment has a default redirect URI (where IdP-initiated logins land).",
    body: { schema: ownRedirectUrisSchema, required: true },
    responses: { 200: { description: "Its redirect URIs and default", schema: redirectUrisSchema }, ...COMMON, 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each URI" },
  },
  {
    id: "authorize", method: "get", path: "/oauth/authorize", tag: "Single sign-on", auth: "none",
    summary: "Start an SSO login (authorization code flow)",
    description:
      "The host app sends its user's browser here (GET, or POST with the same parameters form-encoded). The connection is chosen by connection_id, then organization_id (with provider), then domain, then login_hint's domain. " +
      "Portico sends the browser to the tenant's IdP and, after the login, back to redirect_uri with code and state; the host app exchanges the code at POST /oauth/token (grant_type=authorization_code). " +
      "Errors past the client check go back to redirect_uri as error and error_description (invalid_request, unsupported_response_type, invalid_scope, or an SSO code such as no_active_connections, domain_not_found, invalid_user_domain).",
    query: authorizeQuerySchema,
    responses: {
      302: { description: "To the IdP; or to redirect_uri with code and state, or with error and error_description", headers: { Location: "Where the browser goes next" } },
      200: html("An HTML form that posts the SAML request to the IdP (HTTP-POST binding)"),
      400: html("An HTML page for an unknown client_id or an unregistered redirect_uri: never redirected"),
    },
  },
  {
    id: "userinfo", method: "get", path: "/oauth/userinfo", tag: "Single sign-on", auth: "user",
    summary: "The signed-in user's claims (OIDC userinfo)",
    description: "For access tokens of the authorization code grant with the openid scope; email and profile claims by scope. Also accepts POST.",
    responses: {
      200: { description: "The claims (Cache-Control: no-store)", schema: userinfoResponseSchema },
      401: { description: "invalid_token (WWW-Authenticate: Bearer)", schema: oauthErrorSchema },
      403: { description: "insufficient_scope: not a user login's token, or without openid", schema: oauthErrorSchema },
    },
  },
  {
    id: "getSamlMetadata", method: "get", path: "/sso/saml/{connection_id}/metadata", tag: "Single sign-on", auth: "none",
    summary: "A SAML connection's SP metadata", description: "For the tenant's IdP to import: entity ID, ACS URL, the SP certificate. ?download=1 serves it as a file.",
    params: idpFacing, query: z.object({ download: z.literal("1").optional().describe("Serve as an attachment") }),
    responses: { 200: { description: "SAML 2.0 metadata", contentType: "application/samlmetadata+xml" }, 404: { description: "No such SAML connection", contentType: "text/plain" } },
  },
  {
    id: "samlAssertionConsumerService", method: "post", path: "/sso/saml/{connection_id}/acs", tag: "Single sign-on", auth: "none",
    summary: "A SAML connection's Assertion Consumer Service",
    description: "Where the tenant's IdP posts its SAML response (HTTP-POST binding). The response's signature, InResponseTo, audience, recipient, destination, time window and one-time assertion id are checked; the browser then goes back to the host app's redirect URI.",
    params: idpFacing,
    body: {
      schema: z.object({ SAMLResponse: z.string().describe("Base64 SAML 2.0 Response"), RelayState: z.string().optional().describe("Portico's login request, or for IdP-initiated logins an optional same-origin path") }),
      contentTypes: ["application/x-www-form-urlencoded"], required: true,
    },
    responses: { 302: { description: "To the host app's redirect URI (code, or error), or to a test result page", headers: { Location: "Where the browser goes next" } }, 400: html("A plain error page when there is no safe place to send the user") },
  },
  {
    id: "oidcCallback", method: "get", path: "/sso/oidc/{connection_id}/callback", tag: "Single sign-on", auth: "none",
    summary: "An OIDC connection's redirect URI", description: "Where the tenant's IdP sends the browser back with code and state (register it at the IdP).",
    params: idpFacing, query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional(), error_description: z.string().optional() }),
    responses: { 302: { description: "To the host app's redirect URI (code, or error), or to a test result page", headers: { Location: "Where the browser goes next" } }, 400: html("A plain error page when there is no safe place to send the user") },
  },
]);
