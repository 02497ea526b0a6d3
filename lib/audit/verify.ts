import { db } from "@/lib/db";
import { eventHash, GENESIS_HASH } from "./writer";

export type ChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: { seq: string; id: string; reason: "hash_mismatch" | "prev_hash_mismatch" } };

/** Walks the chain from the start in batches and reports the first event that does not fit. */
export async function verifyAuditChain({ batchSize = 5000 } = {}): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let after = -1n;
  let checked = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prev) {
        return { ok: false, checked, brokenAt: { seq: row.seq.toString(), id: row.id, reason: "prev_hash_mismatch" } };
      }
      if (eventHash(row) !== row.hash) {
        return { ok: false, checked, brokenAt: { seq: row.seq.toString(), id: row.id, reason: "hash_mismatch" } };
      }
      prev = row.hash;
      checked++;
      after = row.seq;
    }
  }
}
