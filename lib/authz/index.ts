import { DomainError } from "@/lib/errors";

// The one place that decides who may do what. Every route, server action and page asks `authorize`
// with the caller's principal; nothing checks roles or scopes on its own.

export type OperatorRole = "owner" | "admin" | "auditor";

export type Permission =
  | "organizations:read" | "organizations:write"
  | "clients:read" | "clients:write"
  | "connections:read" | "connections:write"
  | "portal_links:read" | "portal_links:write"
  | "audit:read"
  | "settings:read" | "settings:write"
  | "operators:read" | "operators:write"
  | "domains:read" | "domains:write"
  /** Verifying a domain by hand, without its DNS record: operators (owners, admins) only, with a reason. */
  | "domains:verify"
  | "directories:read" | "directories:write"
  | "roles:read" | "roles:write"
  | "events:read" | "webhooks:read" | "webhooks:write";

export const MANAGEMENT_SCOPES = [
  "organizations:read", "organizations:write", "clients:read", "clients:write", "portal_links:write", "audit:read",
  "domains:read", "domains:write",
  "directories:read", "directories:write", "roles:read", "roles:write",
  "events:read", "webhooks:read", "webhooks:write",
  "connections:read", "connections:write",
] as const;

export interface PortalActor { id?: string | null; email?: string | null; name?: string | null }

export type Principal =
  | { kind: "operator"; id: string; email: string; role: OperatorRole }
  | { kind: "portal"; sessionId: string; linkId: string; organizationId: string; features: string[]; actor: PortalActor | null }
  | {
      kind: "management_client";
      clientId: string;
      name: string;
      scopes: string[];
      /** Organizations this client may touch: "any", or a list (a token carrying `oid` is limited to that one). */
      organizations: "any" | string[];
    };

/** Which portal feature (tab) a permission needs when the caller is a portal session. */
const PORTAL_FEATURE: Partial<Record<Permission, string>> = {
  "clients:read": "api_clients",
  "clients:write": "api_clients",
  "connections:read": "sso",
  "connections:write": "sso",
  "audit:read": "activity",
  "settings:read": "session_settings",
  "settings:write": "session_settings",
  "domains:read": "domain_verification",
  "domains:write": "domain_verification",
  "directories:read": "dir_sync",
  "directories:write": "dir_sync",
  "roles:read": "roles",
  "roles:write": "roles",
};

const READ_ONLY: ReadonlySet<Permission> = new Set([
  "organizations:read", "clients:read", "connections:read", "portal_links:read", "audit:read", "settings:read", "operators:read",
  "domains:read",
  "directories:read", "roles:read",
  "events:read", "webhooks:read",
]);

/** Permissions only operators ever hold, whatever a portal link's features or a client's scopes say. */
const OPERATOR_ONLY: ReadonlySet<Permission> = new Set(["domains:verify"]);

/** The management scope a permission needs (listing portal links comes with portal_links:write). */
export function managementScopeFor(permission: Permission): string {
  return permission === "portal_links:read" ? "portal_links:write" : permission;
}

function deny(message: string): never {
  throw new DomainError("forbidden", message);
}

/**
 * Throws DomainError("forbidden") unless `principal` may use `permission`, on `organizationId` when the
 * action concerns one organization. Organization-less actions (deployment settings, operators) pass
 * `organizationId: null`.
 */
export function authorize(principal: Principal, permission: Permission, { organizationId = null }: { organizationId?: string | null } = {}): void {
  if (OPERATOR_ONLY.has(permission) && principal.kind !== "operator") deny("Only operators may do this");
  switch (principal.kind) {
    case "operator": {
      if (principal.role === "auditor" && !READ_ONLY.has(permission)) deny("Auditors have read-only access");
      if (permission === "operators:write" && principal.role !== "owner") deny("Only owners manage operators");
      return;
    }
    case "portal": {
      if (organizationId === null || organizationId !== principal.organizationId) deny("This portal session belongs to another organization");
      if (permission === "organizations:read") return;
      const feature = PORTAL_FEATURE[permission];
      if (!feature || !principal.features.includes(feature)) deny("This portal link does not include that feature");
      return;
    }
    case "management_client": {
      const needed = managementScopeFor(permission);
      if (!principal.scopes.includes(needed)) {
        throw new DomainError("forbidden", `This token lacks the ${needed} scope`, "scope");
      }
      if (organizationId !== null && principal.organizations !== "any" && !principal.organizations.includes(organizationId)) {
        deny("This client may not act for that organization");
      }
      // A client limited to some organizations is a tenant credential: it may not make new tenants.
      if (organizationId === null && permission === "organizations:write" && principal.organizations !== "any") {
        deny("This client is limited to specific organizations and cannot create organizations");
      }
      // The role registry is the deployment's: only a client that may act for every organization changes it.
      if (organizationId === null && permission === "roles:write" && principal.organizations !== "any") {
        deny("This client is limited to specific organizations and cannot change the role registry");
      }
      // Webhook endpoints are deployment-level (they may receive every organization's events).
      if ((permission === "webhooks:read" || permission === "webhooks:write") && principal.organizations !== "any") {
        deny("This client is limited to specific organizations and cannot manage webhook endpoints");
      }
      return;
    }
  }
}

/**
 * Whether the principal may see that an organization exists at all (whatever it may then do there).
 * Domain reads use it to answer "not found" rather than "forbidden" for organizations outside the
 * caller's reach, so ids of other tenants do not leak.
 */
export function canReachOrganization(principal: Principal, organizationId: string): boolean {
  switch (principal.kind) {
    case "operator":
      return true;
    case "portal":
      return principal.organizationId === organizationId;
    case "management_client":
      return principal.organizations === "any" || principal.organizations.includes(organizationId);
  }
}

export function can(principal: Principal, permission: Permission, scope: { organizationId?: string | null } = {}): boolean {
  try {
    authorize(principal, permission, scope);
    return true;
  } catch {
    return false;
  }
}

/** An OAuth client asking about an access token at /oauth/introspect or /oauth/revoke. */
export interface TokenInspector {
  id: string;
  /** null for environment-level clients. */
  organizationId: string | null;
  scopes: string[];
  allowAnyOrganization: boolean;
  allowedOrganizationIds: string[];
}

/**
 * Whether `client` may introspect or revoke `token` (RFC 7662 / RFC 7009): its own tokens; an
 * organization's service principal, its organization's tokens; an environment-level client, tokens of
 * the organizations it may act for (every one with allow_any_organization, else its allowed list). Tokens
 * without an organization (other environment-level clients') only to a client that may act for every
 * organization and holds a management scope (clients:write to revoke). Management scopes never widen
 * which organizations a client reaches.
 */
export function mayInspectToken(client: TokenInspector, token: { client_id: string; oid?: string | null }, action: "introspect" | "revoke"): boolean {
  if (token.client_id === client.id) return true;
  if (client.organizationId !== null) return !!token.oid && token.oid === client.organizationId;
  if (token.oid) return client.allowAnyOrganization || client.allowedOrganizationIds.includes(token.oid);
  const manages = action === "introspect" ? client.scopes.some((s) => (MANAGEMENT_SCOPES as readonly string[]).includes(s)) : client.scopes.includes("clients:write");
  return client.allowAnyOrganization && manages;
}
