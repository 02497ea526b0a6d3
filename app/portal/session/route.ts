import type { NextRequest } from "next/server";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, sessionTiming } from "@/lib/portal/sessions";

// The portal's own session check, polled by the page when its local timer says the session should have
// ended. Checking does not count as activity, unless the user asked to keep working (?activity=1).

export async function GET(request: NextRequest) {
  const touch = request.nextUrl.searchParams.get("activity") === "1";
  const session = await resolvePortalSession(request.cookies.get(PORTAL_SESSION_COOKIE)?.value, { touch });
  const headers = { "Cache-Control": "no-store" };
  if (!session) return Response.json({ active: false }, { headers });
  return Response.json({ active: true, remaining_ms: sessionTiming(session).remainingMs }, { headers });
}
