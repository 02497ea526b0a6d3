import type { NextRequest } from "next/server";
import { contextFromHeaders } from "@/lib/http/request-context";
import { publicUrl } from "@/lib/config/env";
import { browserKeyFrom, SSO_BROWSER_COOKIE } from "@/lib/sso/browser-binding";
import { loginResultResponse } from "@/lib/sso/http";
import { completeOidcCallback } from "@/lib/sso/login";

// A connection's OIDC redirect URI: the tenant's IdP sends the browser back here with code and state.
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, { params }: { params: Promise<{ connection_id: string }> }) {
  const { connection_id: connectionId } = await params;
  // The URL the IdP redirected to, on Portico's public origin (openid-client derives redirect_uri from it).
  const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, publicUrl());
  const result = await completeOidcCallback({
    connectionId, url, browserKey: browserKeyFrom(request.cookies.get(SSO_BROWSER_COOKIE)?.value), context: contextFromHeaders(request.headers),
  });
  return loginResultResponse(result);
}
