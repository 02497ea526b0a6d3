import { z } from "zod";
import { defineEvents } from "../define";

// Deployment internals: operators, settings, the scope catalog, environment clients, signing keys, the
// token service's security events, portal links and the audit log itself. They stay in the audit trail
// (webhook: false): host apps do these things themselves or have no business seeing them. Their data is
// the audit record's own detail, so the schema is an open object with the fields each entry names.

/** An open record: the fields listed are there, others may be. */
const detail = <T extends z.ZodRawShape>(shape: T) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open record: any view (interfaces included) with these fields
  z.looseObject(shape) as unknown as z.ZodType<z.output<z.ZodObject<T>> & Record<string, unknown>, z.input<z.ZodObject<T>> & { [key: string]: any }>;
const id = z.string();

/**
 * Why a console sign-in failed: wrong email or password, or refused before the password was checked
 * because this address failed too often for this email (source_limited), for any email (ip_limited), or
 * the email failed too often from every address together (email_limited: a distributed attack).
 */
export const SIGN_IN_FAILURE_REASONS = ["invalid_credentials", "source_limited", "ip_limited", "email_limited"] as const;
/** Why a client failed to authenticate at the token, introspection or revocation endpoint. */
export const CLIENT_AUTH_FAILURE_REASONS = [
  "missing_credentials", "malformed_client_id", "unknown_client", "wrong_secret", "secret_revoked", "secret_expired", "client_disabled", "organization_deleted",
] as const;

