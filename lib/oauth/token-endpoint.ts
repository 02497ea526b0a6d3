import { publicUrl } from "@/lib/config/env";
import { log } from "@/lib/log";
import { isStorableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { mintAccessToken } from "./access-token";
import { exchangeAuthorizationCode } from "./authorization-code";
import { authenticateClient } from "./clients";
import { InvalidClient, InvalidRequest, OAuthError, ServerError, TooManyRequests, UnsupportedGrantType } from "./errors";
import { decideGrant } from "./grant";
import { tokenRateLimitRules } from "./rate-limit";
import { clientCredentials, parseParams, type OAuthHttpRequest, type OAuthHttpResponse } from "./request";
import { tokenService } from "./runtime";

// POST /oauth/token (client_credentials; authorization_code in authorization-code.ts), framework-neutral: the Next.js route and the lean node:http path in
// scripts/start.ts both call `tokenEndpoint`. Order of checks: body → client credentials shape →
// grant_type → per-IP rate limit (in memory) → client authentication (database, every request) →
// per-client rate limit → grant rules → signature. Usage and audit writes are batched off the request path.

/** Longer than any organization id (org_ plus digits). */
const MAX_ORGANIZATION_PARAM = 100;

export const NO_STORE_HEADERS = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function oauthJson(status: number, body: unknown, headers: Record<string, string> = {}): OAuthHttpResponse {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function oauthErrorResponse(err: unknown): OAuthHttpResponse {
  if (err instanceof OAuthError) return oauthJson(err.status, err.toJSON(), err.headers);
  log.error({ err }, "OAuth endpoint failed");
  const e = new ServerError();
  return oauthJson(e.status, e.toJSON());
}

export async function tokenEndpoint(req: OAuthHttpRequest): Promise<OAuthHttpResponse> {
  const runtime = tokenService();
  try {
    if (req.method !== "POST") return oauthJson(405, new InvalidRequest("Use POST").toJSON(), { Allow: "POST" });
    const params = parseParams(req);
    const credentials = clientCredentials(req, params);
    const grantType = params.get("grant_type");
    if (!grantType) throw new InvalidRequest("grant_type is required");
    if (grantType !== "client_credentials") {
      // The hot path above pays one comparison; everything of the code grant is behind it.
      if (grantType === "authorization_code") return oauthJson(200, await exchangeAuthorizationCode(req, params, credentials));
      throw new UnsupportedGrantType();
    }

    const rules = tokenRateLimitRules();
    const byIp = runtime.limiter.hit(rules.ip, req.context.ip ?? "unknown");
    if (byIp.limited) throw new TooManyRequests(byIp.retryAfterSec);

    const organization = params.get("organization")?.trim() || null;
    if (organization && organization.length > MAX_ORGANIZATION_PARAM) throw new InvalidRequest(`organization is longer than ${MAX_ORGANIZATION_PARAM} characters: not an organization id`);
    if (organization && !isStorableText(organization)) throw new InvalidRequest(`organization ${TEXT_RULE_MESSAGE}`);
    const auth = await authenticateClient(credentials.clientId, credentials.secret, organization);
    // Counted per authenticated client, so nobody can exhaust a client's budget by sending its id with
    // wrong secrets (guessing a 256-bit secret is hopeless anyway; floods meet the per-IP limit).
    const byClient = runtime.limiter.hit(rules.client, auth.client.id);
    if (byClient.limited) throw new TooManyRequests(byClient.retryAfterSec);
    const grant = decideGrant(auth, params);
    const minted = await mintAccessToken(auth.client, grant, publicUrl());
    runtime.usage.record(auth.client.id, auth.client.organizationId, auth.secretId);
    return oauthJson(200, {
      access_token: minted.token,
      token_type: "Bearer",
      expires_in: grant.lifetimeSec,
      scope: minted.claims.scope,
    });
  } catch (err) {
    if (err instanceof InvalidClient) runtime.authFailures.record(err.clientId, err.organizationId, err.reason, req.context);
    return oauthErrorResponse(err);
  }
}
