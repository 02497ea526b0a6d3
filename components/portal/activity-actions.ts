"use server";
import { z } from "zod";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requirePrincipal } from "@/lib/caller";
import { DomainError, parseInput } from "@/lib/errors";
import { ACTIVITY_KINDS, portalActivityPage, type ActivityKind, type PortalActivityPage } from "@/lib/portal/activity";

const pageSchema = z.object({
  cursor: z.string().min(1).max(200, "is not valid"),
  kind: z.enum(Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]]).nullable(),
});

/** The next page of this portal session's organization's activity (of one kind, or all), in the same tenant-facing shape as the first. */
export async function loadMoreActivity(cursor: unknown, kind: unknown = null): Promise<ActionResult<PortalActivityPage>> {
  return runAction("portal.activity", async () => {
    const principal = await requirePrincipal();
    if (principal.kind !== "portal") throw new DomainError("forbidden", "Only the admin portal lists activity here");
    const input = parseInput(pageSchema, { cursor, kind });
    return portalActivityPage(principal, input.cursor, input.kind);
  });
}
