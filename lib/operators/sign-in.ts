import { recordAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { hitRateLimit, peekRateLimit, resetRateLimit, type RateLimitRule } from "@/lib/rate-limit";
import { verifyPassword } from "./passwords";
import { signInSchema } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// Email + password sign-in for the console. The answer never says whether an email belongs to an
// operator: unknown emails fail with the same message after the same argon2 work. Failures are counted
// per email and per IP in PostgreSQL (shared by all instances) and audited.

export const SIGN_IN_FAILED_MESSAGE = "That email and password do not match an operator account.";
export const SIGN_IN_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export const FAILURES_PER_EMAIL: RateLimitRule = { windowSec: 15 * 60, limit: 10 };
export const FAILURES_PER_IP: RateLimitRule = { windowSec: 15 * 60, limit: 100 };

const emailKey = (email: string) => `sign-in:email:${email}`;
const ipKey = (ip: string | null) => `sign-in:ip:${ip ?? "unknown"}`;

async function auditFailure(email: string, operatorId: string | null, reason: "invalid_credentials" | "rate_limited", context: RequestContext) {
  await recordAudit(db, {
    action: "operator.sign_in_failed",
    actor: { type: "anonymous", id: null, label: email || null },
    target: operatorId ? { type: "operator", id: operatorId } : null,
    metadata: { email, reason },
    context,
  });
}

export async function signInWithPassword(raw: { email?: unknown; password?: unknown }, context: RequestContext): Promise<OperatorView> {
  const parsed = signInSchema.safeParse({ email: raw.email ?? "", password: raw.password ?? "" });
  const email = parsed.success ? parsed.data.email : String(raw.email ?? "").slice(0, 254).toLowerCase();
  const password = parsed.success ? parsed.data.password : "";

  const [byEmail, byIp] = await Promise.all([peekRateLimit(emailKey(email), FAILURES_PER_EMAIL), peekRateLimit(ipKey(context.ip), FAILURES_PER_IP)]);
  if (byEmail.limited || byIp.limited) {
    const known = await db.operator.findUnique({ where: { email }, select: { id: true } });
    await auditFailure(email, known?.id ?? null, "rate_limited", context);
    throw new DomainError("limit_exceeded", SIGN_IN_LIMITED_MESSAGE);
  }

  const operator = parsed.success && email ? await db.operator.findUnique({ where: { email } }) : null;
  const ok = await verifyPassword(password, operator?.passwordHash ?? null);
  if (!operator || !ok) {
    await Promise.all([hitRateLimit(emailKey(email), FAILURES_PER_EMAIL), hitRateLimit(ipKey(context.ip), FAILURES_PER_IP)]);
    await auditFailure(email, operator?.id ?? null, "invalid_credentials", context);
    throw new DomainError("unauthenticated", SIGN_IN_FAILED_MESSAGE);
  }

  await resetRateLimit(emailKey(email), FAILURES_PER_EMAIL);
  return db.$transaction(async (tx) => {
    const updated = await tx.operator.update({ where: { id: operator.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, {
      action: "operator.signed_in",
      actor: { type: "operator", id: operator.id, label: operator.email },
      target: { type: "operator", id: operator.id },
      context,
    });
    return operatorView(updated);
  });
}
