// Why a chain verification failed, in words; no server imports, so the console's client code can use it.

export type ChainBreakReason =
  /** The event's contents do not match its hash: edited, or rewritten without the audit key. */
  | "hash_mismatch"
  /** Its prev_hash is not the hash of the event before it: an event was removed, inserted or reordered. */
  | "prev_hash_mismatch"
  /** The newest events were deleted: the signed chain head names an event that is no longer there. */
  | "newest_events_missing"
  /** The chain head row is missing or its signature does not match: it was deleted or edited. */
  | "head_mismatch";

/** What each break means, for the console and `npm run audit:verify`. */
export const CHAIN_BREAK_EXPLANATION: Record<ChainBreakReason, string> = {
  hash_mismatch: "its contents do not match its hash: the event was edited after it was written",
  prev_hash_mismatch: "its link does not match the event before it: an event before it was removed, inserted or reordered",
  newest_events_missing: "the signed chain head names this event, which is gone: the newest events were deleted",
  head_mismatch: "the chain head (the signed record of the newest event) is missing or was edited",
};
