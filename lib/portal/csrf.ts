import { DomainError } from "@/lib/errors";
import { publicUrl } from "@/lib/config/env";
import { verifyCsrfToken } from "./sessions";
import { CSRF_HEADER } from "./csrf-header";

export { CSRF_HEADER };

// CSRF protection for everything a portal session changes, without relying on SameSite (the cookie is
// SameSite=None so it works in an iframe):
//   1. the request must come from Portico's own origin (Origin header, and Sec-Fetch-Site when sent);
//   2. it must carry the session's CSRF token in the x-portico-csrf header, which the portal adds to its
//      server-action requests (components/portal/portal-shell.tsx) and route calls. Another site can
//      neither read the token nor set the header cross-origin without a CORS preflight Portico refuses.


function ownOrigins(headers: Headers): string[] {
  const origins = [new URL(publicUrl()).origin];
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (host) {
    const proto = headers.get("x-forwarded-proto") ?? new URL(publicUrl()).protocol.replace(":", "");
    origins.push(`${proto}://${host}`);
  }
  return origins;
}

/** Throws DomainError("forbidden") unless the request is a same-origin mutation carrying the session's token. */
export function assertPortalMutation(headers: Headers, sessionId: string): void {
  const origin = headers.get("origin");
  if (!origin || !ownOrigins(headers).includes(origin)) {
    throw new DomainError("forbidden", "This request did not come from the admin portal (origin check failed). Reload the portal and try again.");
  }
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") {
    throw new DomainError("forbidden", "This request did not come from the admin portal (cross-site request). Reload the portal and try again.");
  }
  if (!verifyCsrfToken(sessionId, headers.get(CSRF_HEADER))) {
    throw new DomainError("forbidden", "This request is missing the portal's security token. Reload the portal and try again.");
  }
}
