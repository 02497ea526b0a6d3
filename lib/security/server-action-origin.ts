// Cross-origin server-action calls are refused with 403 before Next.js sees them. Next.js checks the
// Origin of every server action too (CSRF), but answers a mismatch with a 500 and an error in the log;
// an attacker's page making the victim's browser post to an action is a client error, and the log
// should not fill with it. Same rule as Next.js's own check, so nothing it accepts is refused here:
// the Origin's host must equal the X-Forwarded-Host (its first entry) or else the Host header. A request
// without an Origin header is left to Next.js (browsers always send one on cross-origin POSTs).

/** Paths served by route handlers, where a POST is never a server action. */
const ROUTE_HANDLER_PREFIXES = ["/api/", "/oauth/"];

/** Whether a POST may be a server action: a fetch action (Next-Action header) or a form post to a page. */
export function mayBeServerAction(method: string, headers: Headers, pathname: string): boolean {
  if (method !== "POST") return false;
  if (headers.has("next-action")) return true;
  const type = headers.get("content-type")?.toLowerCase() ?? "";
  return type.startsWith("multipart/form-data") && !ROUTE_HANDLER_PREFIXES.some((p) => pathname.startsWith(p));
}

function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** True for a server-action POST whose Origin names another site (or cannot be read). */
export function isCrossOriginServerAction(method: string, headers: Headers, pathname: string): boolean {
  const origin = headers.get("origin");
  if (origin === null || !mayBeServerAction(method, headers, pathname)) return false;
  const host = originHost(origin);
  const expected = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return host === null || !expected || host !== expected;
}

export const CROSS_ORIGIN_ACTION_MESSAGE = "This request did not come from Portico's own pages (the Origin does not match). Reload the page and try again.";
