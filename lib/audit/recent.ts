import { authorize, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";

export interface RecentAuditEvent {
  id: string;
  time: string;
  action: string;
  actor_type: string;
  actor_label: string | null;
  target_type: string | null;
  target_id: string | null;
}

/** The latest few events of one organization, newest first (the organization overview's "recent activity"). */
export async function recentOrganizationActivity(principal: Principal, organizationId: string, limit = 10): Promise<RecentAuditEvent[]> {
  authorize(principal, "audit:read", { organizationId });
  const rows = await db.auditEvent.findMany({ where: { organizationId }, orderBy: { seq: "desc" }, take: Math.min(limit, 50) });
  return rows.map((r) => ({
    id: r.id, time: r.time.toISOString(), action: r.action, actor_type: r.actorType, actor_label: r.actorLabel, target_type: r.targetType, target_id: r.targetId,
  }));
}
