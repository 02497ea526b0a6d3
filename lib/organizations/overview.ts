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

export interface OrganizationSummary {
  service_principals: number;
  /** The time of the organization's newest audit event. */
  last_activity_time: string | null;
}

/** For a page of the organization list: each organization's principal count and last activity (two queries for the page). */
export async function organizationSummaries(principal: Principal, ids: string[]): Promise<Map<string, OrganizationSummary>> {
  authorize(principal, "organizations:read");
  const unique = [...new Set(ids)].filter((id) => canReachOrganization(principal, id)).slice(0, 200);
  if (!unique.length) return new Map();
  const [counts, latest] = await Promise.all([
    db.servicePrincipal.groupBy({ by: ["organizationId"], where: { organizationId: { in: unique } }, _count: { _all: true } }),
    // The newest event per organization, each through the (organization_id, seq) index.
    db.$queryRaw<{ id: string; time: Date | null }[]>`
      SELECT o.id, (SELECT e.time FROM audit_events e WHERE e.organization_id = o.id ORDER BY e.seq DESC LIMIT 1) AS time
      FROM unnest(${unique}::text[]) AS o(id)`,
  ]);
  const count = new Map(counts.map((c) => [c.organizationId, c._count._all]));
  return new Map(unique.map((id) => [id, {
    service_principals: count.get(id) ?? 0,
    last_activity_time: latest.find((l) => l.id === id)?.time?.toISOString() ?? null,
  }]));
}
