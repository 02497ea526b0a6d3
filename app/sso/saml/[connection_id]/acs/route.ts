import type { NextRequest } from "next/server";
import { contextFromHeaders } from "@/lib/http/request-context";
import { MAX_SAML_RESPONSE_CHARS } from "@/lib/saml/response";
import { browserKeyFrom, SSO_BROWSER_COOKIE } from "@/lib/sso/browser-binding";
import { htmlResponse, loginResultResponse, readFormBody } from "@/lib/sso/http";
import { completeSamlLogin } from "@/lib/sso/login";
import { ssoErrorPage } from "@/lib/sso/pages";

// A connection's Assertion Consumer Service (HTTP-POST binding): the IdP posts SAMLResponse (and
// RelayState) here, cross-site by design; the response's signature, InResponseTo and the browser-binding
// cookie stand in for a CSRF token (lib/sso/login.ts).
export const dynamic = "force-dynamic";

export async function POST(request: NextRequest, { params }: { params: Promise<{ connection_id: string }> }) {
  const { connection_id: connectionId } = await params;
  const context = contextFromHeaders(request.headers);
  const form = await readFormBody(request, MAX_SAML_RESPONSE_CHARS + 8 * 1024);
  const samlResponse = form?.get("SAMLResponse");
  if (!form || !samlResponse || form.getAll("SAMLResponse").length > 1) {
    // Oversized, not a form, or no response: nothing to match to a sign-in request.
    return htmlResponse(ssoErrorPage("malformed_saml_response", context.requestId));
  }
  const result = await completeSamlLogin({
    connectionId, samlResponse, relayState: form.get("RelayState"), browserKey: browserKeyFrom(request.cookies.get(SSO_BROWSER_COOKIE)?.value), context,
  });
  return loginResultResponse(result);
}

export async function GET(request: NextRequest) {
  return htmlResponse(ssoErrorPage("invalid_request", contextFromHeaders(request.headers).requestId, 405));
}
