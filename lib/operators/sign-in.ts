import { processSummariser, type RepeatedAuditEvents } from "@/lib/audit/repeats";
import { EVENT_CATALOG, emit } from "@/lib/events";
import type { SIGN_IN_FAILURE_REASONS } from "@/lib/events/catalog/deployment";
import type { SummarisedEvent } from "@/lib/audit/repeats";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { storableText } from "@/lib/validation/text";
import { hitRateLimits, pruneRateLimits, releaseRateLimitHit, resetRateLimit, type RateLimitRule } from "@/lib/rate-limit";
import { verifyPassword } from "./passwords";
import { signInSchema } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// Email + password sign-in for the console. The answer never says whether an email belongs to an
// operator: unknown emails fail with the same message after the same argon2 work.
//
// Throttling follows OWASP's advice against targeted lockout: attempts are counted per email *and source
// address* with progressively longer waits (5 a minute, 10 a quarter hour, 30 a day), so one attacker
// slows only itself down and cannot lock the account's owner out from elsewhere; a much higher ceiling
// per email (100 a quarter hour, across every address) stops a distributed guess run, and the address's
// own ceiling (100 a quarter hour, across emails) stops credential stuffing. Brute force from one address
// stays as slow as before (10 guesses a quarter hour) and gets slower over a day; spread over addresses
// it is no faster than before (960 a day) until it uses more than 32 of them.
//
// Every count is taken in PostgreSQL (shared by all instances) *before* the password is checked, in
// atomic upserts, so a parallel burst gets at most 5 password checks per email and address (100 per
// email in all); an attempt over a limit is refused without running argon2. The address's counts come
// first and the email's ceiling only counts attempts the address was still allowed, so an address that
// is being refused cannot use up the owner's ceiling. A successful sign-in clears its email and address
// windows and gives its ceiling hits back, so the limits count failures in effect.
//
// Failures are audited (`operator.sign_in_failed`) through lib/audit/repeats: the first per email + IP
// + reason + minute at once, repeats as one summary event when the minute ends, so a flood of attempts
// does not queue up on the audit chain's lock that every audited change waits for.

export const SIGN_IN_FAILED_MESSAGE = "That email and password do not match an operator account.";
export const SIGN_IN_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

/** Per email and source address: progressively longer waits. */
export const FAILURES_PER_SOURCE: readonly RateLimitRule[] = [
  { windowSec: 60, limit: 5 },
  { windowSec: 15 * 60, limit: 10 },
  { windowSec: 24 * 3600, limit: 30 },
];
/** Per email across every address: the ceiling a distributed attack meets. */
export const FAILURES_PER_EMAIL: RateLimitRule = { windowSec: 15 * 60, limit: 100 };
/** Per address across every email (credential stuffing). */
export const FAILURES_PER_IP: RateLimitRule = { windowSec: 15 * 60, limit: 100 };
/** The longest window: counters are kept this long (and an hour more). */
const LONGEST_WINDOW_SEC = Math.max(...FAILURES_PER_SOURCE.map((r) => r.windowSec), FAILURES_PER_EMAIL.windowSec, FAILURES_PER_IP.windowSec);
/** The audit action of a failed sign-in, for queries. */
export const SIGN_IN_FAILED = EVENT_CATALOG["operator.sign_in_failed"].audit.action;

const KEY_PREFIX = "sign-in:";
const emailKey = (email: string) => `${KEY_PREFIX}email:${email}`;
const ipKey = (ip: string | null) => `${KEY_PREFIX}ip:${ip ?? "unknown"}`;
/** One key per window length (a key's windows are told apart by their start, which lengths can share). */
const sourceKeys = (email: string, ip: string | null) =>
  FAILURES_PER_SOURCE.map((rule) => ({ key: `${KEY_PREFIX}source:${rule.windowSec}:${ip ?? "unknown"}:${email}`, rule }));

/** Why a sign-in failed, in the audit trail (the event catalog's operator.sign_in_failed names them). */
type FailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

/** The process's summariser for failed sign-ins (flushed on a timer and at shutdown). */
export const signInFailures = (): RepeatedAuditEvents => processSummariser("sign-in-failures");

