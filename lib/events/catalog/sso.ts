import { z } from "zod";
import { defineEvents } from "../define";

// SSO: connections (compat.md §4.1 shape, §12 row 15: connection events mirror the portal's UI events)
// and logins. Login events go to the audit trail only and carry ids, never assertion or token content.

/** A connection as events carry it (Scalekit's UI-event shape plus timestamps); never secrets. */
const connection = z.object({
  id: z.string(),
  organization_id: z.string(),
  connection_type: z.literal("SSO"),
  type: z.enum(["SAML", "OIDC"]),
  provider: z.string(),
  enabled: z.boolean(),
  create_time: z.string(),
  update_time: z.string(),
});

const connectionTest = connection.extend({
  test: z.object({ id: z.string(), passed: z.boolean(), error_code: z.string().nullable() }),
});

const certificateChange = connection.extend({
  /** SHA-256 fingerprints of the IdP signing certificates before and after a metadata refresh. */
  certificates_before: z.array(z.string()),
  certificates_after: z.array(z.string()),
});

const login = z.object({
  connection_id: z.string(),
  organization_id: z.string(),
  /** The login request (RelayState / state), or null for an unsolicited response. */
  request_id: z.string().nullable(),
  idp_initiated: z.boolean(),
  /** The host app's client, when the login came through /oauth/authorize. */
  client_id: z.string().nullable(),
  /** The login session handed to the host app (sid). */
  session_id: z.string().nullable(),
  /** SAML assertion id (never its content). */
  assertion_id: z.string().nullable(),
  /** connection_id;idp user id, when the identity provider's answer got that far. */
  user_id: z.string().nullable(),
  error_code: z.string().nullable(),
});

/** The browser event's data (compat.md §3.4): the connection's identity and state, no timestamps. */
const portalData = (d: Record<string, unknown>) => ({
  connection_type: d.connection_type, id: d.id, type: d.type, provider: d.provider, enabled: d.enabled, organization_id: d.organization_id,
});

export const ssoEvents = defineEvents({
  "organization.sso_enabled": {
    object: "Connection", label: "SSO connection enabled", description: "An SSO connection was enabled: the organization's users can sign in through it.",
    data: connection, audit: { action: "connection.enabled", target: "connection" }, webhook: true, portal: "ORGANIZATION_SSO_ENABLED", portalData,
  },
  "organization.sso_disabled": {
    object: "Connection", label: "SSO connection disabled", description: "An SSO connection was disabled: sign-ins through it stop at once.",
    data: connection, audit: { action: "connection.disabled", target: "connection" }, webhook: true, portal: "ORGANIZATION_SSO_DISABLED", portalData,
  },
  "organization.connection.created": {
    object: "Connection", label: "SSO connection created", description: "An SSO connection (SAML or OIDC) was added to an organization.",
    data: connection, audit: { action: "connection.created", target: "connection" }, webhook: true,
  },
  "organization.connection.updated": {
    object: "Connection", label: "SSO connection updated", description: "An SSO connection's identity provider settings, attribute mapping or allowed domains changed.",
    data: connection, audit: { action: "connection.updated", target: "connection" }, webhook: true,
  },
  "organization.connection.deleted": {
    object: "Connection", label: "SSO connection deleted", description: "An SSO connection was deleted.",
    data: connection, audit: { action: "connection.deleted", target: "connection" }, webhook: true,
  },
  "organization.connection.tested": {
    object: "Connection", label: "SSO connection tested", description: "Test connection ran a real sign-in; the result and its error code.",
    data: connectionTest, audit: { action: "connection.tested", target: "connection" }, webhook: false,
  },
  "organization.connection.certificate_changed": {
    object: "Connection", label: "SSO certificate changed", description: "The identity provider's signing certificates changed at its metadata URL.",
    data: certificateChange, audit: { action: "connection.certificate_changed", target: "connection" }, webhook: false,
  },
  "sso.login_succeeded": {
    object: "Connection", label: "SSO sign-in succeeded", description: "A user signed in through an SSO connection.",
    data: login, audit: { action: "sso.login_succeeded", target: "connection" }, webhook: false,
  },
  "sso.login_failed": {
    object: "Connection", label: "SSO sign-in failed", description: "A sign-in through an SSO connection failed, with its error code.",
    data: login, audit: { action: "sso.login_failed", target: "connection" }, webhook: false,
  },
  "sso_custom_attributes.updated": {
    object: "DeploymentSetting", label: "Custom SSO attributes updated", description: "The deployment's registry of custom SSO attributes (beyond email and name) changed.",
    data: z.object({ id: z.string() }), audit: { action: "sso_custom_attributes.updated", target: "deployment_setting" }, webhook: false,
  },
});
