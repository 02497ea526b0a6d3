import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { publicUrl } from "@/lib/config/env";
import { subkey } from "@/lib/crypto/keys";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { contextFromHeaders, type RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import type { OperatorRole } from "@/lib/authz";
import { operatorSessionPolicy } from "./session-policy";
import { endOperatorSession, newSessionId, nowSec, refreshOperatorToken, SessionEnded, type OperatorSessionClaims } from "./session-token";
import { signInWithPassword } from "./sign-in";

// next-auth for the console: email + password (Credentials provider), JWT sessions. The JWT carries the
// operator id, the operator's session_version at sign-in, a session id, the sign-in time and the last
// activity time; every session read checks them against the deployment's session settings, the
// operators table and the revoked sessions, so "sign out everywhere" (bumping session_version), "sign
// out" (revoking this session id), a removed operator or a changed role take effect at once. The
// signing secret is a subkey of the deployment's key-encryption secret.

// next-auth builds its own URLs from NEXTAUTH_URL; it is the deployment's public URL.
process.env.NEXTAUTH_URL ??= publicUrl();

export const SIGN_IN_PATH = "/console/sign-in";

/** Error codes the sign-in form maps to messages (next-auth passes a thrown error's message through). */
export const SIGN_IN_ERROR = { invalid: "invalid_credentials", limited: "rate_limited" } as const;

declare module "next-auth" {
  interface Session {
    operator?: { id: string; email: string; role: OperatorRole };
  }
}

/** `request`: the caller, for the audit trail of sign-outs (next-auth's own routes pass it). */
export async function authOptions(request: RequestContext | null = null): Promise<NextAuthOptions> {
  const policy = await operatorSessionPolicy();
  return {
    secret: subkey("session").toString("base64url"),
    session: { strategy: "jwt", maxAge: policy.absoluteTimeoutSec, updateAge: 0 },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          // The route passes its request context (one request id for the whole sign-in); built from
          // next-auth's own copy of the headers only when called without one.
          let context = request;
          if (!context) {
            const headers = new Headers();
            for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
            context = contextFromHeaders(headers);
          }
          try {
            const operator = await signInWithPassword({ email: credentials?.email, password: credentials?.password }, context);
            return { id: operator.id, email: operator.email, name: operator.name || operator.email } satisfies User;
          } catch (err) {
            if (err instanceof DomainError && err.code === "limit_exceeded") throw new Error(SIGN_IN_ERROR.limited);
            if (err instanceof DomainError) throw new Error(SIGN_IN_ERROR.invalid);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const operator = await db.operator.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, role: true, sessionVersion: true } });
          const now = nowSec();
          const claims: OperatorSessionClaims = { sub: user.id, email: operator.email, role: operator.role as OperatorRole, sv: operator.sessionVersion, sid: newSessionId(), auth_time: now, last_seen: now };
          return claims as unknown as JWT;
        }
        return (await refreshOperatorToken(token as Partial<OperatorSessionClaims>, policy)) as unknown as JWT;
      },
      async session({ session, token }) {
        const claims = token as unknown as OperatorSessionClaims;
        return { expires: session.expires, operator: { id: claims.sub, email: claims.email, role: claims.role } };
      },
      async redirect({ url, baseUrl }) {
        // Only ever back into this deployment.
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          // fall through
        }
        return `${baseUrl}/console`;
      },
    },
    events: {
      // Sign out ends the session server-side, not only by clearing the cookie.
      async signOut({ token }) {
        await endOperatorSession(token as Partial<OperatorSessionClaims> | null, request);
      },
    },
    logger: {
      error(code, metadata) {
        const err = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
        if (code === "JWT_SESSION_ERROR" && (err instanceof SessionEnded || (err instanceof Error && /JW[TE]|decrypt/i.test(err.message)))) {
          log.debug({ reason: err instanceof Error ? err.message : String(err) }, "console session ended");
          return;
        }
        // A made-up callbackUrl is the caller's mistake (next-auth refuses it), not a server error.
        if (code === "INVALID_CALLBACK_URL_ERROR") {
          log.info({ code }, "next-auth refused a callback URL");
          return;
        }
        log.error({ code, err }, "next-auth error");
      },
      warn(code) {
        log.warn({ code }, "next-auth warning");
      },
      debug() {},
    },
  };
}
