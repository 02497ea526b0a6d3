// Webhook delivery settings, from the environment (read when used, so tests can set them per process).

/** Delay before each attempt, counted from the previous failure (compat.md §7.4): immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_SEC = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** WEBHOOK_RETRY_SCHEDULE: comma-separated seconds (e.g. "0,1,1" in tests); its length is the number of attempts. */
export function retryScheduleSec(): number[] {
  const raw = process.env.WEBHOOK_RETRY_SCHEDULE;
  if (!raw) return DEFAULT_RETRY_SCHEDULE_SEC;
  const parsed = raw.split(",").map((s) => Number(s.trim()));
  if (!parsed.length || parsed.some((n) => !Number.isFinite(n) || n < 0)) throw new Error("WEBHOOK_RETRY_SCHEDULE: comma-separated seconds, e.g. 0,5,300");
  return parsed;
}

/** http://localhost endpoints (and loopback for them) allowed: development and tests only. */
export const insecureLocalhostAllowed = () => process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST === "1";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** An attempt's claim lasts this long: far past the timeout, so only a dead instance's claims expire. */
export const LEASE_SEC = Number(process.env.WEBHOOK_LEASE_SEC ?? 60);
/** Attempts in flight per endpoint and instance (WEBHOOK_CONCURRENCY_PER_ENDPOINT), so one slow endpoint cannot hold up the others. */
export const concurrencyPerEndpoint = () => Math.max(1, Number(process.env.WEBHOOK_CONCURRENCY_PER_ENDPOINT ?? 16));
/** An endpoint failing every attempt for this long is disabled. */
export const AUTO_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
/** The first 4 KB of an answer is kept in the delivery log. */
export const RESPONSE_BODY_LIMIT = 4_096;
/** After a rotation, the old secret signs alongside the new one this long. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;
export const POLL_MS = () => Number(process.env.WEBHOOK_POLL_MS ?? 250);
