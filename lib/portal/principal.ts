import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import type { Principal } from "@/lib/authz";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, type ActivePortalSession } from "./sessions";

// Resolves the admin-portal session from its cookie (once per request). Expired, idle, revoked or
// unknown sessions resolve to null. The cookie's path is /portal, so console pages never see it.

export const getPortalSession = cache(async (): Promise<ActivePortalSession | null> => {
  const token = (await cookies()).get(PORTAL_SESSION_COOKIE)?.value;
  return resolvePortalSession(token);
});

/** Whether this browser holds a portal session cookie at all (a portal never opened here has none). */
export async function hasPortalSessionCookie(): Promise<boolean> {
  return (await cookies()).has(PORTAL_SESSION_COOKIE);
}

export function portalPrincipalOf(session: ActivePortalSession): Extract<Principal, { kind: "portal" }> {
  return { kind: "portal", sessionId: session.id, linkId: session.linkId, organizationId: session.organizationId, features: session.features, actor: session.actor };
}

export async function getPortalPrincipal(): Promise<Principal | null> {
  const session = await getPortalSession();
  return session ? portalPrincipalOf(session) : null;
}
