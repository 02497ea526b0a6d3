import type { NextRequest } from "next/server";
import { DomainError } from "@/lib/errors";
import { apiErrorResponse } from "@/lib/http/api-errors";
import { contextFromHeaders } from "@/lib/http/request-context";
import { toApiError } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { portalEventsAfter } from "@/lib/portal/browser-events";
import { portalEventsQuerySchema } from "@/lib/portal/schemas";
import { PORTAL_SESSION_COOKIE, resolvePortalSession } from "@/lib/portal/sessions";

// The portal page's browser events since its cursor, for its own session's organization only. Asking
// is not activity (like GET /portal/session without ?activity=1). A cursor this page was never given
// (not a position, a parameter twice or unknown) is refused naming the parameter, in the JSON API's
// error shape.

export async function GET(request: NextRequest) {
  const headers = { "Cache-Control": "no-store" };
  const session = await resolvePortalSession(request.cookies.get(PORTAL_SESSION_COOKIE)?.value, { touch: false });
  if (!session) return Response.json({ events: [], cursor: null }, { status: 401, headers });
  let after: bigint;
  try {
    after = parseQuery(portalEventsQuerySchema, request.nextUrl).after;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return apiErrorResponse(toApiError(err, contextFromHeaders(request.headers)));
  }
  return Response.json(await portalEventsAfter(session.organizationId, after), { headers });
}
