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
  return (await hitRateLimits([{ key, rule }], { client, now }))[0]!;
}

/**
 * Adds one hit to each key in one statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so the count
 * each caller gets back already includes its own hit: check-then-add races cannot let a burst through.
 */
export async function hitRateLimits(hits: { key: string; rule: RateLimitRule }[], { client = db as DbOrTx, now = new Date() } = {}): Promise<RateLimitState[]> {
  const windows = hits.map((h) => windowOf(h.rule, now));
  const rows = await client.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, count)
    SELECT k, w, 1 FROM unnest(${hits.map((h) => h.key)}::text[], ${windows.map((w) => w.start)}::timestamptz[]) AS t(k, w)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
    RETURNING key, count`;
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  return hits.map((h, i) => {
    const count = counts.get(h.key) ?? 1;
    return { count, limited: count > h.rule.limit, retryAfterSec: windows[i]!.retryAfterSec };
  });
}

/** Takes one hit back (an attempt that turned out not to count, such as a successful sign-in). */
export async function releaseRateLimitHit(key: string, rule: RateLimitRule, { client = db as DbOrTx, now = new Date() } = {}): Promise<void> {
  const { start } = windowOf(rule, now);
  await client.$executeRaw`UPDATE rate_limit_counters SET count = count - 1 WHERE key = ${key} AND window_start = ${start} AND count > 0`;
}

/** Forgets a key's current window (e.g. after a successful sign-in). */
export async function resetRateLimit(key: string, rule: RateLimitRule, { client = db as DbOrTx, now = new Date() } = {}): Promise<void> {
  const { start } = windowOf(rule, now);
  await client.rateLimitCounter.deleteMany({ where: { key, windowStart: start } });
}

/** Drops windows that started before `olderThan` (of keys starting with `prefix`, when given). */
export async function pruneRateLimits(olderThan: Date, { prefix, client = db as DbOrTx }: { prefix?: string; client?: DbOrTx } = {}): Promise<number> {
  const { count } = await client.rateLimitCounter.deleteMany({ where: { windowStart: { lt: olderThan }, ...(prefix ? { key: { startsWith: prefix } } : {}) } });
  return count;
}
