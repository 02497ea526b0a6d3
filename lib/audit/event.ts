import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { isIdOf } from "@/lib/validation/ids";
import { auditEventView, type AuditEventView } from "./query";

/** One audit event by id, for the console's detail view; "not found" also when the caller may not see it. */
export async function getAuditEvent(principal: Principal, id: string): Promise<AuditEventView & { seq: string; hash: string; prev_hash: string }> {
  if (!isIdOf("audit_event", id)) throw notFound("Audit event");
  const row = await db.auditEvent.findUnique({ where: { id } });
  if (!row) throw notFound("Audit event");
  if (row.organizationId ? !canReachOrganization(principal, row.organizationId) : principal.kind !== "operator") throw notFound("Audit event");
  authorize(principal, "audit:read", { organizationId: row.organizationId });
  return { ...auditEventView(row), seq: row.seq.toString(), hash: row.hash, prev_hash: row.prevHash };
}
