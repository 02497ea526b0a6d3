import type { NextRequest } from "next/server";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, sessionTiming } from "@/lib/portal/sessions";

// The portal's own session check. The page asks after every navigation and action, once a minute, and
// before it warns or expires, so its timer follows the server (activity in another tab or frame of the
// same session counts too). Checking does not count as activity, unless the user asked to keep working
// (?activity=1). It describes only the caller's own session.

export async function GET(request: NextRequest) {
  const touch = request.nextUrl.searchParams.get("activity") === "1";
  const session = await resolvePortalSession(request.cookies.get(PORTAL_SESSION_COOKIE)?.value, { touch });
  const headers = { "Cache-Control": "no-store" };
  if (!session) return Response.json({ active: false }, { headers });
  const timing = sessionTiming(session);
  return Response.json({
    active: true,
    remaining_ms: timing.remainingMs,
    absolute_remaining_ms: timing.absoluteRemainingMs,
    idle_timeout_sec: timing.idleTimeoutSec,
  }, { headers });
}
