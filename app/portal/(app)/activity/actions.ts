"use server";
import { requirePrincipal } from "@/lib/authz/session";
import { DomainError } from "@/lib/errors";
import { portalActivityPage, type PortalActivityPage } from "@/lib/portal/activity";

/** The next page of this portal session's organization's activity, in the same tenant-facing shape as the first. */
export async function loadMoreActivity(cursor: string): Promise<{ ok: true; page: PortalActivityPage } | { ok: false; message: string }> {
  try {
    const principal = await requirePrincipal();
    if (principal.kind !== "portal") throw new DomainError("forbidden", "Only the admin portal lists activity here");
    if (typeof cursor !== "string" || cursor.length > 200) throw new DomainError("invalid", "cursor is not valid", "cursor");
    return { ok: true, page: await portalActivityPage(principal, cursor) };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message };
    throw err;
  }
}
