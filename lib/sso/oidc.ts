import * as client from "openid-client";
import { OutboundError, privateAddressesAllowed, safeFetch } from "@/lib/security/outbound";
import { SsoError } from "./errors";

// Portico as an OIDC relying party of a tenant's IdP, with openid-client: discovery, authorization code
// with PKCE (S256), state and nonce, ID token validation, then userinfo (profile claims may come from
// either, so both are read). Every request to the IdP goes through the outbound guard (no private
// addresses, time and size limits, no redirects); plain http only for localhost while the guard is
// lifted for tests.

const OIDC_TIMEOUT_MS = 10_000;
const MAX_OIDC_RESPONSE_BYTES = 256 * 1024;
const CONFIG_TTL_MS = 60 * 60_000;

export class OidcDiscoveryError extends Error {
  override name = "OidcDiscoveryError";
}

/** The issuer from what the admin pasted: the issuer URL itself or its discovery document's URL. */
export function normalizeIssuer(value: string): string {
  return value.trim().replace(/\/\.well-known\/openid-configuration\/?$/, "").replace(/\/+$/, "");
}

const guardedFetch: client.CustomFetch = async (url, options) => {
  const headers: Record<string, string> = {};
  new Headers(options.headers as HeadersInit).forEach((v, k) => { headers[k] = v; });
  const body = options.body === undefined || options.body === null ? undefined : String(options.body);
  const res = await safeFetch(url, {
    method: options.method === "POST" ? "POST" : "GET", headers, body,
    timeoutMs: OIDC_TIMEOUT_MS, maxResponseBytes: MAX_OIDC_RESPONSE_BYTES, failOnTooLarge: true,
    allowInsecureLocalhost: privateAddressesAllowed(),
  });
  const responseHeaders = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(", ") : v);
  return new Response(res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body), { status: res.status, headers: responseHeaders });
};

function discoveryOptions(): client.DiscoveryRequestOptions {
  return { [client.customFetch]: guardedFetch, timeout: OIDC_TIMEOUT_MS / 1000, execute: privateAddressesAllowed() ? [client.allowInsecureRequests] : [] };
}

function describe(err: unknown): string {
  if (err instanceof OutboundError) return err.message;
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error && cause.message !== err.message ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

/** Reads the issuer's discovery document (checks it is an OIDC provider with the endpoints a login needs). */
export async function discoverOidcIssuer(issuer: string): Promise<{ issuer: string; metadata: client.ServerMetadata }> {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new OidcDiscoveryError("is not a URL");
  }
  let config: client.Configuration;
  try {
    config = await client.discovery(url, "portico-discovery-check", undefined, client.None(), discoveryOptions());
  } catch (err) {
    throw new OidcDiscoveryError(`could not be read as an OpenID Connect issuer: ${describe(err)}`);
  }
  const metadata = config.serverMetadata();
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) throw new OidcDiscoveryError("has no authorization or token endpoint in its discovery document");
  return { issuer: metadata.issuer, metadata };
}

export interface OidcConnectionConfig {
  id: string;
  configVersion: number;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  redirectUri: string;
}

const configs = new Map<string, { at: number; config: Promise<client.Configuration> }>();

async function configurationFor(conn: OidcConnectionConfig): Promise<client.Configuration> {
  const key = `${conn.id}:${conn.configVersion}`;
  const cached = configs.get(key);
  if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
  const promise = (async () => {
    // The method the IdP lists first among the two, client_secret_basic by default (RFC 8414).
    const { metadata } = await discoverOidcIssuer(conn.issuer);
    const methods = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
    const auth = methods.includes("client_secret_basic") || !methods.includes("client_secret_post") ? client.ClientSecretBasic(conn.clientSecret) : client.ClientSecretPost(conn.clientSecret);
    const config = new client.Configuration(metadata, conn.clientId, { client_secret: conn.clientSecret }, auth);
    config[client.customFetch] = guardedFetch;
    config.timeout = OIDC_TIMEOUT_MS / 1000;
    if (privateAddressesAllowed()) client.allowInsecureRequests(config);
    return config;
  })();
  configs.set(key, { at: Date.now(), config: promise });
  promise.catch(() => configs.delete(key));
  return promise;
}

