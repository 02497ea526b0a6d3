import { REQUEST_ID_HEADER } from "./request-context";

// A request path whose percent-encoding does not decode (a lone "%", "%E0%A4%A": bytes that are not
// UTF-8) makes Next.js answer 500 for any dynamic route before a handler runs. scripts/start.ts asks
// this module first and answers such requests itself, each in the error shape of the part of Portico
// the path belongs to: the management API's JSON, OAuth's JSON, SCIM's error, the portal's link-error
// page for a portal link, plain text elsewhere. (Query strings need nothing: URLSearchParams decodes what it can
// and turns the rest into U+FFFD, which the text rule allows.)

/** Whether the path (the URL before "?") has percent-encoding that does not decode as UTF-8. */
export function hasMalformedPath(url: string): boolean {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DESCRIPTION = "The request path is not valid percent-encoded UTF-8";

/** The answer to a request whose path does not decode, in the error shape of the route family it names. */
export function malformedPathResponse(url: string, requestId: string): PlainResponse {
  const common = { "Cache-Control": "no-store", [REQUEST_ID_HEADER]: requestId };
  const json = (body: unknown): PlainResponse => ({ status: 400, headers: { ...common, "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify(body) });
  if (url.startsWith("/api/")) return json({ error: "invalid_request", error_description: DESCRIPTION });
  if (url.startsWith("/oauth/")) return json({ error: "invalid_request", error_description: DESCRIPTION });
  // SCIM's own error shape (RFC 7644 §3.12), as lib/scim/errors.ts writes it.
  if (url.startsWith("/directory/")) {
    const body = JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidSyntax", detail: DESCRIPTION });
    return { status: 400, headers: { ...common, "Content-Type": "application/scim+json; charset=utf-8" }, body };
  }
  // A portal link that cannot be read is an invalid link: the page that says so, as for any unknown link.
  if (url.startsWith("/portal/l/")) {
    return { status: 303, headers: { ...common, Location: "/portal/link-error?reason=invalid", "Referrer-Policy": "no-referrer" }, body: "" };
  }
  return { status: 400, headers: { ...common, "Content-Type": "text/plain; charset=utf-8" }, body: `Bad request: ${DESCRIPTION}.\n` };
}
