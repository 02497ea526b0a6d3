import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";

export interface OrganizationCounts {
  service_principals: number;
  active_service_principals: number;
  active_secrets: number;
  shareable_links: number;
  audit_events_30d: number;
}

/** Headline numbers for an organization's overview. */
export async function organizationCounts(principal: Principal, organizationId: string): Promise<OrganizationCounts> {
  authorize(principal, "organizations:read", { organizationId });
  const since = new Date(Date.now() - 30 * 86_400_000);
  const [servicePrincipals, active, secrets, links, events] = await Promise.all([
    db.servicePrincipal.count({ where: { organizationId } }),
    db.servicePrincipal.count({ where: { organizationId, status: "active" } }),
    db.clientSecret.count({ where: { client: { organizationId }, status: "ACTIVE" } }),
    db.portalLink.count({ where: { organizationId, kind: "shareable", revokedAt: null, expiresAt: { gt: new Date() } } }),
    db.auditEvent.count({ where: { organizationId, time: { gte: since } } }),
  ]);
  return { service_principals: servicePrincipals, active_service_principals: active, active_secrets: secrets, shareable_links: links, audit_events_30d: events };
}

/** Display names for a set of organization ids (for lists that show ids, like the audit log). */
export async function organizationNames(principal: Principal, ids: string[]): Promise<Map<string, string>> {
  authorize(principal, "organizations:read");
  const unique = [...new Set(ids)].filter((id) => canReachOrganization(principal, id)).slice(0, 500);
  if (!unique.length) return new Map();
  const rows = await db.organization.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
