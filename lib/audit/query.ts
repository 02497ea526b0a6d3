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
  // Time only grows along the chain (the writer sees to it), so a time range is also a seq range:
  // bounding seq lets PostgreSQL walk just that stretch of the newest-first index.
  const bounds = await seqBoundsForTime(q.since ?? null, q.until ?? null);
  if (bounds === "empty") return { events: [], next_cursor: null };
  if (bounds.gte !== undefined) and.push({ seq: { gte: bounds.gte } });
  if (bounds.lte !== undefined) and.push({ seq: { lte: bounds.lte } });
  if (q.cursor) and.push({ seq: { lt: parseCursor(q.cursor) } });

  const rows = q.search?.trim() ? await searchRows(and, q.search.trim().slice(0, 200), take) : await db.auditEvent.findMany({ where: { AND: and }, orderBy: { seq: "desc" }, take: take + 1 });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return { events: page.map(auditEventView), next_cursor: rows.length > take && last ? last.seq.toString() : null };
}

async function seqBoundsForTime(since: Date | null, until: Date | null): Promise<{ gte?: bigint; lte?: bigint } | "empty"> {
  const out: { gte?: bigint; lte?: bigint } = {};
  if (since) {
    const first = await db.auditEvent.findFirst({ where: { time: { gte: since } }, orderBy: [{ time: "asc" }, { seq: "asc" }], select: { seq: true } });
    if (!first) return "empty";
    out.gte = first.seq;
  }
  if (until) {
    const last = await db.auditEvent.findFirst({ where: { time: { lt: until } }, orderBy: [{ time: "desc" }, { seq: "desc" }], select: { seq: true } });
    if (!last) return "empty";
    out.lte = last.seq;
  }
  return out;
}

/** Events this recent (in seq) are searched by scanning; older ones through the trigram indexes. */
const SEARCH_SCAN_WINDOW = 5_000n;
const SEARCH_CANDIDATES = 2_000;

/**
 * Free-text search, newest first. A substring match cannot use the seq index, and PostgreSQL cannot
 * tell a common term (best found by walking the newest events) from a rare one (best found through the
 * trigram indexes), so: first the newest SEARCH_SCAN_WINDOW events are scanned; if they do not fill the
 * page, the trigram indexes list the older matches (at most SEARCH_CANDIDATES of them, else the plain
 * query runs, slower but complete).
 */
async function searchRows(and: Prisma.AuditEventWhereInput[], text: string, take: number) {
  // Prisma passes `contains` into ILIKE without escaping % and _, so escape them (and \\) here: the
  // search is for the text as typed.
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const contains = { contains: escaped, mode: "insensitive" as const };
  const textFilter: Prisma.AuditEventWhereInput = { OR: [{ action: contains }, { actorLabel: contains }, { actorId: contains }, { targetId: contains }, { targetType: contains }, { requestId: contains }, { ip: contains }] };
  const top = await db.auditEvent.findFirst({ where: { AND: and }, orderBy: { seq: "desc" }, select: { seq: true } });
  if (!top) return [];
  const windowFloor = top.seq - SEARCH_SCAN_WINDOW;
  const recent = await db.auditEvent.findMany({ where: { AND: [...and, textFilter, { seq: { gt: windowFloor } }] }, orderBy: { seq: "desc" }, take: take + 1 });
  if (recent.length > take) return recent;

  const pattern = `%${escaped}%`;
  const candidates = await db.$queryRaw<{ seq: bigint }[]>`
    WITH m AS MATERIALIZED (
      SELECT seq FROM audit_events
      WHERE action ILIKE ${pattern} OR actor_label ILIKE ${pattern} OR actor_id ILIKE ${pattern} OR target_id ILIKE ${pattern}
         OR target_type ILIKE ${pattern} OR request_id ILIKE ${pattern} OR ip ILIKE ${pattern}
    )
    SELECT seq FROM m WHERE seq <= ${windowFloor} ORDER BY seq DESC LIMIT ${SEARCH_CANDIDATES + 1}`;
  if (candidates.length > SEARCH_CANDIDATES) {
    return db.auditEvent.findMany({ where: { AND: [...and, textFilter] }, orderBy: { seq: "desc" }, take: take + 1 });
  }
  const older = candidates.length
    ? await db.auditEvent.findMany({ where: { AND: [...and, textFilter, { seq: { in: candidates.map((c) => c.seq) } }] }, orderBy: { seq: "desc" }, take: take + 1 - recent.length })
    : [];
  return [...recent, ...older];
}
