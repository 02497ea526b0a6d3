import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { truncateText } from "@/lib/validation/text";
import { parsePosition } from "@/lib/validation/position";
import type { ActorType } from "./actor";

// Reading the audit trail: the management API's GET /api/v1/audit_events, the console's audit views and
// the portal's Activity tab. Newest first, keyset-paginated on seq (the chain position), so every page
// costs the same at any depth; each filter has an index that leads with it and ends with seq
// (organization_id, action, actor_id, actor_label, target_id) or uses the time index.

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
  /** Only these exact actions (the portal's tenant-facing list). */
  actions?: readonly string[] | null;
  /** The actor's id, or the start of its label (an email, a client name; case-insensitive). */
  actor?: string | null;
  /** The target's id (a client id, a secret id, …). */
  target?: string | null;
  since?: Date | null;
  until?: Date | null;
  /** Free text over action, actor, target, request id and IP (case-insensitive substring, within one of them; an IP address matches the start of the IP). */
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
  const seq = parsePosition(cursor);
  if (seq === null) throw invalid("cursor", "is not a cursor this API returned");
  return seq;
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
    and.push(action.endsWith(".*") ? { action: { startsWith: escapeLike(action.slice(0, -1)) } } : { action });
  }
  if (q.actions) and.push({ action: { in: [...q.actions] } });
  if (q.actor?.trim()) and.push(await actorFilter(truncateText(q.actor.trim(), 200)));
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

  const rows = q.search?.trim() ? await searchRows(and, truncateText(q.search.trim(), 200), take, bounds.gte ?? 0n) : await db.auditEvent.findMany({ where: { AND: and }, orderBy: { seq: "desc" }, take: take + 1 });
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

/** LIKE patterns match the text as typed: %, _ and \\ are escaped (Prisma passes them through). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Above this many distinct labels with the typed prefix, the filter is a plain prefix match. */
const MAX_PREFIX_LABELS = 50;

/**
 * The actor filter: the actor's exact id, or any label starting with the text (case-insensitive). The
 * labels are found first, one index probe per distinct label (audit_events_actor_label_prefix_idx),
 * so the page query itself is an indexed `IN` on (actor_label, seq).
 */
async function actorFilter(actor: string): Promise<Prisma.AuditEventWhereInput> {
  const prefix = `${escapeLike(actor.toLowerCase())}%`;
  const rows = await db.$queryRaw<{ label: string }[]>`
    WITH RECURSIVE labels (l, label) AS (
      (SELECT lower(actor_label) COLLATE "C", actor_label FROM audit_events
       WHERE lower(actor_label) COLLATE "C" LIKE ${prefix}
       ORDER BY lower(actor_label) COLLATE "C", actor_label LIMIT 1)
      UNION ALL
      SELECT n.l, n.label FROM labels p CROSS JOIN LATERAL (
        SELECT lower(actor_label) COLLATE "C" AS l, actor_label AS label FROM audit_events
        WHERE lower(actor_label) COLLATE "C" LIKE ${prefix} AND (lower(actor_label) COLLATE "C", actor_label) > (p.l, p.label)
        ORDER BY lower(actor_label) COLLATE "C", actor_label LIMIT 1) n
    )
    SELECT label FROM labels LIMIT ${MAX_PREFIX_LABELS + 1}`;
  if (rows.length > MAX_PREFIX_LABELS) {
    return { OR: [{ actorId: actor }, { actorLabel: { startsWith: escapeLike(actor), mode: "insensitive" } }] };
  }
  return rows.length ? { OR: [{ actorId: actor }, { actorLabel: { in: rows.map((r) => r.label) } }] } : { actorId: actor };
}