/** `operatorId`: the operator with this email when the caller already looked it up (null: none); else looked up here. */
function failureEvent(email: string, reason: FailureReason, operatorId?: string | null): () => Promise<SummarisedEvent> {
  return async () => {
    const knownId = operatorId !== undefined ? operatorId
      : email ? (await db.operator.findUnique({ where: { email }, select: { id: true } }))?.id ?? null : null;
    return {
      type: "operator.sign_in_failed", organizationId: null,
      actor: { type: "anonymous", id: null, label: email || null },
      target: knownId ? { type: "operator", id: knownId } : null,
      data: { email, reason }, metadata: { email, reason },
    };
  };
}

const MANY = "(many emails)";

/** Audits a failure (summarised); resolves once a new event is written, at once when it only counts. */
async function auditFailure(email: string, reason: FailureReason, context: RequestContext, operatorId?: string | null): Promise<void> {
  await signInFailures().record(
    { key: `${reason}|${email}|${context.ip ?? ""}`, event: failureEvent(email, reason, operatorId) },
    context,
    { key: `${reason}|${MANY}`, event: async () => ({ type: "operator.sign_in_failed", organizationId: null, actor: { type: "anonymous", id: null, label: MANY }, data: { email: MANY, reason }, metadata: { email: MANY, reason } }) },
  );
}

async function refuse(email: string, reason: FailureReason, context: RequestContext): Promise<never> {
  await auditFailure(email, reason, context);
  throw new DomainError("limit_exceeded", SIGN_IN_LIMITED_MESSAGE);
}

/** `now` only for tests (the windows the attempt is counted in). */
export async function signInWithPassword(raw: { email?: unknown; password?: unknown }, context: RequestContext, now = new Date()): Promise<OperatorView> {
  const parsed = signInSchema.safeParse({ email: raw.email ?? "", password: raw.password ?? "" });
  // An email that does not parse is still counted and audited: as a copy that can be stored (no NUL,
  // no unpaired surrogates), cut at a character boundary.
  const email = parsed.success ? parsed.data.email : storableText(String(raw.email ?? ""), 254).toLowerCase();
  const password = parsed.success ? parsed.data.password : "";

  // Count this attempt first: the counts returned include it, whatever runs in parallel. This address
  // first (for this email, and for any email)…
  const source = sourceKeys(email, context.ip);
  const bySource = await hitRateLimits([...source, { key: ipKey(context.ip), rule: FAILURES_PER_IP }], { now });
  if (bySource.slice(0, source.length).some((s) => s.limited)) return refuse(email, "source_limited", context);
  if (bySource.at(-1)!.limited) return refuse(email, "ip_limited", context);
  // …then the email's ceiling across addresses, which only attempts this address may still make reach.
  const [byEmail] = await hitRateLimits([{ key: emailKey(email), rule: FAILURES_PER_EMAIL }], { now });
  if (byEmail!.limited) {
    if (byEmail!.count === FAILURES_PER_EMAIL.limit + 1) log.warn({ email }, "sign-in: an email reached its failure ceiling across addresses (a distributed attack?); it is refused until the window ends");
    return refuse(email, "email_limited", context);
  }

  const lookedUp = parsed.success && email !== "";
  const operator = lookedUp ? await db.operator.findUnique({ where: { email } }) : null;
  const ok = await verifyPassword(password, operator?.passwordHash ?? null);
  if (!operator || !ok) {
    // An email that did not parse was not looked up; the audit event still names its operator if any.
    await auditFailure(email, "invalid_credentials", context, lookedUp ? operator?.id ?? null : undefined);
    throw new DomainError("unauthenticated", SIGN_IN_FAILED_MESSAGE);
  }

  await Promise.all([
    ...source.map(({ key, rule }) => resetRateLimit(key, rule, { now })),
    releaseRateLimitHit(emailKey(email), FAILURES_PER_EMAIL, { now }),
    releaseRateLimitHit(ipKey(context.ip), FAILURES_PER_IP, { now }),
  ]);
  return db.$transaction(async (tx) => {
    const updated = await tx.operator.update({ where: { id: operator.id }, data: { lastSignInAt: new Date() } });
    await emit(tx, "operator.signed_in", {
      organizationId: null, actor: { type: "operator", id: operator.id, label: operator.email }, context, data: { id: operator.id }, after: null,
    });
    return operatorView(updated);
  });
}

/** Drops sign-in counters whose window ended over an hour ago (run at start-up and hourly). */
export async function pruneSignInCounters(now = new Date()): Promise<number> {
  return pruneRateLimits(new Date(now.getTime() - LONGEST_WINDOW_SEC * 1000 - 3_600_000), { prefix: KEY_PREFIX });
}
