import type pg from "pg";
import { log } from "@/lib/log";
import { windowOf, type RateLimitRule as WindowRule } from "@/lib/rate-limit";

// Rate limiting for the token endpoint that holds across app instances sharing one PostgreSQL, without
// a database write per request.
//
// Fixed windows (rate_limit_counters: key, window_start, count). Each instance counts hits in memory
// and, every `flushMs` (1 s), adds its unflushed hits to the shared rows with one batched upsert that
// returns the global totals. A request is refused when
//     last known global total + this instance's unflushed hits  >  limit.
// The same flush re-reads the totals of the windows this instance is counting but had no new hits for,
// so an instance that went quiet does not keep an old total while the others use up the window.
// The approximation: between two flushes an instance does not see the other instances' newest hits,
// so a window can overshoot its limit by at most (other instances' request rate × flushMs). With one
// instance the limit is exact. Retry-After is the time left in the window.

export interface RateLimitRule extends WindowRule {
  /** Key prefix, e.g. "token:client". */
  name: string;
}

export interface RateLimitDecision {
  limited: boolean;
  retryAfterSec: number;
}

interface Counter {
  windowStart: number;
  /** When the window closes (start + the rule's windowSec): quiet windows are re-read only until then. */
  windowEnd: number;
  /** Total across instances as of this instance's last flush. */
  global: number;
  /** This instance's hits not yet added to the shared row. */
  pending: number;
}

const MAX_KEYS_BEFORE_EARLY_FLUSH = 50_000;

export class SharedRateLimiter {
  private counters = new Map<string, Counter>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly pool: () => pg.Pool, private readonly now: () => number = Date.now) {}

  /** Counts one hit for `subject` under `rule` and says whether it is over the limit. */
  hit(rule: RateLimitRule, subject: string): RateLimitDecision {
    const { start, retryAfterSec } = windowOf(rule, this.now());
    const windowStart = start.getTime();
    const key = `${rule.name}:${subject}`;
    let counter = this.counters.get(key);
    if (!counter || counter.windowStart !== windowStart) {
      counter = { windowStart, windowEnd: windowStart + rule.windowSec * 1000, global: 0, pending: 0 };
      this.counters.set(key, counter);
    }
    if (counter.global + counter.pending >= rule.limit) return { limited: true, retryAfterSec };
    counter.pending++;
    if (this.counters.size > MAX_KEYS_BEFORE_EARLY_FLUSH) void this.flush();
    return { limited: false, retryAfterSec };
  }

  /** Adds every unflushed hit to the shared counters and learns the global totals. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    const now = this.now();
    const keys: string[] = [];
    const windows: Date[] = [];
    const counts: number[] = [];
    const taken = new Map<string, number>();
    const quietKeys: string[] = [];
    const quietWindows: Date[] = [];
    for (const [key, c] of this.counters) {
      if (c.pending > 0) {
        keys.push(key);
        windows.push(new Date(c.windowStart));
        counts.push(c.pending);
        taken.set(key, c.pending);
        c.pending = 0;
      } else if (c.windowStart + 3_600_000 < now) {
        this.counters.delete(key);
      } else if (c.windowEnd > now) {
        quietKeys.push(key);
        quietWindows.push(new Date(c.windowStart));
      }
    }
    if (!keys.length && !quietKeys.length) return;
    try {
      const result = await this.pool().query<{ key: string; window_start: Date; count: number }>({
        name: "portico_rate_limit_flush",
        text: `WITH added AS (
                 INSERT INTO rate_limit_counters (key, window_start, count)
                 SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[])
                 ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + EXCLUDED.count
                 RETURNING key, window_start, count)
               SELECT key, window_start, count FROM added
               UNION ALL
               SELECT c.key, c.window_start, c.count FROM rate_limit_counters c
                 JOIN unnest($4::text[], $5::timestamptz[]) AS q(key, window_start) ON c.key = q.key AND c.window_start = q.window_start`,
        values: [keys, windows, counts, quietKeys, quietWindows],
      });
      for (const row of result.rows) {
        const c = this.counters.get(row.key);
        if (c && c.windowStart === row.window_start.getTime()) c.global = row.count;
      }
    } catch (err) {
      // Keep the hits for the next flush rather than forgetting them.
      for (const [key, n] of taken) {
        const c = this.counters.get(key);
        if (c) c.pending += n;
      }
      log.warn({ err }, "rate-limit counters could not be flushed; retrying");
    }
  }
}

function positiveIntEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** Token-endpoint limits, per minute; override with TOKEN_RATE_LIMIT_PER_CLIENT / TOKEN_RATE_LIMIT_PER_IP. */
export function tokenRateLimitRules(): { client: RateLimitRule; ip: RateLimitRule } {
  return {
    client: { name: "token:client", windowSec: 60, limit: positiveIntEnv("TOKEN_RATE_LIMIT_PER_CLIENT", 1200) },
    ip: { name: "token:ip", windowSec: 60, limit: positiveIntEnv("TOKEN_RATE_LIMIT_PER_IP", 3000) },
  };
}

/**
 * Management API limits, per minute: per client IP before the bearer token is checked, then per
 * authenticated client (MANAGEMENT_RATE_LIMIT_PER_IP / MANAGEMENT_RATE_LIMIT_PER_CLIENT).
 */
export function managementRateLimitRules(): { client: RateLimitRule; ip: RateLimitRule } {
  return {
    client: { name: "api:client", windowSec: 60, limit: positiveIntEnv("MANAGEMENT_RATE_LIMIT_PER_CLIENT", 1200) },
    ip: { name: "api:ip", windowSec: 60, limit: positiveIntEnv("MANAGEMENT_RATE_LIMIT_PER_IP", 3000) },
  };
}

/** Key prefixes of the rules above, for pruning old windows. */
export const SHARED_RATE_LIMIT_PREFIXES = ["token:", "api:"] as const;
