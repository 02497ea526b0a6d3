import type { NextRequest } from "next/server";
import { contextFromHeaders } from "@/lib/http/request-context";
import { browserKeyFor, SSO_BROWSER_COOKIE } from "@/lib/sso/browser-binding";
import { htmlResponse, idpResponse, setBrowserCookie } from "@/lib/sso/http";
import { startConnectionTest } from "@/lib/sso/login";
import { ssoErrorPage } from "@/lib/sso/pages";

// Test connection runs here, in the window the portal or console opened: the one-time start token binds
// the test to this browser, then the browser goes to the IdP. The result page (/sso/test/{id}) follows.
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const context = contextFromHeaders(request.headers);
  const requestId = request.nextUrl.searchParams.get("request") ?? "";
  const token = request.nextUrl.searchParams.get("token") ?? "";
  const browser = browserKeyFor(request.cookies.get(SSO_BROWSER_COOKIE)?.value);
  const action = requestId.length <= 100 && token.length <= 100 ? await startConnectionTest(requestId, token, browser.key) : null;
  if (!action) return htmlResponse(ssoErrorPage("sign_in_expired", context.requestId));
  const response = idpResponse(action);
  return browser.isNew ? setBrowserCookie(response, request, browser.key) : response;
}
