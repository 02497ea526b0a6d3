import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-context";
import { baseSecurityHeaders, contentSecurityPolicy } from "@/lib/security/headers";
import { allowedOrigins } from "@/lib/portal/origins";
import { CROSS_ORIGIN_ACTION_MESSAGE, isCrossOriginServerAction } from "@/lib/security/server-action-origin";

// Runs before every route (on the Node.js runtime in Next.js 16): gives each request an id (echoed back
// and used by logs and the audit trail) and sets the security headers. The CSP carries a per-request
// nonce that Next.js applies to its scripts. Only the admin portal (/portal) may be framed, and only by
// the deployment's allowed origins; every other route is unframeable.

export function isPortalPath(pathname: string): boolean {
  return pathname === "/portal" || pathname.startsWith("/portal/");
}

/** Login-flow routes that answer with their own strict CSP (the SAML POST form must post to the IdP). */
export function setsOwnCsp(pathname: string): boolean {
  return pathname === "/oauth/authorize" || pathname === "/sso/test/start" || /^\/sso\/(saml|oidc)\//.test(pathname);
}

export async function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  if (isCrossOriginServerAction(request.method, request.headers, request.nextUrl.pathname)) {
    return Response.json({ error: "forbidden", error_description: CROSS_ORIGIN_ACTION_MESSAGE }, {
      status: 403, headers: { "Cache-Control": "no-store", [REQUEST_ID_HEADER]: requestId },
    });
  }
  const nonce = btoa(crypto.randomUUID());
  const portal = isPortalPath(request.nextUrl.pathname);
  // The portal may be framed by Portico itself (the example host page) and the allowed origins.
  const frameAncestors = portal ? ["'self'", ...(await allowedOrigins())] : [];
  const csp = contentSecurityPolicy({ nonce, frameAncestors, dev: process.env.NODE_ENV !== "production" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (!setsOwnCsp(request.nextUrl.pathname)) response.headers.set("Content-Security-Policy", csp);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  for (const [k, v] of Object.entries(baseSecurityHeaders({ https, frameable: portal }))) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
