import { db } from "@/lib/db";
import type { OperatorRole } from "@/lib/authz";
import type { SessionPolicy } from "./session-policy";

// What a console session (next-auth JWT) carries, and the check every session read makes.

export interface OperatorSessionClaims {
  sub: string;
  email: string;
  role: OperatorRole;
  /** operators.session_version when the session started. */
  sv: number;
  /** Sign-in time, seconds since the epoch. */
  auth_time: number;
  /** Last activity, seconds since the epoch. */
  last_seen: number;
}

export class SessionEnded extends Error {
  override name = "SessionEnded";
}

export const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * Checks a session token against the policy and the operator's current record, and returns the token
 * with fresh role/email and activity time. Throws when the session has ended (next-auth then clears it).
 */
export async function refreshOperatorToken(token: Partial<OperatorSessionClaims>, policy: SessionPolicy, now = nowSec()): Promise<OperatorSessionClaims> {
  if (!token.sub || typeof token.sv !== "number" || typeof token.auth_time !== "number" || typeof token.last_seen !== "number") {
    throw new SessionEnded("malformed session");
  }
  if (now - token.auth_time > policy.absoluteTimeoutSec) throw new SessionEnded("absolute timeout");
  if (now - token.last_seen > policy.idleTimeoutSec) throw new SessionEnded("idle timeout");
  const operator = await db.operator.findUnique({ where: { id: token.sub }, select: { email: true, role: true, sessionVersion: true } });
  if (!operator) throw new SessionEnded("operator removed");
  if (operator.sessionVersion !== token.sv) throw new SessionEnded("signed out everywhere");
  return { sub: token.sub, email: operator.email, role: operator.role as OperatorRole, sv: token.sv, auth_time: token.auth_time, last_seen: now };
}

