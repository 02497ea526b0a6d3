import { db } from "@/lib/db";
import { organizationForEmailDomain } from "@/lib/domains";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { SsoError } from "./errors";
import { emailDomain } from "./profile";
import { isIdOf } from "@/lib/validation/ids";

// Which connection serves a login (compat.md §4.5): provider > connection_id (an invalid one fails the
// request) > organization_id > domain > login_hint (its email domain). The organization must have the
// `sso` feature; among its connections the first enabled one (oldest first) is used.

export interface ConnectionSelector {
  provider?: string | null;
  connectionId?: string | null;
  organizationId?: string | null;
  domain?: string | null;
  loginHint?: string | null;
}

async function organizationAllowsSso(organizationId: string): Promise<{ exists: boolean; sso: boolean }> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { features: true } });
  return { exists: !!org, sso: !!org?.features.includes("sso") };
}

async function firstEnabledConnection(organizationId: string, via: string): Promise<SsoConnection> {
  const { exists, sso } = await organizationAllowsSso(organizationId);
  if (!exists) throw new SsoError("invalid_organization_id", `No organization ${organizationId} exists`);
  if (!sso) throw new SsoError("no_active_connections", `Single sign-on is not turned on for organization ${organizationId} (its sso feature is off)`);
  const connections = await db.ssoConnection.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (!connections.length) throw new SsoError("no_configured_connections", `Organization ${organizationId}${via} has no SSO connection`);
  const enabled = connections.find((c) => c.enabled);
  if (!enabled) throw new SsoError("no_active_connections", `None of the SSO connections of organization ${organizationId}${via} is enabled`);
  return enabled;
}

async function byDomain(domain: string, param: "domain" | "login_hint"): Promise<SsoConnection> {
  // Home-realm discovery: only a domain an organization has verified (DNS TXT, or an operator) routes.
  const organizationId = await organizationForEmailDomain(domain);
  if (!organizationId) throw new SsoError("domain_not_found", `No organization has verified the domain ${domain} (from ${param}); send organization_id or connection_id`);
  return firstEnabledConnection(organizationId, ` (verified domain ${domain})`);
}

export async function selectConnection(sel: ConnectionSelector): Promise<SsoConnection> {
  if (sel.provider) {
    throw new SsoError("invalid_connection_selector", `provider=${sel.provider.slice(0, 40)} asks for a social connection, which this deployment does not offer; send organization_id, connection_id, domain or login_hint`);
  }
  if (sel.connectionId) {
    if (!isIdOf("connection", sel.connectionId)) throw new SsoError("invalid_connection_id", "connection_id is not a connection id (conn_…)");
    const conn = await db.ssoConnection.findUnique({ where: { id: sel.connectionId } });
    if (!conn) throw new SsoError("invalid_connection_id", `No connection ${sel.connectionId} exists`);
    // Naming an organization too: they must agree (a connection of one organization never signs users into another).
    if (sel.organizationId && sel.organizationId !== conn.organizationId) throw new SsoError("invalid_connection_id", `Connection ${sel.connectionId} does not belong to organization ${sel.organizationId.slice(0, 40)}`);
    const { sso } = await organizationAllowsSso(conn.organizationId);
    if (!sso) throw new SsoError("no_active_connections", `Single sign-on is not turned on for organization ${conn.organizationId} (its sso feature is off)`);
    if (!conn.enabled) throw new SsoError("connection_not_active", `Connection ${conn.id} is not enabled`);
    return conn;
  }
  if (sel.organizationId) {
    if (!isIdOf("organization", sel.organizationId)) throw new SsoError("invalid_organization_id", "organization_id is not an organization id (org_…)");
    return firstEnabledConnection(sel.organizationId, "");
  }
  if (sel.domain) return byDomain(sel.domain.trim().toLowerCase(), "domain");
  if (sel.loginHint) {
    const domain = emailDomain(sel.loginHint.trim());
    if (!domain) throw new SsoError("invalid_connection_selector", "login_hint is not an email address, and no organization_id, connection_id or domain was sent");
    return byDomain(domain, "login_hint");
  }
  throw new SsoError("invalid_connection_selector", "Send one of organization_id, connection_id, domain or login_hint");
}
