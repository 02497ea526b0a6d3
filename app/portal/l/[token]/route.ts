import { NextResponse, type NextRequest } from "next/server";
import { publicUrl } from "@/lib/config/env";
import { contextFromHeaders } from "@/lib/http/request-context";
import { openPortalLink } from "@/lib/portal/links";
import { PORTAL_SESSION_COOKIE, isSecureContext, portalCookieOptions } from "@/lib/portal/sessions";

// Opening a portal link: starts a portal session, sets its cookie and redirects to the portal, so the
// link's token never stays in the address bar, history or a Referer. A used, expired, revoked or unknown
// link goes to a page that says which (and nothing about the organization).

export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await openPortalLink(token, contextFromHeaders(request.headers));
  const base = publicUrl();
  const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
  if (!result.ok) {
    return NextResponse.redirect(new URL(`/portal/link-error?reason=${result.reason}`, base), { status: 303, headers });
  }
  const response = NextResponse.redirect(new URL("/portal", base), { status: 303, headers });
  // The cookie outlives its session by a day, so a page opened after the session has ended can say so
  // ("your session has ended") rather than "open the portal from your app" as for a browser that never had one.
  const maxAgeSec = Math.max(1, Math.floor((result.session.expiresAt.getTime() - Date.now()) / 1000)) + 86_400;
  response.cookies.set(PORTAL_SESSION_COOKIE, result.session.token, portalCookieOptions({ secureContext: isSecureContext(request.headers, base), maxAgeSec }));
  return response;
}
