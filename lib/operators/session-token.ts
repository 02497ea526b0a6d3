import crypto from "node:crypto";
import { emit } from "@/lib/events";
import { db } from "@/lib/db";
import type { OperatorRole } from "@/lib/authz";
import type { RequestContext } from "@/lib/http/request-context";
import { SESSION_LIMITS } from "@/lib/session-settings/schemas";
import type { SessionPolicy } from "./session-policy";

// What a console session (next-auth JWT) carries, and the check every session read makes.

export interface OperatorSessionClaims {
  sub: string;
  email: string;
  role: OperatorRole;
  /** operators.session_version when the session started. */
  sv: number;
  /** This session's id: "Sign out" revokes it (operator_session_revocations). */
  sid: string;
  /** Sign-in time, seconds since the epoch. */
  auth_time: number;
  /** Last activity, seconds since the epoch. */
  last_seen: number;
}

export class SessionEnded extends Error {
  override name = "SessionEnded";
}

export const nowSec = () => Math.floor(Date.now() / 1000);

export function newSessionId(): string {
  return `ses_${crypto.randomBytes(18).toString("base64url")}`;
}

/**
 * Checks a session token against the policy, the operator's current record and the revoked sessions,
 * and returns the token with fresh role/email and activity time. Throws when the session has ended
 * (next-auth then clears it).
 */
export async function refreshOperatorToken(token: Partial<OperatorSessionClaims>, policy: SessionPolicy, now = nowSec()): Promise<OperatorSessionClaims> {
  if (!token.sub || typeof token.sv !== "number" || typeof token.sid !== "string" || typeof token.auth_time !== "number" || typeof token.last_seen !== "number") {
    throw new SessionEnded("malformed session");
  }
  if (now - token.auth_time > policy.absoluteTimeoutSec) throw new SessionEnded("absolute timeout");
  if (now - token.last_seen > policy.idleTimeoutSec) throw new SessionEnded("idle timeout");
  // One round trip: the operator and whether this session was signed out.
  const [operator] = await db.$queryRaw<{ email: string; role: string; session_version: number; revoked: boolean }[]>`
    SELECT o.email, o.role, o.session_version,
           EXISTS (SELECT 1 FROM operator_session_revocations r WHERE r.session_id = ${token.sid}) AS revoked
    FROM operators o WHERE o.id = ${token.sub}`;
  if (!operator) throw new SessionEnded("operator removed");
  if (operator.session_version !== token.sv) throw new SessionEnded("signed out everywhere");
  if (operator.revoked) throw new SessionEnded("signed out");
  return { sub: token.sub, email: operator.email, role: operator.role as OperatorRole, sv: token.sv, sid: token.sid, auth_time: token.auth_time, last_seen: now };
}

/**
 * "Sign out": ends this one session on the server too, so a copy of its cookie stops working at once
 * (the JWT itself stays well-formed until it expires). The revocation is kept as long as any session
 * could last (the longest allowed session lifetime from sign-in), then pruned.
 */
export async function endOperatorSession(token: Partial<OperatorSessionClaims> | null | undefined, context: RequestContext | null = null): Promise<boolean> {
  if (!token?.sub || typeof token.sid !== "string" || typeof token.auth_time !== "number") return false;
  const expiresAt = new Date((token.auth_time + SESSION_LIMITS.absolute_timeout_sec.max) * 1000);
  const { sub, sid } = token;
  return db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO operator_session_revocations (session_id, operator_id, expire_time) VALUES (${sid}, ${sub}, ${expiresAt})
      ON CONFLICT (session_id) DO NOTHING`;
    if (inserted === 0) return false;
    await emit(tx, "operator.signed_out", {
      organizationId: null, actor: { type: "operator", id: sub, label: token.email ?? null }, context,
      data: { id: sub, session_id: sid }, after: null, metadata: { session_id: sid },
    });
    return true;
  });
}

/** Drops revocations of sessions that have expired anyway. */
export async function pruneSessionRevocations(now = new Date()): Promise<number> {
  const { count } = await db.operatorSessionRevocation.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
