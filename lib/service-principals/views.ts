import type { ClientSecret, ServicePrincipal } from "@/lib/generated/prisma/client";
import type { ClientSecretView, EnvironmentClientView, OrganizationUsage, ServicePrincipalView } from "./schemas";

// Database rows → the API's shapes (PRODUCT.md "Management API"; Scalekit's field names). Never a hash.

export type ClientWithSecrets = ServicePrincipal & { secrets: ClientSecret[] };

export function clientSecretView(s: ClientSecret): ClientSecretView {
  return {
    id: s.id,
    secret_suffix: s.suffix,
    status: s.status === "ACTIVE" ? "ACTIVE" : "INACTIVE",
    create_time: s.createdAt.toISOString(),
    update_time: s.updatedAt.toISOString(),
    expire_time: s.expiresAt?.toISOString() ?? null,
    last_used_time: s.lastUsedAt?.toISOString() ?? null,
    created_by: s.createdBy,
  };
}

/** Newest secret first; revoked ones stay listed (as INACTIVE) so the rotation history is visible. */
function sortedSecrets(secrets: ClientSecret[]): ClientSecretView[] {
  return [...secrets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id)).map(clientSecretView);
}

export function servicePrincipalView(c: ClientWithSecrets): ServicePrincipalView {
  return {
    client_id: c.id,
    name: c.name,
    description: c.description,
    organization_id: c.organizationId,
    scopes: c.scopes,
    audience: c.audience,
    expiry: c.expiry,
    custom_claims: (Array.isArray(c.customClaims) ? c.customClaims : []) as { key: string; value: string }[],
    status: c.status === "disabled" ? "disabled" : "active",
    created_by: c.createdBy,
    secrets: sortedSecrets(c.secrets),
    create_time: c.createdAt.toISOString(),
    update_time: c.updatedAt.toISOString(),
  };
}

export function environmentClientView(c: ClientWithSecrets): EnvironmentClientView {
  return {
    ...servicePrincipalView(c),
    organization_id: null,
    organization_usage: (c.organizationUsage ?? "deny") as OrganizationUsage,
    allow_any_organization: c.allowAnyOrganization,
    allowed_organization_ids: c.allowedOrganizationIds,
    redirect_uris: c.redirectUris,
    default_redirect_uri: c.defaultRedirectUri,
  };
}

/** What the audit trail keeps of a client: the view without secrets (they have their own events). */
export function auditableClient(view: ServicePrincipalView): Omit<ServicePrincipalView, "secrets"> {
  const { secrets: _secrets, ...rest } = view;
  return rest;
}
