import { db } from "@/lib/db";
import { PORTAL_EVENT_TYPES, portalEvent, type PortalEvent, type PortalEventType } from "./events";

// The portal's browser events for changes (SERVICE_PRINCIPAL_CREATED, later SSO and directory ones) come
// from the server: the catalog maps an event type to a portal event (lib/events/catalog), the chainer keeps
// it in `events` with its position, and the portal page asks GET /portal/events?after=<cursor> for its own
// organization's, after each of its actions and every few seconds. So the host page hears about a change
// however it was made (this frame, another tab, the management API), once per page, only after it has
// committed, and never with more than the catalog's portalData picked (no secrets).

const PAGE = 50;
const known = new Set<string>(PORTAL_EVENT_TYPES);

/** Where a newly opened portal page starts: after everything already there. */
export async function portalEventsCursor(organizationId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ position: bigint | null }[]>`
    SELECT max(position) AS position FROM events WHERE organization_id = ${organizationId} AND portal_type IS NOT NULL`;
  return (row?.position ?? 0n).toString();
}

/** The organization's browser events after `from` (a cursor the page was given: GET /portal/events parses it). */
export async function portalEventsAfter(organizationId: string, from: bigint): Promise<{ events: PortalEvent[]; cursor: string }> {
  const rows = await db.event.findMany({
    where: { organizationId, portalType: { not: null }, position: { gt: from } },
    orderBy: { position: "asc" }, take: PAGE, select: { position: true, portalType: true, portalData: true },
  });
  const events = rows
    .filter((r) => known.has(r.portalType!))
    .map((r) => portalEvent(r.portalType as PortalEventType, organizationId, (r.portalData ?? {}) as Record<string, unknown>));
  return { events, cursor: (rows.at(-1)?.position ?? from).toString() };
}
