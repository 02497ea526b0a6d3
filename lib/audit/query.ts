import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import type { ActorType } from "./actor";

// Reading the audit trail: the management API's GET /api/v1/audit_events, the console's audit views and
// the portal's Activity tab. Newest first, keyset-paginated on seq (the chain position), so every page
// costs the same at any depth; each filter has an index that leads with it and ends with seq
// (organization_id, action, actor_id, target_id) or uses the time index.

export interface AuditEventView {
  id: string;
  time: string;
  organization_id: string | null;
  actor: { type: ActorType; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string } | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

export interface AuditQuery {
  /** Only this organization's events. Required for portal sessions (their own organization). */
  organizationId?: string | null;
  /** An exact action (`service_principal.created`) or a family: `service_principal.*`. */
  action?: string | null;
  /** The actor's id or label (an email, a client name). */
  actor?: string | null;
  /** The target's id (a client id, a secret id, …). */
  target?: string | null;
  since?: Date | null;
  until?: Date | null;
  /** Free text over action, actor, target, request id and IP (case-insensitive substring). */
  search?: string | null;
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  limit?: number;
}

export interface AuditPage {
  events: AuditEventView[];
  next_cursor: string | null;
}

export const MAX_AUDIT_PAGE_SIZE = 200;

export function auditEventView(e: AuditEvent): AuditEventView {
  return {
    id: e.id,
    time: e.time.toISOString(),
    organization_id: e.organizationId,
    actor: { type: e.actorType as ActorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
    before: e.before,
    after: e.after,
    metadata: e.metadata,
    ip: e.ip,
    user_agent: e.userAgent,
    request_id: e.requestId,
  };
}

function parseCursor(cursor: string): bigint {
  if (!/^\d{1,19}$/.test(cursor)) throw invalid("cursor", "is not a cursor this API returned");
  return BigInt(cursor);
}

/**
 * Which events the caller may see at all: operators every event; a portal session its organization's;
 * a management client the events of the organizations it may act for (deployment-level events such as
 * operator sign-ins stay in the console).
 */
function visibleTo(principal: Principal, organizationId: string | null | undefined): Prisma.AuditEventWhereInput {
  if (organizationId) {
    if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
    authorize(principal, "audit:read", { organizationId });
    return { organizationId };
  }
  authorize(principal, "audit:read", { organizationId: null });
  if (principal.kind === "management_client") {
    return principal.organizations === "any" ? { organizationId: { not: null } } : { organizationId: { in: principal.organizations } };
  }
  return {};
}

export async function queryAuditEvents(principal: Principal, q: AuditQuery = {}): Promise<AuditPage> {
  const take = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), MAX_AUDIT_PAGE_SIZE);
  const and: Prisma.AuditEventWhereInput[] = [visibleTo(principal, q.organizationId)];

  if (q.action?.trim()) {
    const action = q.action.trim();
    and.push(action.endsWith(".*") ? { action: { startsWith: action.slice(0, -1) } } : { action });
  }
  if (q.actor?.trim()) {
    const actor = q.actor.trim();
    and.push({ OR: [{ actorId: actor }, { actorLabel: actor }] });
  }
  if (q.target?.trim()) and.push({ targetId: q.target.trim() });
  if (q.since && q.until && q.since > q.until) throw invalid("since", "must be before until");
  if (q.since) and.push({ time: { gte: q.since } });
  if (q.until) and.push({ time: { lt: q.until } });
  if (q.search?.trim()) {
    const text = q.search.trim().slice(0, 200);
    const contains = { contains: text, mode: "insensitive" as const };
    and.push({ OR: [{ action: contains }, { actorLabel: contains }, { actorId: contains }, { targetId: contains }, { targetType: contains }, { requestId: contains }, { ip: contains }] });
  }
  if (q.cursor) and.push({ seq: { lt: parseCursor(q.cursor) } });

  const rows = await db.auditEvent.findMany({ where: { AND: and }, orderBy: { seq: "desc" }, take: take + 1 });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return { events: page.map(auditEventView), next_cursor: rows.length > take && last ? last.seq.toString() : null };
}
