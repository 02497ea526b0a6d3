import type { Principal } from "@/lib/authz";
import { queryAuditEvents, type AuditEventView } from "@/lib/audit/query";

// The portal's Activity tab: the session's own organization's audit trail as tenant admins see it. They
// get what happened, who did it and to what; never the IP addresses, user agents, request ids,
// before/after values or metadata (which carry portal session ids) that operators see in the console.
// Both the first page and every "Load more" go through here.

export const ACTIVITY_PAGE_SIZE = 25;

export type PortalActivityEvent = Pick<AuditEventView, "id" | "time" | "action" | "actor" | "target">;

export interface PortalActivityPage {
  events: PortalActivityEvent[];
  next_cursor: string | null;
}

/** The fields tenant admins see (auditEventView builds actor and target fresh, with only their public fields). */
export function portalActivityEvent({ id, time, action, actor, target }: AuditEventView): PortalActivityEvent {
  return { id, time, action, actor, target };
}

/** One page of the portal session's organization's activity, newest first (the organization comes from the session). */
export async function portalActivityPage(principal: Extract<Principal, { kind: "portal" }>, cursor: string | null = null): Promise<PortalActivityPage> {
  const page = await queryAuditEvents(principal, { organizationId: principal.organizationId, cursor, limit: ACTIVITY_PAGE_SIZE });
  return { events: page.events.map(portalActivityEvent), next_cursor: page.next_cursor };
}
