"use server";
import { requirePrincipal } from "@/lib/authz/session";
import { queryAuditEvents, type AuditPage } from "@/lib/audit/query";
import { DomainError } from "@/lib/errors";

/** The next page of this portal session's organization's activity (the organization comes from the session). */
export async function loadMoreActivity(cursor: string): Promise<{ ok: true; page: AuditPage } | { ok: false; message: string }> {
  try {
    const principal = await requirePrincipal();
    if (principal.kind !== "portal") throw new DomainError("forbidden", "Only the admin portal lists activity here");
    return { ok: true, page: await queryAuditEvents(principal, { organizationId: principal.organizationId, cursor, limit: 25 }) };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message };
    throw err;
  }
}
