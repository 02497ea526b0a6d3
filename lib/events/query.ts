import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import type { Event } from "@/lib/generated/prisma/client";
import { EVENT_CATALOG, EVENT_TYPES, isEventType } from "./catalog";
import { parsePosition } from "@/lib/validation/position";
import { environmentId } from "./environment";

// What host apps read: the envelope (compat.md §7.1) of each chained webhook event, for webhooks and
// GET /api/v1/events. Listed by position (the audit chain's seq), so a cursor never skips an event that
// committed late (lib/events/chainer.ts).

export interface EventEnvelope {
  spec_version: "1";
  id: string;
  object: string;
  environment_id: string;
  occurred_at: string;
  organization_id: string | null;
  type: string;
  data: unknown;
}

export function objectOf(type: string): string {
  return isEventType(type) ? EVENT_CATALOG[type].object : type.startsWith("webhook") ? "WebhookEndpoint" : "Event";
}

export async function envelopeOf(e: Pick<Event, "id" | "type" | "occurredAt" | "organizationId" | "data">): Promise<EventEnvelope> {
  return {
    spec_version: "1", id: e.id, object: objectOf(e.type), environment_id: await environmentId(),
    occurred_at: e.occurredAt.toISOString(), organization_id: e.organizationId, type: e.type, data: e.data,
  };
}

export const MAX_EVENTS_PAGE_SIZE = 200;

export interface EventsQuery {
  type?: string | null;
  organizationId?: string | null;
  since?: Date | null;
  cursor?: string | null;
  limit?: number;
}

export interface EventsPage {
  events: EventEnvelope[];
  /** Pass back as `cursor` for the next page; also when this page is empty (poll with it later). */
  next_cursor: string | null;
  has_more: boolean;
}

const encodeCursor = (position: bigint) => Buffer.from(`p:${position}`).toString("base64url");
function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, "base64url").toString();
  const position = text.startsWith("p:") ? parsePosition(text.slice(2)) : null;
  if (position === null) throw invalid("cursor", "is not a cursor this API returned");
  return position;
}

/** Webhook event types (what host apps can receive); `type` may end in `.*` for a family. */
function typeFilter(type: string): Prisma.EventWhereInput {
  if (type.endsWith(".*")) {
    const prefix = type.slice(0, -1);
    return { type: { startsWith: prefix } };
  }
  if (!isEventType(type) || !EVENT_CATALOG[type].webhook) throw invalid("type", `is not an event type: see GET /api/v1/event_types`);
  return { type };
}

/**
 * Host-app events, oldest first from the cursor (or from `since`). A caller limited to some organizations
 * sees only theirs; asking for another organization is refused as if it did not exist.
 */
export async function listEvents(principal: Principal, q: EventsQuery = {}): Promise<EventsPage> {
  if (q.organizationId && !canReachOrganization(principal, q.organizationId)) throw notFound("Organization");
  authorize(principal, "events:read", { organizationId: q.organizationId ?? null });
  const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_EVENTS_PAGE_SIZE);
  const where: Prisma.EventWhereInput[] = [{ webhook: true, position: { not: null } }];
  if (q.type) where.push(typeFilter(q.type));
  if (q.organizationId) where.push({ organizationId: q.organizationId });
  if (principal.kind === "management_client" && principal.organizations !== "any") where.push({ organizationId: { in: principal.organizations } });
  if (principal.kind === "portal") where.push({ organizationId: principal.organizationId });
  if (q.cursor) where.push({ position: { gt: decodeCursor(q.cursor) } });
  if (q.since) where.push({ occurredAt: { gte: q.since } });
  const rows = await db.event.findMany({ where: { AND: where }, orderBy: { position: "asc" }, take: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1)?.position;
  return {
    events: await Promise.all(page.map(envelopeOf)),
    next_cursor: last != null ? encodeCursor(last) : q.cursor ?? null,
    has_more: rows.length > limit,
  };
}

export interface EventTypeView {
  type: string;
  object: string;
  label: string;
  description: string;
  /** Delivered to webhooks and listed by the events API (false: audit trail only). */
  webhook: boolean;
  audit_action: string;
  portal_event: string | null;
}

export function eventTypes(): EventTypeView[] {
  return EVENT_TYPES.map((type) => {
    const d = EVENT_CATALOG[type] as (typeof EVENT_CATALOG)[typeof type] & { portal?: string };
    return { type, object: d.object, label: d.label, description: d.description, webhook: d.webhook, audit_action: d.audit.action, portal_event: d.portal ?? null };
  });
}
