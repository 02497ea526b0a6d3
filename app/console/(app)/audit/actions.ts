"use server";

import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { authorize } from "@/lib/authz";
import { verifyAuditChainExclusive, type ChainVerification } from "@/lib/audit/verify";
import { requireOperatorContext } from "@/lib/operators/guard";

/** Walks the whole hash chain (one verification at a time per instance); a read, so auditors may run it too. */
export async function verifyAuditChainAction(): Promise<ActionResult<ChainVerification & { duration_ms: number }>> {
  return runAction("audit.verify_chain", async () => {
    const ctx = await requireOperatorContext();
    authorize(ctx.principal, "audit:read");
    const started = Date.now();
    const result = await verifyAuditChainExclusive();
    return { ...result, duration_ms: Date.now() - started };
  });
}
