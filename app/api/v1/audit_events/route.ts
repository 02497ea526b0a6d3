import { queryAuditEvents } from "@/lib/audit/query";
import { json, managementRoute } from "@/lib/management/route";
import { auditEventsQuerySchema, parseQuery } from "@/lib/management/schemas";

export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "audit:read" }, async ({ url, principal }) => {
  const q = parseQuery(auditEventsQuerySchema, url);
  const page = await queryAuditEvents(principal, {
    organizationId: q.organization_id, action: q.action, actor: q.actor, target: q.target,
    since: q.since, until: q.until, search: q.search, cursor: q.cursor, limit: q.page_size,
  });
  return json({ audit_events: page.events, next_cursor: page.next_cursor });
});
