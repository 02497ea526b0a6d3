import crypto from "node:crypto";
import { subkey } from "@/lib/crypto/keys";
import { constantTimeEqual, hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db, type Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { PortalActor } from "@/lib/authz";
import { servedFeatures } from "@/lib/organizations/features";
import { effectiveSessionSettings } from "@/lib/session-settings";
import { portalSessionLimits } from "./schemas";
import type { SessionTimingView } from "./session-clock";

// Portal sessions: started by opening a link, carried by an HttpOnly cookie whose value is a random
// token stored only as a keyed hash. A session ends at its absolute expiry (at most 6 hours, shorter when
// the organization's or deployment's session settings say so), after its idle timeout without a
// request, or when its link is revoked.

export const PORTAL_SESSION_COOKIE = "portico_portal_session";
export const PORTAL_COOKIE_PATH = "/portal";
const SESSION_TOKEN_PREFIX = "pst_";
/** Activity is written at most this often, so every page view does not write a row. */
const TOUCH_AFTER_MS = 5_000;

export interface StartedPortalSession {
  id: string;
  token: string;
  organizationId: string;
  features: string[];
  expiresAt: Date;
  idleTimeoutSec: number;
}

/** Starts a session for a link that was just claimed (inside the same transaction). */
export async function startPortalSession(
  tx: Tx,
  link: { id: string; organizationId: string; features: string[]; actor: unknown },
  now = new Date(),
): Promise<StartedPortalSession> {
  const settings = await effectiveSessionSettings(link.organizationId, tx);
  const org = await tx.organization.findUniqueOrThrow({ where: { id: link.organizationId }, select: { features: true } });
  const { lifetimeSec, idleTimeoutSec } = portalSessionLimits(settings);
  const token = randomSecret(SESSION_TOKEN_PREFIX);
  const features = link.features.filter((f) => org.features.includes(f));
  const session = await tx.portalSession.create({
    data: {
      id: newId("pls"), linkId: link.id, organizationId: link.organizationId, tokenHash: hashSecret(token), features,
      actor: link.actor ?? undefined, idleTimeoutSec, lastSeenAt: now, expiresAt: new Date(now.getTime() + lifetimeSec * 1000), createdAt: now,
    },
  });
  return { id: session.id, token, organizationId: session.organizationId, features, expiresAt: session.expiresAt, idleTimeoutSec };
}

export interface ActivePortalSession {
  id: string;
  linkId: string;
  organizationId: string;
  organizationName: string;
  /** The link's features that the organization (still) has and this deployment serves: the tabs it opens. */
  features: string[];
  /** The organization's served features, and the link's: when `features` is empty, which one lacks them. */
  organizationFeatures: string[];
  linkFeatures: string[];
  /** Whether the portal shows its own header (the link's show_header). */
  showHeader: boolean;
  actor: PortalActor | null;
  expiresAt: Date;
  idleTimeoutSec: number;
  lastSeenAt: Date;
}

/** When the session ends if nothing else happens: its absolute expiry or its idle deadline, whichever is first. */
export function sessionDeadline(s: { expiresAt: Date; lastSeenAt: Date; idleTimeoutSec: number }): Date {
  return new Date(Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + s.idleTimeoutSec * 1000));
}

/** Milliseconds left until the session ends if idle and until its absolute expiry, with its idle timeout. */
export function sessionTiming(s: { expiresAt: Date; lastSeenAt: Date; idleTimeoutSec: number }, now = Date.now()): SessionTimingView {
  return { remainingMs: Math.max(0, sessionDeadline(s).getTime() - now), absoluteRemainingMs: Math.max(0, s.expiresAt.getTime() - now), idleTimeoutSec: s.idleTimeoutSec };
}

/**
 * The live session for a cookie token, or null when it is unknown, revoked, expired or idle too long.
 * `touch` records activity (page views and actions do; the expiry check the portal polls does not).
 */
export async function resolvePortalSession(token: string | undefined | null, { touch = true, now = new Date() }: { touch?: boolean; now?: Date } = {}): Promise<ActivePortalSession | null> {
  if (!token || !token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.portalSession.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { organization: { select: { displayName: true, features: true } }, link: { select: { revokedAt: true, features: true, showHeader: true } } },
  });
  if (!row || row.revokedAt || row.link.revokedAt) return null;
  if (sessionDeadline(row) <= now) return null;
  let lastSeenAt = row.lastSeenAt;
  if (touch && now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.portalSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  return {
    id: row.id,
    linkId: row.linkId,
    organizationId: row.organizationId,
    organizationName: row.organization.displayName,
    features: servedFeatures(row.features.filter((f) => row.organization.features.includes(f))),
    organizationFeatures: servedFeatures(row.organization.features),
    linkFeatures: servedFeatures(row.link.features),
    showHeader: row.link.showHeader,
    actor: (row.actor as PortalActor | null) ?? null,
    expiresAt: row.expiresAt,
    idleTimeoutSec: row.idleTimeoutSec,
    lastSeenAt,
  };
}

/** Ends a session now (sign-out from the portal). */
export async function endPortalSession(sessionId: string): Promise<void> {
  await db.portalSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

// ── CSRF: a per-session token, derived so it needs no storage, sent by the portal with every mutation ──

export function csrfTokenFor(sessionId: string): string {
  return crypto.createHmac("sha256", subkey("csrf")).update(`portal-session:${sessionId}`).digest("base64url");
}

export function verifyCsrfToken(sessionId: string, token: string | null | undefined): boolean {
  if (!token) return false;
  return constantTimeEqual(csrfTokenFor(sessionId), token);
}

/**
 * Cookie attributes. Over https (or on a loopback host, which Chromium treats as a secure context) the
 * cookie is Secure, SameSite=None and Partitioned (CHIPS), so it works inside another site's iframe
 * even when third-party cookies are blocked. On plain http elsewhere it falls back to SameSite=Lax,
 * which works standalone but not framed.
 */
export function portalCookieOptions({ secureContext, maxAgeSec }: { secureContext: boolean; maxAgeSec: number }) {
  return secureContext
    ? { httpOnly: true, secure: true, sameSite: "none" as const, partitioned: true, path: PORTAL_COOKIE_PATH, maxAge: maxAgeSec }
    : { httpOnly: true, secure: false, sameSite: "lax" as const, path: PORTAL_COOKIE_PATH, maxAge: maxAgeSec };
}

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Whether the browser treats this request as a secure context (https, or http on a loopback host). */
export function isSecureContext(headers: Headers, publicUrl: string): boolean {
  if (publicUrl.startsWith("https:") || headers.get("x-forwarded-proto") === "https") return true;
  return LOOPBACK_HOST.test(headers.get("host") ?? "");
}
