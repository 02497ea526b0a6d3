import { listEvents } from "@/lib/events/query";
import { json, managementRoute } from "@/lib/management/route";
import { eventsQuerySchema, parseQuery } from "@/lib/management/schemas";

export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "events:read" }, async ({ url, principal }) => {
  const q = parseQuery(eventsQuerySchema, url);
  const page = await listEvents(principal, { type: q.type, organizationId: q.organization_id, since: q.since, cursor: q.cursor, limit: q.page_size });
  return json({ events: page.events, next_cursor: page.next_cursor, has_more: page.has_more });
});
