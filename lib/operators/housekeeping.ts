import { log } from "@/lib/log";
import { pruneSessionRevocations } from "./session-token";
import { pruneSignInCounters } from "./sign-in";

// Console state that only grows otherwise: sign-in rate-limit counters (one row per email and IP per
// 15-minute window) and revocations of signed-out sessions. Pruned at start-up and hourly.

const HOUR_MS = 3_600_000;
const KEY = Symbol.for("portico.operators.housekeeping");
const holder = globalThis as unknown as { [KEY]?: NodeJS.Timeout };

export async function pruneOperatorState(now = new Date()): Promise<{ signInCounters: number; sessionRevocations: number }> {
  const [signInCounters, sessionRevocations] = await Promise.all([pruneSignInCounters(now), pruneSessionRevocations(now)]);
  return { signInCounters, sessionRevocations };
}

export async function startOperatorHousekeeping(): Promise<void> {
  // Housekeeping: a failure is logged and retried within the hour, never a reason not to start.
  const prune = () => pruneOperatorState().catch((err: unknown) => log.warn({ err }, "pruning sign-in counters and session revocations failed"));
  await prune();
  if (holder[KEY]) return;
  holder[KEY] = setInterval(() => void prune(), HOUR_MS);
  holder[KEY].unref();
}
