"use server";

import { authorize } from "@/lib/authz";
import { verifyAuditChainExclusive, type ChainVerification } from "@/lib/audit/verify";
import { domainErrorResult, type FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";

/** Walks the whole hash chain (one verification at a time per instance); a read, so auditors may run it too. */
export async function verifyAuditChainAction(): Promise<FormResult<ChainVerification & { duration_ms: number }>> {
  try {
    const ctx = await requireOperatorContext();
    authorize(ctx.principal, "audit:read");
    const started = Date.now();
    const result = await verifyAuditChainExclusive();
    return { ok: true, data: { ...result, duration_ms: Date.now() - started } };
  } catch (err) {
    return domainErrorResult(err);
  }
}
