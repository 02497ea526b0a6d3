import crypto from "node:crypto";

// The two pages the login flow serves itself, as plain HTML with their own strict CSP:
//   - the end user's error page: plain and safe. Fixed words per situation, no detail from the request
//     or the IdP (that goes to the audit trail and, for tests, the admin's result page), a reference to
//     quote, and a way back;
//   - the SAML HTTP-POST binding form that carries the AuthnRequest to the IdP (submitted by a nonce'd
//     script, or by a button without JavaScript).

export type ErrorPageCode =
  | "invalid_client" | "invalid_redirect_uri" | "invalid_request" | "sign_in_expired" | "wrong_browser" | "idp_initiated_disabled"
  | "server_error" | string;

const MESSAGES: Record<string, { title: string; body: string }> = {
  invalid_client: { title: "This sign-in link is not valid", body: "The application that sent you here is not registered with this sign-in service. Go back to the application and try again; if it keeps happening, tell its support team." },
  invalid_redirect_uri: { title: "This sign-in link is not valid", body: "The application asked to send you back to an address it has not registered, so you were not sent anywhere. Go back to the application and try again; if it keeps happening, tell its support team." },
  invalid_request: { title: "This sign-in link is not valid", body: "The sign-in request was incomplete or malformed. Go back to the application and try again." },
  sign_in_expired: { title: "This sign-in has expired", body: "The sign-in took too long, was already completed, or was not started here. Go back to the application and sign in again." },
  wrong_browser: { title: "Sign in from the same browser", body: "This sign-in was started in another browser or window. Go back to the application in this browser and sign in again." },
  idp_initiated_disabled: { title: "Start the sign-in from the application", body: "Your organization's sign-in provider sent you here directly, which this application does not accept. Open the application and sign in from there." },
};
const GENERIC = { title: "Sign-in could not be completed", body: "Something went wrong while signing you in with your organization's account. Go back to the application and try again; if it keeps happening, contact your IT administrator." };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `body{margin:0;padding:0 1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;background:#f9fafb}
main{max-width:32rem;margin:12vh auto;padding:2rem 1.5rem;background:#fff;border:1px solid #e5e7eb;border-radius:.75rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{margin:0 0 1rem}.ref{font-size:.8125rem;color:#6b7280;word-break:break-all}
button{font:inherit;padding:.5rem 1rem;border-radius:.5rem;border:1px solid #d1d5db;background:#111827;color:#fff;cursor:pointer}`;

export interface HtmlPage {
  status: number;
  body: string;
  headers: Record<string, string>;
}

function page(status: number, title: string, inner: string, csp: string): HtmlPage {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${inner}</main></body></html>`;
  return {
    status, body,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Content-Security-Policy": csp, "X-Frame-Options": "DENY" },
  };
}

export function ssoErrorPage(code: ErrorPageCode, requestId: string, status = 400): HtmlPage {
  const m = MESSAGES[code] ?? GENERIC;
  const inner = `<h1>${escape(m.title)}</h1><p>${escape(m.body)}</p><p class="ref">Reference: ${escape(requestId)}${MESSAGES[code] ? "" : ` · ${escape(code.replace(/[^a-z_]/g, ""))}`}</p>`;
  return page(status, m.title, inner, "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
}

/** The SAML HTTP-POST binding: an auto-submitting form to the IdP's SSO URL. */
export function samlPostForm(action: string, fields: Record<string, string>): HtmlPage {
  const nonce = crypto.randomBytes(16).toString("base64");
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join("");
  const origin = new URL(action).origin;
  const inner = `<h1>Signing you in…</h1><form method="post" action="${escape(action)}" id="saml">${inputs}<noscript><p>Continue to your organization's sign-in page.</p></noscript><button type="submit">Continue</button></form>
<script nonce="${nonce}">document.getElementById("saml").submit();</script>`;
  return page(200, "Signing you in", inner, `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action ${origin}; frame-ancestors 'none'`);
}
