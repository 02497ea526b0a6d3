import { z } from "zod";
import type { AuditEventView } from "@/lib/audit/query";
import type { DomainView } from "@/lib/domains/schemas";
import type { OrganizationView } from "@/lib/organizations";
import type { PortalLinkCreated, PortalLinkView } from "@/lib/portal/schemas";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";

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

export const oauthErrorSchema = z.object({
  error: z.enum(["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target", "too_many_requests", "server_error"]),
  error_description: z.string().optional(),
});
apiSchemas.add(oauthErrorSchema, { id: "OAuthError", description: "RFC 6749 error response" });
