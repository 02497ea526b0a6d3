// How often domains are checked in the background. The defaults follow the issue: every few minutes
// for 72 hours after a domain is added (or re-checked by hand, or its record disappeared), then daily
// re-verification of verified domains. Each can be set by environment variable (seconds), which tests
// use to run the schedule in seconds instead of days.

export interface DomainCheckTiming {
  /** Between checks while a domain waits for its record (DOMAIN_CHECK_INTERVAL_SEC, default 300). */
  checkIntervalMs: number;
  /** How long those frequent checks go on before a pending domain fails (DOMAIN_VERIFICATION_WINDOW_SEC, default 72 h). */
  windowMs: number;
  /** Between re-verifications of a verified domain (DOMAIN_REVERIFY_INTERVAL_SEC, default 24 h). */
  reverifyIntervalMs: number;
  /** How often each instance looks for due checks (DOMAIN_CHECK_POLL_SEC, default 60). */
  pollMs: number;
  /** How long a claimed check is reserved for the instance that claimed it before another may take it over. */
  leaseMs: number;
}

function seconds(name: string, fallback: number, env: Record<string, string | undefined>): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of seconds, not "${raw}"`);
  return Math.round(n * 1000);
}

export function domainCheckTiming(env: Record<string, string | undefined> = process.env): DomainCheckTiming {
  const pollMs = seconds("DOMAIN_CHECK_POLL_SEC", 60, env);
  return {
    checkIntervalMs: seconds("DOMAIN_CHECK_INTERVAL_SEC", 300, env),
    windowMs: seconds("DOMAIN_VERIFICATION_WINDOW_SEC", 72 * 3600, env),
    reverifyIntervalMs: seconds("DOMAIN_REVERIFY_INTERVAL_SEC", 24 * 3600, env),
    pollMs,
    leaseMs: Math.max(60_000, pollMs * 2),
  };
}

/** "72 hours", "5 minutes": for messages that quote the configured timing. */
export function describeDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86400 === 0 && s > 72 * 3600) return `${s / 86400} days`;
  if (s % 3600 === 0) return s === 3600 ? "1 hour" : `${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? "1 minute" : `${s / 60} minutes`;
  return s === 1 ? "1 second" : `${s} seconds`;
}