export const deploymentEvents = defineEvents({
  // ── operators (console users) ──
  "operator.created": {
    object: "Operator", label: "Operator created", description: "An operator account was created (first owner, invitation accepted or bootstrap).",
    data: detail({ id }), audit: { action: "operator.created", target: "operator" }, webhook: false,
  },
  "operator.role_changed": {
    object: "Operator", label: "Operator role changed", description: "An operator's role (owner, admin, auditor) changed.",
    data: detail({ id }), audit: { action: "operator.role_changed", target: "operator" }, webhook: false,
  },
  "operator.removed": {
    object: "Operator", label: "Operator removed", description: "An operator account was removed.",
    data: detail({ id }), audit: { action: "operator.removed", target: "operator" }, webhook: false,
  },
  "operator.signed_in": {
    object: "Operator", label: "Operator signed in", description: "An operator signed in to the console.",
    data: detail({ id }), audit: { action: "operator.signed_in", target: "operator" }, webhook: false,
  },
  "operator.signed_out": {
    object: "Operator", label: "Operator signed out", description: "An operator signed out; that session is revoked on the server.",
    data: detail({ id, session_id: z.string() }), audit: { action: "operator.signed_out", target: "operator" }, webhook: false,
  },
  "operator.signed_out_everywhere": {
    object: "Operator", label: "Operator signed out everywhere", description: "Every console session of an operator was ended at once.",
    data: detail({ id }), audit: { action: "operator.signed_out_everywhere", target: "operator" }, webhook: false,
  },
  "operator.sign_in_failed": {
    object: "Operator", label: "Operator sign-in failed", description: "A console sign-in failed: wrong credentials, or refused by throttling (per email and address, per address, or the email's ceiling across addresses); repeats within a minute are summarised.",
    data: detail({ email: z.string(), reason: z.enum(SIGN_IN_FAILURE_REASONS) }), audit: { action: "operator.sign_in_failed", target: "operator" }, webhook: false,
  },
  "operator_invitation.created": {
    object: "OperatorInvitation", label: "Operator invitation created", description: "An owner invited someone to the console.",
    data: detail({ id }), audit: { action: "operator_invitation.created", target: "operator_invitation" }, webhook: false,
  },
  "operator_invitation.revoked": {
    object: "OperatorInvitation", label: "Operator invitation revoked", description: "A pending console invitation was revoked.",
    data: detail({ id }), audit: { action: "operator_invitation.revoked", target: "operator_invitation" }, webhook: false,
  },

  // ── deployment settings ──
  "session_defaults.updated": {
    object: "DeploymentSetting", label: "Session defaults updated", description: "The deployment's default session lifetime, idle timeout or maximum access-token lifetime changed.",
    data: detail({ id }), audit: { action: "session_defaults.updated", target: "deployment_setting" }, webhook: false,
  },
  "branding.updated": {
    object: "DeploymentSetting", label: "Branding updated", description: "The portal's product name, accent colour, logo or favicon changed.",
    data: detail({ id }), audit: { action: "branding.updated", target: "deployment_setting" }, webhook: false,
  },
  "signing_key_settings.updated": {
    object: "DeploymentSetting", label: "Signing key settings updated", description: "The signing algorithm or the rotation interval changed.",
    data: detail({ id }), audit: { action: "signing_key_settings.updated", target: "deployment_setting" }, webhook: false,
  },
  "allowed_origin.added": {
    object: "AllowedOrigin", label: "Allowed origin added", description: "An origin may now embed the admin portal and receive its browser events.",
    data: detail({ id }), audit: { action: "allowed_origin.added", target: "allowed_origin" }, webhook: false,
  },
  "allowed_origin.removed": {
    object: "AllowedOrigin", label: "Allowed origin removed", description: "An origin may no longer embed the admin portal.",
    data: detail({ id }), audit: { action: "allowed_origin.removed", target: "allowed_origin" }, webhook: false,
  },

  // ── scope catalog ──
  "api_resource.created": {
    object: "ApiResource", label: "API created", description: "An API (audience and scopes) was added to the scope catalog.",
    data: detail({ id }), audit: { action: "api_resource.created", target: "api_resource" }, webhook: false,
  },
  "api_resource.updated": {
    object: "ApiResource", label: "API updated", description: "An API's name, audience or description changed (an audience change carries over to the clients that named it).",
    data: detail({ id }), audit: { action: "api_resource.updated", target: "api_resource" }, webhook: false,
  },
  "api_resource.deleted": {
    object: "ApiResource", label: "API deleted", description: "An API was removed from the scope catalog.",
    data: detail({ id }), audit: { action: "api_resource.deleted", target: "api_resource" }, webhook: false,
  },
  "api_scope.created": {
    object: "ApiScope", label: "Scope created", description: "A scope was added to an API.",
    data: detail({ id }), audit: { action: "api_scope.created", target: "api_scope" }, webhook: false,
  },
  "api_scope.updated": {
    object: "ApiScope", label: "Scope updated", description: "A scope's description changed.",
    data: detail({ id }), audit: { action: "api_scope.updated", target: "api_scope" }, webhook: false,
  },
  "api_scope.deleted": {
    object: "ApiScope", label: "Scope deleted", description: "A scope was removed from an API.",
    data: detail({ id }), audit: { action: "api_scope.deleted", target: "api_scope" }, webhook: false,
  },

  // ── environment-level clients ──
  "environment_client.created": {
    object: "EnvironmentClient", label: "Environment client created", description: "An environment-level client (management or multi-organization) was created.",
    data: detail({ client_id: id }), audit: { action: "environment_client.created", target: "environment_client" }, webhook: false,
  },
  "environment_client.updated": {
    object: "EnvironmentClient", label: "Environment client updated", description: "An environment client's scopes, audience, organizations or other settings changed.",
    data: detail({ client_id: id }), audit: { action: "environment_client.updated", target: "environment_client" }, webhook: false,
  },
  "environment_client.enabled": {
    object: "EnvironmentClient", label: "Environment client enabled", description: "A disabled environment client was enabled again.",
    data: detail({ client_id: id }), audit: { action: "environment_client.enabled", target: "environment_client" }, webhook: false,
  },
  "environment_client.disabled": {
    object: "EnvironmentClient", label: "Environment client disabled", description: "An environment client was disabled.",
    data: detail({ client_id: id }), audit: { action: "environment_client.disabled", target: "environment_client" }, webhook: false,
  },
  "environment_client.deleted": {
    object: "EnvironmentClient", label: "Environment client deleted", description: "An environment client was deleted.",
    data: detail({ client_id: id }), audit: { action: "environment_client.deleted", target: "environment_client" }, webhook: false,
  },
  "environment_client.secret_created": {
    object: "EnvironmentClient", label: "Environment client secret created", description: "A client secret was added to an environment client (the secret itself is never recorded).",
    data: detail({ client_id: id, id }), audit: { action: "client_secret.created", target: "client_secret" }, webhook: false,
  },
  "environment_client.secret_revoked": {
    object: "EnvironmentClient", label: "Environment client secret revoked", description: "An environment client's secret was revoked.",
    data: detail({ client_id: id, id }), audit: { action: "client_secret.revoked", target: "client_secret" }, webhook: false,
  },

  // ── token service ──
  "signing_key.created": {
    object: "SigningKey", label: "Signing key created", description: "A token signing key was created (published as next, or current on first start).",
    data: detail({ id }), audit: { action: "signing_key.created", target: "signing_key" }, webhook: false,
  },
  "signing_key.activated": {
    object: "SigningKey", label: "Signing key activated", description: "A published next key became the signing key without a rotation (an interrupted rotation).",
    data: detail({ id }), audit: { action: "signing_key.activated", target: "signing_key" }, webhook: false,
  },
  "signing_key.rotated": {
    object: "SigningKey", label: "Signing keys rotated", description: "The next key became the signing key and a new next key was published.",
    data: detail({ id }), audit: { action: "signing_key.rotated", target: "signing_key" }, webhook: false,
  },
  "signing_key.retired": {
    object: "SigningKey", label: "Signing key retired", description: "A signing key was unpublished and its private key wiped.",
    data: detail({ id }), audit: { action: "signing_key.retired", target: "signing_key" }, webhook: false,
  },
  "client_authentication.failed": {
    object: "Client", label: "Client authentication failed", description: "A client sent a wrong, revoked or expired secret, or an unknown or malformed client id; repeats within a minute are summarised.",
    data: detail({ client_id: z.string().nullable(), reason: z.enum(CLIENT_AUTH_FAILURE_REASONS) }), audit: { action: "client_authentication.failed", target: "client" }, webhook: false,
  },
  "access_token.revoked": {
    object: "AccessToken", label: "Access token revoked", description: "An access token was revoked (RFC 7009).",
    data: detail({ jti: z.string(), client_id: z.string() }), audit: { action: "access_token.revoked", target: "access_token" }, webhook: false,
  },

  // ── admin portal links ──
  "portal_link.created": {
    object: "PortalLink", label: "Portal link created", description: "An embedded or shareable admin portal link was generated.",
    data: detail({ id }), audit: { action: "portal_link.created", target: "portal_link" }, webhook: false,
  },
  "portal_link.revoked": {
    object: "PortalLink", label: "Portal link revoked", description: "A shareable portal link was revoked and its sessions ended.",
    data: detail({ id }), audit: { action: "portal_link.revoked", target: "portal_link" }, webhook: false,
  },
  "portal_link.used": {
    object: "PortalLink", label: "Portal link used", description: "A portal link was opened and started a portal session.",
    data: detail({ id }), audit: { action: "portal_link.used", target: "portal_link" }, webhook: false,
  },
  "portal_link.open_failed": {
    object: "PortalLink", label: "Portal link open failed", description: "A used, expired or revoked portal link was opened; repeats within a minute are summarised.",
    data: detail({ link_id: z.string(), reason: z.string() }), audit: { action: "portal_link.open_failed", target: "portal_link" }, webhook: false,
  },

  // ── the audit log ──
  "audit_log.exported": {
    object: "AuditLog", label: "Audit log exported", description: "An operator exported the audit log (CSV or NDJSON) under a filter.",
    data: detail({ format: z.string() }), audit: { action: "audit_log.exported", target: "audit_log" }, webhook: false,
  },
  "audit_chain.sealed": {
    object: "AuditLog", label: "Audit chain sealed", description: "Start-up signed the chain head of a deployment upgraded from unkeyed hashing; more than one is a sign of tampering.",
    data: detail({}), audit: { action: "audit_chain.sealed", target: "audit_log" }, webhook: false,
  },
});
