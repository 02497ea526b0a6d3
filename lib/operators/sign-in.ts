import { processSummariser, type RepeatedAuditEvents } from "@/lib/audit/repeats";
import { EVENT_CATALOG, emit } from "@/lib/events";
import type { SummarisedEvent } from "@/lib/audit/repeats";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { hitRateLimits, pruneRateLimits, releaseRateLimitHit, resetRateLimit, type RateLimitRule } from "@/lib/rate-limit";
import { verifyPassword } from "./passwords";
import { signInSchema } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// Email + password sign-in for the console. The answer never says whether an email belongs to an
// operator: unknown emails fail with the same message after the same argon2 work.
//
// Attempts are counted per email and per IP in PostgreSQL (shared by all instances) *before* the
// password is checked, in one atomic upsert, so a parallel burst gets at most `limit` password checks
// through; over the limit the attempt is refused without running argon2 at all. A successful sign-in
// clears its email's window and gives its IP hit back, so the limits count failures in effect.
//
// Failures are audited (`operator.sign_in_failed`) through lib/audit/repeats: the first per email + IP
// + reason + minute at once, repeats as one summary event when the minute ends, so a flood of attempts
// does not queue up on the audit chain's lock that every audited change waits for.

export const SIGN_IN_FAILED_MESSAGE = "That email and password do not match an operator account.";
export const SIGN_IN_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export const FAILURES_PER_EMAIL: RateLimitRule = { windowSec: 15 * 60, limit: 10 };
export const FAILURES_PER_IP: RateLimitRule = { windowSec: 15 * 60, limit: 100 };
/** The audit action of a failed sign-in, for queries. */
export const SIGN_IN_FAILED = EVENT_CATALOG["operator.sign_in_failed"].audit.action;

const KEY_PREFIX = "sign-in:";
const emailKey = (email: string) => `${KEY_PREFIX}email:${email}`;
const ipKey = (ip: string | null) => `${KEY_PREFIX}ip:${ip ?? "unknown"}`;

type FailureReason = "invalid_credentials" | "rate_limited";

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

export async function signInWithPassword(raw: { email?: unknown; password?: unknown }, context: RequestContext): Promise<OperatorView> {
  const parsed = signInSchema.safeParse({ email: raw.email ?? "", password: raw.password ?? "" });
  const email = parsed.success ? parsed.data.email : String(raw.email ?? "").slice(0, 254).toLowerCase();
  const password = parsed.success ? parsed.data.password : "";

  // Count this attempt first: the counts returned include it, whatever runs in parallel.
  const [byEmail, byIp] = await hitRateLimits([{ key: emailKey(email), rule: FAILURES_PER_EMAIL }, { key: ipKey(context.ip), rule: FAILURES_PER_IP }]);
  if (byEmail!.limited || byIp!.limited) {
    await auditFailure(email, "rate_limited", context);
    throw new DomainError("limit_exceeded", SIGN_IN_LIMITED_MESSAGE);
  }

  const lookedUp = parsed.success && email !== "";
  const operator = lookedUp ? await db.operator.findUnique({ where: { email } }) : null;
  const ok = await verifyPassword(password, operator?.passwordHash ?? null);
  if (!operator || !ok) {
    // An email that did not parse was not looked up; the audit event still names its operator if any.
    await auditFailure(email, "invalid_credentials", context, lookedUp ? operator?.id ?? null : undefined);
    throw new DomainError("unauthenticated", SIGN_IN_FAILED_MESSAGE);
  }

  await Promise.all([resetRateLimit(emailKey(email), FAILURES_PER_EMAIL), releaseRateLimitHit(ipKey(context.ip), FAILURES_PER_IP)]);
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
  return pruneRateLimits(new Date(now.getTime() - FAILURES_PER_EMAIL.windowSec * 1000 - 3_600_000), { prefix: KEY_PREFIX });
}
