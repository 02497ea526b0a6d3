import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { SsoError } from "@/lib/sso/errors";
import { startLogin, type IdpAction } from "@/lib/sso/login";
import { selectConnection } from "@/lib/sso/selection";
import { isIdOf } from "@/lib/validation/ids";
import { isStorableText } from "@/lib/validation/text";
import { SUPPORTED_SCOPES } from "./id-token";
import { AUTHORIZE_MAX as MAX, PKCE_PATTERN as PKCE_CHALLENGE } from "./schemas";

// GET /oauth/authorize (OIDC Core §3.1.2, RFC 6749 §4.1, RFC 7636; parameters and precedence of
// compat.md §4.5). The client and its redirect URI are checked first and their errors are shown on a
// Portico page, never redirected (no open redirect). Past that, every error goes back to the redirect
// URI as error + error_description (+ state), with compat.md §4.10's codes for connection selection.
// Unknown parameters are ignored (§12 row 8). The parameters are described by authorizeQuerySchema
// (./schemas.ts, for the OpenAPI document), which shares these limits; the checks are by hand because
// their errors go back to the redirect URI one by one, in the order above.
const SINGLE = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "organization_id", "connection_id", "domain", "login_hint", "provider"];

export type AuthorizeOutcome =
  | { kind: "page"; code: "invalid_client" | "invalid_redirect_uri" | "invalid_request"; detail: string }
  | { kind: "redirect"; url: string }
  | { kind: "idp"; action: IdpAction };

function errorRedirect(redirectUri: string, error: string, description: string, state: string | null): AuthorizeOutcome {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description.slice(0, 500));
  if (state) url.searchParams.set("state", state);
  return { kind: "redirect", url: url.href };
}

export async function authorizeRequest(query: URLSearchParams, browserKey: string, context: RequestContext): Promise<AuthorizeOutcome> {
  const one = (name: keyof typeof MAX | "response_type" | "code_challenge" | "code_challenge_method") => query.get(name)?.trim() || null;
  const repeated = SINGLE.filter((k) => query.getAll(k).length > 1);

  const clientId = one("client_id");
  if (!clientId || clientId.length > MAX.client_id || repeated.includes("client_id")) return { kind: "page", code: "invalid_client", detail: "client_id is missing, repeated or too long" };
  // One that cannot be an environment client's (a NUL in it was a failed query: 500) is unknown without a query.
  if (!isIdOf("environment_client", clientId)) return { kind: "page", code: "invalid_client", detail: "client_id is not an environment client id (skc_…)" };
  const client = await db.servicePrincipal.findFirst({ where: { id: clientId, organizationId: null }, select: { id: true, status: true, redirectUris: true } });
  if (!client || client.status !== "active") return { kind: "page", code: "invalid_client", detail: `client_id ${clientId} is not an active environment client` };
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri || repeated.includes("redirect_uri") || !client.redirectUris.includes(redirectUri)) {
    return { kind: "page", code: "invalid_redirect_uri", detail: redirectUri ? `redirect_uri is not registered for ${clientId} (registered URIs are matched exactly)` : "redirect_uri is required" };
  }

  // From here the redirect URI is trusted: errors go back to it.
  const state = query.get("state");
  if (state && state.length > MAX.state) return errorRedirect(redirectUri, "invalid_request", `state is longer than ${MAX.state} characters`, null);
  if (repeated.length) return errorRedirect(redirectUri, "invalid_request", `${repeated[0]} is given more than once`, state);
  // The text rule (lib/validation/text.ts): state, nonce and login_hint are stored with the sign-in request.
  const unstorable = SINGLE.find((name) => { const v = query.get(name); return v !== null && !isStorableText(v); });
  if (unstorable) return errorRedirect(redirectUri, "invalid_request", `${unstorable} must not contain NUL characters or invalid Unicode`, unstorable === "state" ? null : state);
  for (const name of ["nonce", "login_hint", "domain", "organization_id", "connection_id", "scope", "provider"] as const) {
    const v = query.get(name);
    if (v && v.length > MAX[name]) return errorRedirect(redirectUri, "invalid_request", `${name} is longer than ${MAX[name]} characters`, state);
  }
  const responseType = one("response_type");
  if (responseType !== "code") return errorRedirect(redirectUri, "unsupported_response_type", responseType ? `response_type ${responseType.slice(0, 40)} is not supported; use code` : "response_type=code is required", state);
  const scopes = (one("scope") ?? "").split(/\s+/).filter(Boolean);
  if (!scopes.includes("openid")) return errorRedirect(redirectUri, "invalid_scope", "scope must include openid (send openid email profile)", state);
  const granted = SUPPORTED_SCOPES.filter((s) => scopes.includes(s));

  const challenge = one("code_challenge");
  const method = one("code_challenge_method");
  if (challenge) {
    if (method !== "S256") return errorRedirect(redirectUri, "invalid_request", "code_challenge_method must be S256 (plain is not accepted)", state);
    if (!PKCE_CHALLENGE.test(challenge)) return errorRedirect(redirectUri, "invalid_request", "code_challenge must be the base64url SHA-256 of the code verifier (43 characters)", state);
  } else if (method) {
    return errorRedirect(redirectUri, "invalid_request", "code_challenge_method was sent without code_challenge", state);
  }

  try {
    const conn = await selectConnection({
      provider: one("provider"), connectionId: one("connection_id"), organizationId: one("organization_id"), domain: one("domain"), loginHint: one("login_hint"),
    });
    const action = await startLogin(conn, {
      clientId: client.id, redirectUri, state, nonce: query.get("nonce"), codeChallenge: challenge, scope: granted.join(" "), loginHint: one("login_hint"),
    }, browserKey);
    return { kind: "idp", action };
  } catch (err) {
    if (err instanceof SsoError) {
      log.info({ clientId, code: err.code, requestId: context.requestId }, `authorize refused: ${err.description}`);
      return errorRedirect(redirectUri, err.code, err.description, state);
    }
    log.error({ err, requestId: context.requestId }, "authorize failed");
    return errorRedirect(redirectUri, "server_error", `Portico could not start the sign-in (reference ${context.requestId})`, state);
  }
}
