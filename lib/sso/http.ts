import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { publicUrl } from "@/lib/config/env";
import { isSecureContext } from "@/lib/portal/sessions";
import { browserCookieOptions, SSO_BROWSER_COOKIE } from "./browser-binding";
import type { IdpAction, LoginResult } from "./login";
import { samlPostForm, ssoErrorPage, type HtmlPage } from "./pages";

// Route-handler helpers of the login flow: HTML pages, redirects and the browser-binding cookie.

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export function htmlResponse(page: HtmlPage): NextResponse {
  return new NextResponse(page.body, { status: page.status, headers: page.headers });
}

export function redirectResponse(url: string): NextResponse {
  return NextResponse.redirect(url, { status: 303, headers: NO_STORE });
}

export function idpResponse(action: IdpAction): NextResponse {
  return action.kind === "redirect" ? redirectResponse(action.url) : htmlResponse(samlPostForm(action.url, action.fields));
}

export function loginResultResponse(result: LoginResult): NextResponse {
  return result.kind === "redirect" ? redirectResponse(result.url) : htmlResponse(ssoErrorPage(result.code, result.requestId));
}

export function setBrowserCookie(response: NextResponse, request: NextRequest, key: string): NextResponse {
  response.cookies.set(SSO_BROWSER_COOKIE, key, browserCookieOptions(isSecureContext(request.headers, publicUrl())));
  return response;
}

/** Form fields of a capped urlencoded body; null when it is not one or is too large. */
export async function readFormBody(request: NextRequest, maxBytes: number): Promise<URLSearchParams | null> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const { readCappedText } = await import("@/lib/http/body");
  const { body, tooLarge } = await readCappedText(request.body, maxBytes, request.headers.get("content-length"));
  return tooLarge ? null : new URLSearchParams(body);
}
