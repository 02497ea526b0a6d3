import { log } from "@/lib/log";
import { pruneRateLimits } from "@/lib/rate-limit";
import { AuthFailureAuditor } from "./auth-failures";
import { tokenPool } from "./pg";
import { SHARED_RATE_LIMIT_PREFIXES, SharedRateLimiter } from "./rate-limit";
import { UsageBatcher } from "./usage";

// The token service's in-memory state for this process: rate-limit counters (the management API's too), usage counts and the
// failed-authentication audit aggregator, with their flush timers. Kept on globalThis so the Next.js
// bundle and scripts/start.ts's lean token path share one copy; `flushTokenService` runs at shutdown.

export interface TokenServiceRuntime {
  limiter: SharedRateLimiter;
  usage: UsageBatcher;
  authFailures: AuthFailureAuditor;
}

const KEY = Symbol.for("portico.oauth.runtime");
const holder = globalThis as unknown as { [KEY]?: { runtime: TokenServiceRuntime; timers: NodeJS.Timeout[] } };

const RATE_LIMIT_FLUSH_MS = 1_000;
const USAGE_FLUSH_MS = 5_000;

export function tokenService(): TokenServiceRuntime {
  let entry = holder[KEY];
  if (!entry) {
    const runtime: TokenServiceRuntime = { limiter: new SharedRateLimiter(tokenPool), usage: new UsageBatcher(tokenPool), authFailures: new AuthFailureAuditor() };
    const warn = (what: string) => (err: unknown) => log.warn({ err }, `${what} failed`);
    let ticks = 0;
    const timers = [
      setInterval(() => {
        void runtime.limiter.flush();
        if (++ticks % 600 === 0) {
          const hourAgo = new Date(Date.now() - 3_600_000);
          for (const prefix of SHARED_RATE_LIMIT_PREFIXES) pruneRateLimits(hourAgo, { prefix }).catch(warn("rate-limit pruning"));
          // Revoked tokens are kept only until they would have expired anyway.
          tokenPool().query("DELETE FROM revoked_tokens WHERE expire_time < now() - interval '5 minutes'").catch(warn("revoked-token pruning"));
        }
      }, RATE_LIMIT_FLUSH_MS),
      setInterval(() => {
        runtime.usage.flush().catch(warn("usage flush"));
        runtime.authFailures.flush().catch(warn("failed-authentication audit flush"));
      }, USAGE_FLUSH_MS),
    ];
    for (const t of timers) t.unref();
    entry = { runtime, timers };
    holder[KEY] = entry;
  }
  return entry.runtime;
}

/** Writes everything still in memory (usage, last-used times, audit summaries, rate-limit hits). */
export async function flushTokenService(): Promise<void> {
  const entry = holder[KEY];
  if (!entry) return;
  await Promise.allSettled([entry.runtime.usage.flush(), entry.runtime.authFailures.flush({ all: true }), entry.runtime.limiter.flush()]);
}

/** Flushes and stops the timers (shutdown, tests). */
export async function stopTokenService(): Promise<void> {
  const entry = holder[KEY];
  if (!entry) return;
  await flushTokenService();
  for (const t of entry.timers) clearInterval(t);
  delete holder[KEY];
}
