import type { NextRequest } from "next/server";
import { portalEventsAfter } from "@/lib/portal/browser-events";
import { PORTAL_SESSION_COOKIE, resolvePortalSession } from "@/lib/portal/sessions";

// The portal page's browser events since its cursor, for its own session's organization only. Asking
// is not activity (like GET /portal/session without ?activity=1).

export async function GET(request: NextRequest) {
  const headers = { "Cache-Control": "no-store" };
  const session = await resolvePortalSession(request.cookies.get(PORTAL_SESSION_COOKIE)?.value, { touch: false });
  if (!session) return Response.json({ events: [], cursor: null }, { status: 401, headers });
  const after = request.nextUrl.searchParams.get("after") ?? "";
  return Response.json(await portalEventsAfter(session.organizationId, after), { headers });
}