export interface OidcStart {
  url: string;
  nonce: string;
  codeVerifier: string;
}

/** The IdP's authorization URL for this login (state is Portico's login request id). */
export async function oidcAuthorizationUrl(conn: OidcConnectionConfig, state: string, loginHint: string | null): Promise<OidcStart> {
  let config: client.Configuration;
  try {
    config = await configurationFor(conn);
  } catch (err) {
    throw new SsoError("server_error", `The identity provider's discovery document could not be read: ${describe(err)}`);
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: conn.redirectUri, scope: conn.scopes.join(" "), state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256",
  };
  if (loginHint) params.login_hint = loginHint;
  return { url: client.buildAuthorizationUrl(config, params).href, nonce, codeVerifier };
}

export interface OidcIdentity {
  subject: string;
  /** ID token claims, then userinfo claims over them (same sub). */
  claims: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  userinfo: Record<string, unknown> | null;
}

/** Handles the IdP's redirect back: code exchange with PKCE, ID token validation (nonce, iss, aud, exp), then userinfo. */
export async function completeOidcLogin(conn: OidcConnectionConfig, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
  const config = await configurationFor(conn).catch((err) => {
    throw new SsoError("server_error", `The identity provider's discovery document could not be read: ${describe(err)}`);
  });
  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof client.AuthorizationResponseError) {
      throw new SsoError("server_error", `The identity provider refused the sign-in: ${err.error}${err.error_description ? ` (${err.error_description.slice(0, 200)})` : ""}`);
    }
    // The token endpoint refused (invalid_client, invalid_grant, a 401 challenge) or could not be reached.
    const exchange = err instanceof client.ResponseBodyError || err instanceof client.WWWAuthenticateChallengeError || err instanceof OutboundError
      || (err instanceof Error && /token endpoint|unexpected HTTP response status|fetch failed|ECONN|timeout/i.test(describe(err)) && !/id_token|ID Token|JWT|claim/i.test(describe(err)));
    if (exchange) {
      const detail = err instanceof client.ResponseBodyError ? `${err.error}${err.error_description ? `: ${err.error_description.slice(0, 200)}` : ""}`
        : err instanceof client.WWWAuthenticateChallengeError ? `HTTP ${err.status} ${err.cause.map((c) => c.parameters.error ?? c.scheme).join(", ")} (check the client ID and secret)` : describe(err);
      throw new SsoError("failed_to_exchange_token", `Exchanging the code at the identity provider failed: ${detail}`);
    }
    throw new SsoError("invalid_id_token", `The identity provider's ID token did not validate: ${describe(err)}`);
  }
  const idTokenClaims = { ...(tokens.claims() ?? {}) } as Record<string, unknown>;
  const subject = String(idTokenClaims.sub ?? "");
  if (!subject) throw new SsoError("invalid_id_token", "The ID token has no sub");
  let userinfo: Record<string, unknown> | null = null;
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      userinfo = { ...(await client.fetchUserInfo(config, tokens.access_token, subject)) } as Record<string, unknown>;
    } catch (err) {
      throw new SsoError("user_info_retrieve_failed", `Reading the user's profile from the userinfo endpoint failed: ${describe(err)}`);
    }
  }
  const protocolClaims = new Set(["iss", "aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "auth_time", "azp", "sid", "jti", "acr", "amr"]);
  const claims: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(idTokenClaims)) if (!protocolClaims.has(k)) claims[k] = v;
  for (const [k, v] of Object.entries(userinfo ?? {})) if (!protocolClaims.has(k)) claims[k] = v;
  return { subject, claims, idTokenClaims, userinfo };
}
