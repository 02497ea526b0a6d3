import type { NextRequest } from "next/server";
import { contextFromHeaders } from "@/lib/http/request-context";
import { authorizeRequest } from "@/lib/oauth/authorize";
import { browserKeyFor, SSO_BROWSER_COOKIE } from "@/lib/sso/browser-binding";
import { htmlResponse, idpResponse, readFormBody, redirectResponse, setBrowserCookie } from "@/lib/sso/http";
import { ssoErrorPage } from "@/lib/sso/pages";

// The host app's SSO login starts here (lib/oauth/authorize.ts): GET, or POST with a form body (OIDC Core §3.1.2.1).
export const dynamic = "force-dynamic";

async function handle(request: NextRequest, params: URLSearchParams | null) {
  const context = contextFromHeaders(request.headers);
  if (!params) return htmlResponse(ssoErrorPage("invalid_request", context.requestId));
  const browser = browserKeyFor(request.cookies.get(SSO_BROWSER_COOKIE)?.value);
  const outcome = await authorizeRequest(params, browser.key, context);
  if (outcome.kind === "page") return htmlResponse(ssoErrorPage(outcome.code, context.requestId));
  if (outcome.kind === "redirect") return redirectResponse(outcome.url);
  const response = idpResponse(outcome.action);
  return browser.isNew ? setBrowserCookie(response, request, browser.key) : response;
}

export async function GET(request: NextRequest) {
  return handle(request, request.nextUrl.searchParams);
}

export async function POST(request: NextRequest) {
  return handle(request, await readFormBody(request, 16 * 1024));
}
