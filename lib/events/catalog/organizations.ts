import { z } from "zod";
import { defineEvents } from "../define";

// Organizations and their service principals: the families PRODUCT.md and issue 9 name for host apps.

const organization = z.object({
  id: z.string(),
  display_name: z.string(),
  external_id: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  features: z.array(z.string()),
  create_time: z.string(),
  update_time: z.string(),
});

/** A service principal as webhooks carry it: the API's view without its secrets (they have their own events). */
const servicePrincipal = z.object({
  client_id: z.string(),
  name: z.string(),
  description: z.string(),
  organization_id: z.string(),
  scopes: z.array(z.string()),
  audience: z.array(z.string()),
  expiry: z.number(),
  custom_claims: z.array(z.object({ key: z.string(), value: z.string() })),
  status: z.enum(["active", "disabled"]),
  created_by: z.string(),
  create_time: z.string(),
  update_time: z.string(),
});

/** A secret's record (never the secret): which principal, its id and last four characters. */
const servicePrincipalSecret = z.object({
  client_id: z.string(),
  organization_id: z.string(),
  secret: z.object({
    id: z.string(),
    secret_suffix: z.string(),
    status: z.enum(["ACTIVE", "INACTIVE"]),
    create_time: z.string(),
    expire_time: z.string().nullable(),
    created_by: z.string(),
  }),
});

/** An organization's session settings overrides (null: the deployment default applies). */
const sessionSettings = z.object({
  organization_id: z.string(),
  absolute_timeout_sec: z.number().nullable(),
  idle_timeout_sec: z.number().nullable(),
  access_token_lifetime_sec: z.number().nullable(),
});

export const organizationEvents = defineEvents({
  "organization.created": {
    object: "Organization", label: "Organization created", description: "An organization (tenant) was created.",
    data: organization, audit: { action: "organization.created", target: "organization" }, webhook: true,
  },
  "organization.updated": {
    object: "Organization", label: "Organization updated", description: "An organization's name, external id, metadata or features changed.",
    data: organization, audit: { action: "organization.updated", target: "organization" }, webhook: true,
  },
  "organization.deleted": {
    object: "Organization", label: "Organization deleted", description: "An organization was deleted with everything it owned.",
    data: organization, audit: { action: "organization.deleted", target: "organization" }, webhook: true,
  },
  "organization.service_principal.created": {
    object: "ServicePrincipal", label: "Service principal created", description: "A service principal (an organization's OAuth client) was created.",
    data: servicePrincipal, audit: { action: "service_principal.created", target: "service_principal" }, webhook: true,
    portal: "SERVICE_PRINCIPAL_CREATED", portalData: (d) => ({ client_id: d.client_id, name: d.name }),
  },
  "organization.service_principal.updated": {
    object: "ServicePrincipal", label: "Service principal updated", description: "A service principal's name, description, scopes, audience, token lifetime or claims changed (enabling and disabling are events of their own).",
    data: servicePrincipal, audit: { action: "service_principal.updated", target: "service_principal" }, webhook: true,
  },
  "organization.service_principal.deleted": {
    object: "ServicePrincipal", label: "Service principal deleted", description: "A service principal was deleted; its tokens stop passing introspection.",
    data: servicePrincipal, audit: { action: "service_principal.deleted", target: "service_principal" }, webhook: true,
    portal: "SERVICE_PRINCIPAL_DELETED", portalData: (d) => ({ client_id: d.client_id, name: d.name }),
  },
  "organization.service_principal.enabled": {
    object: "ServicePrincipal", label: "Service principal enabled", description: "A disabled service principal was enabled again (with any other changes made at the same time).",
    data: servicePrincipal, audit: { action: "service_principal.enabled", target: "service_principal" }, webhook: true,
  },
  "organization.service_principal.disabled": {
    object: "ServicePrincipal", label: "Service principal disabled", description: "A service principal was disabled: it gets no new tokens and its tokens stop passing introspection.",
    data: servicePrincipal, audit: { action: "service_principal.disabled", target: "service_principal" }, webhook: true,
  },
  "organization.service_principal.secret_created": {
    object: "ServicePrincipal", label: "Service principal secret created", description: "A client secret was added to a service principal (the secret itself is never sent).",
    data: servicePrincipalSecret, audit: { action: "client_secret.created", target: "client_secret" }, webhook: true,
  },
  "organization.service_principal.secret_revoked": {
    object: "ServicePrincipal", label: "Service principal secret revoked", description: "A service principal's client secret was revoked.",
    data: servicePrincipalSecret, audit: { action: "client_secret.revoked", target: "client_secret" }, webhook: true,
  },
  "organization.session_settings.updated": {
    object: "SessionSettings", label: "Session settings updated", description: "An organization's session lifetime, idle timeout or access-token lifetime override changed.",
    data: sessionSettings, audit: { action: "session_settings.updated", target: "organization" }, webhook: true,
  },
});
