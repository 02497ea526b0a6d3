import { db, type DbOrTx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import type { ChainBreakReason } from "./chain-reasons";
import { chainHeadTrusted, eventHash, GENESIS_HASH, legacyEventHash, type ChainHead } from "./writer";

// Verifying the audit chain: every event's hash (keyed from audit_chain_head.keyed_since_seq on, plain
// SHA-256 before), every link to the event before it, and the signed chain head, which names the newest
// event the writer appended (so deleting the newest events shows too).

export { CHAIN_BREAK_EXPLANATION, type ChainBreakReason } from "./chain-reasons";

export type ChainVerification =
  | { ok: true; checked: number; /** Events before keyed hashing (plain SHA-256). */ legacy: number }
  | { ok: false; checked: number; legacy: number; brokenAt: { seq: string; id: string; reason: ChainBreakReason } };

/** Walks the chain from the start in batches and reports the first event that does not fit. */
export async function verifyAuditChain({ batchSize = 5000, client = db as DbOrTx } = {}): Promise<ChainVerification> {
  // The head first: events appended while we walk come after it and are checked by their links.
  const row0 = await client.auditChainHead.findUnique({ where: { id: 1 } });
  const head: ChainHead | null = row0 ? { keyedSinceSeq: row0.keyedSinceSeq, lastSeq: row0.lastSeq, lastId: row0.lastId, lastHash: row0.lastHash } : null;
  const trusted = head !== null && chainHeadTrusted(head, row0!.mac);
  // Without a trustworthy head, still walk the chain to point at the first edited event if there is one.
  const keyedSince = head?.keyedSinceSeq ?? 1n;
  let checked = 0;
  let legacy = 0;
  let prev = GENESIS_HASH;
  let after = -1n;
  let newest: { seq: bigint; id: string } | null = null;
  let sawHeadEvent = !trusted || head.lastSeq === null;
  const broken = (seq: bigint, id: string, reason: ChainBreakReason): ChainVerification => ({ ok: false, checked, legacy, brokenAt: { seq: seq.toString(), id, reason } });
  for (;;) {
    const rows = await client.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prev) return broken(row.seq, row.id, "prev_hash_mismatch");
      const keyed = row.seq >= keyedSince;
      if ((keyed ? eventHash(row) : legacyEventHash(row)) !== row.hash) return broken(row.seq, row.id, "hash_mismatch");
      if (!keyed) legacy++;
      if (trusted && row.seq === head.lastSeq) {
        if (row.id !== head.lastId || row.hash !== head.lastHash) return broken(row.seq, row.id, "head_mismatch");
        sawHeadEvent = true;
      }
      prev = row.hash;
      checked++;
      after = row.seq;
      newest = { seq: row.seq, id: row.id };
    }
  }
  if (!trusted && (newest || head)) return broken(newest?.seq ?? 0n, newest?.id ?? "", "head_mismatch");
  if (!sawHeadEvent) return broken(head!.lastSeq!, head!.lastId ?? "", "newest_events_missing");
  return { ok: true, checked, legacy };
}

// One verification at a time per instance: each walks the whole log, and a few operators pressing
// "Verify chain" together should not each start a full scan.
const RUNNING = Symbol.for("portico.audit.verification");
const holder = globalThis as unknown as { [RUNNING]?: { startedAt: Date } };

export const VERIFICATION_RUNNING_MESSAGE = "A chain verification is already running on this instance. Try again when it has finished.";

/** verifyAuditChain, refused with a conflict while another verification runs in this process. */
export async function verifyAuditChainExclusive(options?: Parameters<typeof verifyAuditChain>[0]): Promise<ChainVerification> {
  if (holder[RUNNING]) throw new DomainError("conflict", VERIFICATION_RUNNING_MESSAGE);
  holder[RUNNING] = { startedAt: new Date() };
  try {
    return await verifyAuditChain(options);
  } finally {
    delete holder[RUNNING];
  }
}