/** The newest events are searched by scanning (about a microsecond each); older ones through the trigram index. */
const SEARCH_SCAN_WINDOW = 20_000n;
/** At most this many matches are collected through the trigram index; past it, the term is common. */
const SEARCH_CANDIDATES = 5_000;
/** A common term is looked for further back in slices of this many events. */
const SEARCH_CHUNK = 20_000n;
const CANDIDATE_SLICE = 2_000;
/** An IPv4 address or its start ("10.17.", "10.17.0.1"), or an IPv6 one ("2001:db8::"). */
const IP_LIKE = /^(\d{1,3}\.(\d{1,3}\.?){0,3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7})$/i;

/**
 * Free-text search, newest first. A substring match cannot use the seq index, and PostgreSQL cannot
 * tell a common term (best found by walking the newest events) from a rare one (best found through the
 * trigram index), so, each step bounded:
 *  1. the newest 20,000 events are scanned: a term in one event of 400 or more fills the page there;
 *  2. otherwise the trigram index lists the term's matches, stopping at 5,000: when there are no more
 *     than that, they are all there are, and the other filters are applied to the older ones newest
 *     first;
 *  3. a term with more matches than that is common enough to be found by walking further back,
 *     20,000 events at a time.
 * All of it matches one generated column (search_text) with one trigram index. An IP address (or its
 * start) is matched against the start of the IP instead, through its own index: its trigrams are in
 * nearly every event, which makes the trigram index slow for it.
 */
async function searchRows(and: Prisma.AuditEventWhereInput[], text: string, take: number, minSeq: bigint) {
  // search_text is lowercased, one field per line (see its migration): match the term the same way.
  const escaped = escapeLike(text.toLowerCase().replace(/[\r\n]+/g, " "));
  const textFilter: Prisma.AuditEventWhereInput = { searchText: { contains: escaped } };
  if (IP_LIKE.test(text)) {
    return db.auditEvent.findMany({ where: { AND: [...and, { ip: { startsWith: escapeLike(text.toLowerCase()) } }] }, orderBy: { seq: "desc" }, take: take + 1 });
  }
  const top = await db.auditEvent.findFirst({ where: { AND: and }, orderBy: { seq: "desc" }, select: { seq: true } });
  if (!top) return [];
  const windowFloor = top.seq - SEARCH_SCAN_WINDOW; // exclusive
  const found: AuditEvent[] = await db.auditEvent.findMany({ where: { AND: [...and, textFilter, { seq: { gt: windowFloor } }] }, orderBy: { seq: "desc" }, take: take + 1 });
  if (found.length > take || windowFloor < minSeq) return found;

  const pattern = `%${escaped}%`;
  // MATERIALIZED keeps PostgreSQL from turning this into a walk of the seq index (nothing but the text
  // in it, so the trigram indexes are the way in); LIMIT stops the bitmap scan early for a common term.
  const matches = await db.$queryRaw<{ seq: bigint }[]>`
    WITH m AS MATERIALIZED (SELECT seq FROM audit_events WHERE search_text LIKE ${pattern} LIMIT ${SEARCH_CANDIDATES + 1})
    SELECT seq FROM m`;
  if (matches.length <= SEARCH_CANDIDATES) {
    // Every match there is: the other filters apply to the older ones newest first, a slice at a time.
    const seqs = matches.map((c) => c.seq).filter((q) => q <= windowFloor && q >= minSeq).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (let i = 0; i < seqs.length && found.length <= take; i += CANDIDATE_SLICE) {
      found.push(...await db.auditEvent.findMany({ where: { AND: [...and, { seq: { in: seqs.slice(i, i + CANDIDATE_SLICE) } }] }, orderBy: { seq: "desc" }, take: take + 1 - found.length }));
    }
    return found;
  }
  for (let ceiling = windowFloor; found.length <= take && ceiling >= minSeq; ceiling -= SEARCH_CHUNK) {
    found.push(...await db.auditEvent.findMany({ where: { AND: [...and, textFilter, { seq: { gt: ceiling - SEARCH_CHUNK, lte: ceiling } }] }, orderBy: { seq: "desc" }, take: take + 1 - found.length }));
  }
  return found;
}
