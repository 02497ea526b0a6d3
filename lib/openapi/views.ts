import { z } from "zod";
import type { AuditEventView } from "@/lib/audit/query";
import type { DirectoryGroupListItem, DirectoryUserView, RotatedToken } from "@/lib/directory";
import type { DirectoryTokenView, DirectoryView, ProvisioningLogEntry } from "@/lib/directory/schemas";
import type { DomainView } from "@/lib/domains/schemas";
import { directoryGroupData, directoryUserData } from "@/lib/events/catalog/directory";
import type { EventEnvelope, EventTypeView } from "@/lib/events/query";
import type { OrganizationView } from "@/lib/organizations";
import type { PortalLinkCreated, PortalLinkView } from "@/lib/portal/schemas";
import type { GroupRoleMappingView, RoleView } from "@/lib/roles/schemas";
import type { CertificateView } from "@/lib/saml/certificates";
import type { ClientSecretView, EnvironmentClientView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import type { ConnectionView } from "@/lib/sso/schemas";
import type { WebhookEndpointWithStats } from "@/lib/webhooks/endpoints";
import type { WebhookAttemptView, WebhookDeliveryView, WebhookEndpointView } from "@/lib/webhooks/schemas";

// What the API answers, as zod schemas for the OpenAPI document. Each is typed against the view the
// domain returns (z.ZodType<View>), so a field added to a view without its schema here fails to compile.

const time = z.iso.datetime({ offset: true }).describe("RFC 3339 time");

export const apiSchemas = z.registry<{ id: string; description?: string }>();

export const errorSchema = z.object({
  error: z.string().describe("The error code: invalid_token, insufficient_scope, not_found, conflict, limit_exceeded, validation_failed, rate_limited, …"),
  error_description: z.string().describe("What went wrong, in words; for validation_failed it names the first field"),
  details: z.array(z.object({ field: z.string().describe("Dotted path in the request: custom_claims.0.key"), message: z.string() })).optional()
    .describe("Every field in error (validation_failed, conflict)"),
});
apiSchemas.add(errorSchema, { id: "Error", description: "Every management API error" });

export const organizationSchema: z.ZodType<OrganizationView> = z.object({
  id: z.string().describe("org_…"),
  display_name: z.string(),
  external_id: z.string().nullable().describe("The host app's own id for the customer, unique"),
  metadata: z.record(z.string(), z.unknown()),
  features: z.array(z.string()).describe("The served features the organization has (see the features enum in requests)"),
  create_time: time,
  update_time: time,
});
apiSchemas.add(organizationSchema, { id: "Organization" });

export const clientSecretSchema: z.ZodType<ClientSecretView> = z.object({
  id: z.string().describe("sks_…"),
  secret_suffix: z.string().describe("The secret's last 4 characters"),
  status: z.enum(["ACTIVE", "INACTIVE"]),
  create_time: time,
  update_time: time,
  expire_time: time.nullable(),
  last_used_time: time.nullable(),
  created_by: z.string(),
});
apiSchemas.add(clientSecretSchema, { id: "ClientSecret", description: "A client secret's record; never the secret" });

export const servicePrincipalSchema: z.ZodType<ServicePrincipalView> = z.object({
  client_id: z.string().describe("m2morg_…"),
  name: z.string(),
  description: z.string(),
  organization_id: z.string().nullable(),
  scopes: z.array(z.string()),
  audience: z.array(z.string()),
  expiry: z.number().int().describe("Access-token lifetime in seconds"),
  custom_claims: z.array(z.object({ key: z.string(), value: z.string() })),
  status: z.enum(["active", "disabled"]),
  created_by: z.string(),
  secrets: z.array(clientSecretSchema),
  create_time: time,
  update_time: time,
});
apiSchemas.add(servicePrincipalSchema, { id: "ServicePrincipal", description: "An organization's OAuth client (API client, in the portal)" });

export const portalLinkCreatedSchema: z.ZodType<PortalLinkCreated> = z.object({
  id: z.string(),
  kind: z.enum(["embedded", "shareable"]),
  location: z.string().describe("Opens the portal: the iframe's src, or the link to share"),
  expire_time: time,
});
apiSchemas.add(portalLinkCreatedSchema, { id: "PortalLinkCreated" });

export const portalLinkSchema: z.ZodType<PortalLinkView> = z.object({
  id: z.string(),
  kind: z.enum(["embedded", "shareable"]),
  organization_id: z.string(),
  features: z.array(z.string()),
  actor: z.object({ id: z.string().optional(), email: z.string().optional(), name: z.string().optional() }).nullable(),
  show_header: z.boolean(),
  created_by: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  create_time: time,
  expire_time: time,
  last_used_time: time.nullable(),
  status: z.enum(["active", "expired", "revoked", "used"]),
});
apiSchemas.add(portalLinkSchema, { id: "PortalLink" });

export const auditEventSchema: z.ZodType<AuditEventView> = z.object({
  id: z.string(),
  time,
  organization_id: z.string().nullable(),
  actor: z.object({
    type: z.enum(["operator", "portal_user", "management_client", "service_principal", "system", "anonymous"]),
    id: z.string().nullable(),
    label: z.string().nullable(),
  }),
  action: z.string().describe("service_principal.created, client_secret.revoked, …"),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  before: z.unknown(),
  after: z.unknown(),
  metadata: z.unknown(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
});
apiSchemas.add(auditEventSchema, { id: "AuditEvent" });

export const domainSchema: z.ZodType<DomainView> = z.object({
  id: z.string().describe("dom_…"),
  organization_id: z.string(),
  name: z.string().describe("Normalised: lower case, no trailing dot, international names as punycode"),
  display_name: z.string().describe("International names in their own script"),
  status: z.enum(["pending", "verified", "failed"]),
  verification: z.object({
    record_type: z.literal("TXT"),
    record_name: z.string().describe("_portico.<domain>"),
    record_value: z.string().describe("portico-verification=<token>"),
    alternative_record_name: z.string().describe("The domain itself, where the record may stand instead"),
  }),
  verification_method: z.enum(["dns", "manual"]).nullable(),
  verified_time: time.nullable(),
  last_check_time: time.nullable(),
  last_check: z.object({
    outcome: z.enum(["verified", "not_found", "wrong_token", "timeout", "dns_error", "claimed_elsewhere"]),
    message: z.string(),
    record_name: z.string().optional(),
  }).nullable(),
  failure_reason: z.string().nullable(),
  next_check_time: time.nullable(),
  create_time: time,
  update_time: time,
});
apiSchemas.add(domainSchema, { id: "Domain" });

export const directoryTokenSchema: z.ZodType<DirectoryTokenView> = z.object({
  id: z.string().describe("dirtok_…"),
  suffix: z.string().describe("The token's last 4 characters"),
  create_time: time,
  expire_time: time.nullable().describe("Set while a rotation's overlap runs; null: until rotated"),
  last_used_time: time.nullable(),
});
apiSchemas.add(directoryTokenSchema, { id: "DirectoryToken", description: "A SCIM bearer token's record; never the token" });

export const directorySchema: z.ZodType<DirectoryView> = z.object({
  id: z.string().describe("dir_…"),
  organization_id: z.string(),
  directory_type: z.literal("SCIM"),
  provider: z.enum(["OKTA", "MICROSOFT_AD", "JUMPCLOUD", "ONELOGIN", "OTHER"]),
  name: z.string(),
  enabled: z.boolean(),
  status: z.enum(["pending", "active", "disabled"]).describe("pending until the IdP's first successful SCIM request"),
  primary: z.boolean(),
  scim_endpoint: z.string().describe("The SCIM 2.0 base URL to give the IdP"),
  last_sync_at: time.nullable(),
  last_error: z.object({ time, message: z.string() }).nullable(),
  total_users: z.number().int(),
  total_groups: z.number().int(),
  tokens: z.array(directoryTokenSchema).describe("The live SCIM tokens (two during a rotation's overlap)"),
  create_time: time,
  updated_at: time,
});
apiSchemas.add(directorySchema, { id: "Directory", description: "An organization's SCIM directory" });

// Users and groups are the shapes their events carry (lib/events/catalog/directory.ts), so the API and
// webhooks cannot disagree.
export const directoryUserSchema: z.ZodType<DirectoryUserView> = directoryUserData.extend({});
apiSchemas.add(directoryUserSchema, { id: "DirectoryUser", description: "A user the IdP provisioned, normalized whatever the IdP" });

export const directoryUserDetailSchema: z.ZodType<DirectoryUserView & { deleted: boolean }> = directoryUserData.extend({
  deleted: z.boolean().describe("Deprovisioned by the IdP (kept for the record)"),
});

export const directoryGroupSchema: z.ZodType<DirectoryGroupListItem> = directoryGroupData.extend({
  total_users: z.number().int(),
  role_name: z.string().nullable().describe("The role the group maps to in this organization (null: none)"),
});
apiSchemas.add(directoryGroupSchema, { id: "DirectoryGroup" });

export const provisioningLogEntrySchema: z.ZodType<ProvisioningLogEntry> = z.object({
  seq: z.string().describe("The entry's position; pass as before= for older entries"),
  time,
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  latency_ms: z.number().int(),
  scim_type: z.string().nullable().describe("The SCIM error type of a failed request (invalidFilter, uniqueness, …)"),
  detail: z.string().nullable(),
  request_id: z.string().nullable(),
  request_body: z.string().nullable().describe("The request body as received, secrets redacted, cut at a few KB"),
});
apiSchemas.add(provisioningLogEntrySchema, { id: "ProvisioningLogEntry", description: "One SCIM request the directory received" });

/** The rotation's answer: the domain's RotatedToken under the API's names. */
export const rotatedTokenSchema: z.ZodType<{ token: RotatedToken["token"]; plain_token: string; previous_tokens_expire_time: RotatedToken["previousTokensExpireTime"] }> = z.object({
  token: directoryTokenSchema,
  plain_token: z.string().describe("The new SCIM bearer token, shown this once"),
  previous_tokens_expire_time: time.nullable().describe("When the tokens it replaced stop working (null: they already have)"),
});

export const roleSchema: z.ZodType<RoleView> = z.object({
  id: z.string().describe("role_…"),
  name: z.string().describe("The key host apps see in roles[].role_name"),
  display_name: z.string(),
  description: z.string(),
  default: z.boolean().describe("Given to directory users in no mapped group"),
  create_time: time,
  update_time: time,
});
apiSchemas.add(roleSchema, { id: "Role" });

export const roleMappingSchema: z.ZodType<GroupRoleMappingView> = z.object({
  group_id: z.string(),
  group_name: z.string(),
  directory_id: z.string(),
  directory_name: z.string(),
  total_users: z.number().int().describe("The group's members"),
  role_name: z.string().nullable().describe("null: the group maps to no role"),
});
apiSchemas.add(roleMappingSchema, { id: "RoleMapping", description: "A directory group and the role it maps to" });

export const eventEnvelopeSchema: z.ZodType<EventEnvelope> = z.object({
  spec_version: z.literal("1"),
  id: z.string().describe("evt_…; also the webhook-id of its deliveries"),
  object: z.string().describe("Organization, ServicePrincipal, DirectoryUser, …"),
  environment_id: z.string(),
  occurred_at: time,
  organization_id: z.string().nullable(),
  type: z.string().describe("See GET /api/v1/event_types"),
  data: z.unknown().describe("The event type's data"),
});
apiSchemas.add(eventEnvelopeSchema, { id: "Event", description: "An event as webhooks deliver it" });

export const eventTypeSchema: z.ZodType<EventTypeView> = z.object({
  type: z.string(),
  object: z.string(),
  label: z.string(),
  description: z.string(),
  webhook: z.boolean().describe("Delivered to webhooks and listed by the events API (false: audit trail only)"),
  audit_action: z.string(),
  portal_event: z.string().nullable().describe("The admin portal's browser event for it, if any"),
});
apiSchemas.add(eventTypeSchema, { id: "EventType" });

const webhookEndpointFields = {
  id: z.string().describe("whe_…"),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()).describe("Empty: every webhook event type"),
  organization_ids: z.array(z.string()).describe("Empty: every organization"),
  status: z.enum(["enabled", "disabled"]),
  disabled_reason: z.enum(["operator", "failing"]).nullable().describe("failing: every delivery failed for 5 days"),
  disable_time: time.nullable(),
  previous_secret_expire_time: time.nullable().describe("Until when the previous secret still signs, after a rotation"),
  failing_since: time.nullable(),
  created_by: z.string(),
  create_time: time,
  update_time: time,
};

export const webhookEndpointSchema: z.ZodType<WebhookEndpointView> = z.object(webhookEndpointFields);
apiSchemas.add(webhookEndpointSchema, { id: "WebhookEndpoint" });

export const webhookEndpointWithStatsSchema: z.ZodType<WebhookEndpointWithStats> = z.object({
  ...webhookEndpointFields,
  stats: z.object({
    attempts_24h: z.number().int().describe("Delivery attempts in the last 24 hours"),
    succeeded_24h: z.number().int(),
    success_rate_24h: z.number().nullable().describe("succeeded / attempts; null without attempts"),
    pending: z.number().int().describe("Deliveries waiting or in flight"),
  }),
});
apiSchemas.add(webhookEndpointWithStatsSchema, { id: "WebhookEndpointWithStats", description: "A webhook endpoint with its last 24 hours of deliveries" });

const deliveryFields = {
  id: z.string(),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: z.enum(["pending", "sending", "succeeded", "failed"]),
  trigger: z.enum(["event", "resend", "replay", "test"]),
  attempts: z.number().int(),
  next_attempt_time: time.nullable(),
  last_attempt_time: time.nullable(),
  last_response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  create_time: time,
};

export const webhookDeliverySchema: z.ZodType<WebhookDeliveryView> = z.object(deliveryFields);
apiSchemas.add(webhookDeliverySchema, { id: "WebhookDelivery" });

export const webhookDeliveryListItemSchema: z.ZodType<WebhookDeliveryView & { last_latency_ms: number | null }> = z.object({
  ...deliveryFields,
  last_latency_ms: z.number().int().nullable(),
});

const webhookAttemptSchema: z.ZodType<WebhookAttemptView> = z.object({
  id: z.string(),
  attempt_time: time,
  response_status: z.number().int().nullable(),
  ok: z.boolean(),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().nullable().describe("The start of the receiver's answer"),
});

export const webhookDeliveryDetailSchema: z.ZodType<WebhookDeliveryView & { attempt_log: WebhookAttemptView[]; payload: EventEnvelope | null }> = z.object({
  ...deliveryFields,
  attempt_log: z.array(webhookAttemptSchema),
  payload: eventEnvelopeSchema.nullable(),
});

const certificateSchema: z.ZodType<CertificateView> = z.object({
  subject: z.string(),
  issuer: z.string(),
  not_before: time,
  not_after: time,
  fingerprint_sha256: z.string().describe("Colon-separated hex, as IdPs' admin screens show it"),
  expires_soon: z.boolean().describe("Expired or expiring within 30 days"),
  expired: z.boolean(),
});
apiSchemas.add(certificateSchema, { id: "Certificate", description: "An identity provider's signing certificate" });

export const connectionSchema: z.ZodType<ConnectionView> = z.object({
  id: z.string().describe("conn_…"),
  organization_id: z.string(),
  connection_type: z.literal("SSO"),
  type: z.enum(["SAML", "OIDC"]),
  provider: z.string().describe("OKTA, MICROSOFT_ENTRA_ID, GOOGLE_WORKSPACE, JUMPCLOUD, ONELOGIN, PING_IDENTITY, MICROSOFT_AD_FS, GENERIC_SAML or GENERIC_OIDC"),
  enabled: z.boolean(),
  status: z.enum(["draft", "configured", "tested", "enabled"])
    .describe("draft: the IdP side is incomplete; configured: ready to test; tested: a passing test at the current settings (it may be enabled); enabled"),
  attribute_mapping: z.record(z.string(), z.string()).describe("Profile field or custom attribute key → the IdP's attribute or claim name"),
  allowed_domains: z.array(z.string()).describe("Email domains its users may have; empty: any"),
  verified_domains_only: z.boolean().describe("Only users whose email domain the organization verified"),
  idp_initiated_login: z.boolean().describe("SAML: accept logins started at the IdP (off by default)"),
  saml: z.object({
    sp_entity_id: z.string().describe("Give this to the IdP (Audience URI)"),
    acs_url: z.string().describe("Give this to the IdP (Single sign-on URL, Reply URL)"),
    sp_metadata_url: z.string().describe("Portico's SP metadata; ?download=1 for a file"),
    metadata_url: z.string().nullable().describe("The IdP's metadata URL, re-read daily"),
    metadata_fetch_time: time.nullable(),
    metadata_error: z.string().nullable().describe("Why the last refresh failed"),
    idp_entity_id: z.string().nullable(),
    idp_sso_url: z.string().nullable(),
    idp_sso_binding: z.enum(["HTTP-Redirect", "HTTP-POST"]),
    idp_certificates: z.array(certificateSchema),
    want_response_signed: z.boolean().describe("Require the Response's signature too (the Assertion's always is)"),
  }).nullable(),
  oidc: z.object({
    redirect_uri: z.string().describe("Register this at the IdP"),
    issuer: z.string().nullable(),
    client_id: z.string().nullable(),
    client_secret_set: z.boolean().describe("The secret itself is never returned"),
    client_secret_suffix: z.string().nullable().describe("Its last 4 characters"),
    scopes: z.array(z.string()),
  }).nullable(),
  last_test: z.object({
    id: z.string().describe("tst_…"),
    passed: z.boolean(),
    error_code: z.string().nullable(),
    create_time: time,
    current: z.boolean().describe("Whether it ran with the current settings (only such a passing test lets it be enabled)"),
  }).nullable(),
  create_time: time,
  update_time: time,
});
apiSchemas.add(connectionSchema, { id: "Connection", description: "An organization's SSO connection to its identity provider" });

export const redirectUrisSchema: z.ZodType<Pick<EnvironmentClientView, "client_id" | "redirect_uris" | "default_redirect_uri">> = z.object({
  client_id: z.string().describe("The calling environment client (skc_…)"),
  redirect_uris: z.array(z.string()).describe("Where /oauth/authorize may send users back, matched exactly"),
  default_redirect_uri: z.string().nullable().describe("Where IdP-initiated logins land (one of redirect_uris)"),
});

export const oauthErrorSchema = z.object({
  error: z.enum(["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target", "too_many_requests", "server_error", "invalid_token", "insufficient_scope"]),
  error_description: z.string().optional(),
});
apiSchemas.add(oauthErrorSchema, { id: "OAuthError", description: "RFC 6749 error response" });
