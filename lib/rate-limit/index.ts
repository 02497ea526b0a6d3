import { db, type DbOrTx } from "@/lib/db";

// Fixed-window counters in PostgreSQL (rate_limit_counters), so every app instance sharing the database
// sees the same counts. A key names what is limited ("sign-in:email:ada@example.com"); windows are
// aligned to multiples of their length. Exact: one write per hit, for low-volume limits such as sign-in;
// the token endpoint's hot path batches its hits through lib/oauth/rate-limit on the same table.

export interface RateLimitRule {
  /** Window length in seconds. */
  windowSec: number;
  /** Hits allowed per window. */
  limit: number;
}

export interface RateLimitState {
  count: number;
  limited: boolean;
  /** Seconds until the current window ends. */
  retryAfterSec: number;
}

/** The fixed window `now` falls in, aligned to multiples of its length, and the seconds left in it. */
export function windowOf(rule: Pick<RateLimitRule, "windowSec">, now: Date | number): { start: Date; retryAfterSec: number } {
  const nowMs = typeof now === "number" ? now : now.getTime();
  const ms = rule.windowSec * 1000;
  const startMs = Math.floor(nowMs / ms) * ms;
  return { start: new Date(startMs), retryAfterSec: Math.max(1, Math.ceil((startMs + ms - nowMs) / 1000)) };
}

/** Current count without adding a hit. */
export async function peekRateLimit(key: string, rule: RateLimitRule, { client = db as DbOrTx, now = new Date() } = {}): Promise<RateLimitState> {
  const { start, retryAfterSec } = windowOf(rule, now);
  const row = await client.rateLimitCounter.findUnique({ where: { key_windowStart: { key, windowStart: start } }, select: { count: true } });
  const count = row?.count ?? 0;
  return { count, limited: count >= rule.limit, retryAfterSec };
}

/** Adds one hit (atomically, across instances) and says whether the key is now over its limit. */
export async function hitRateLimit(key: string, rule: RateLimitRule, { client = db as DbOrTx, now = new Date() } = {}): Promise<RateLimitState> {
  const { start, retryAfterSec } = windowOf(rule, now);
  const rows = await client.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, count) VALUES (${key}, ${start}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 1);
  return { count, limited: count > rule.limit, retryAfterSec };
}

/** Forgets a key's current window (e.g. after a successful sign-in). */
export async function resetRateLimit(key: string, rule: RateLimitRule, { client = db as DbOrTx, now = new Date() } = {}): Promise<void> {
  const { start } = windowOf(rule, now);
  await client.rateLimitCounter.deleteMany({ where: { key, windowStart: start } });
}

/** Drops windows that ended long ago; cheap enough to call opportunistically. */
export async function pruneRateLimits(olderThan: Date, client: DbOrTx = db): Promise<number> {
  const { count } = await client.rateLimitCounter.deleteMany({ where: { windowStart: { lt: olderThan } } });
  return count;
}
