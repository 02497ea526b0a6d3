import crypto from "node:crypto";
import { publicUrl } from "@/lib/config/env";
import { constantTimeEqual, hashSecret } from "@/lib/crypto/secrets";
import { MAX_ACCESS_TOKEN_LIFETIME_SEC } from "@/lib/keys/rotation";
import { log } from "@/lib/log";
import type { NormalizedProfile } from "@/lib/sso/profile";
import { authenticateClient } from "./clients";
import { OAuthError, InvalidRequest, TooManyRequests, UnauthorizedClient } from "./errors";
import { mintUserTokens, type LoginSession } from "./id-token";
import { tokenPool } from "./pg";
import { tokenRateLimitRules } from "./rate-limit";
import { MAX_AUTHORIZATION_CODE_LENGTH as MAX_CODE_PARAM, PKCE_PATTERN as PKCE_VERIFIER } from "./schemas";
import type { ClientCredentials, OAuthHttpRequest, Params } from "./request";
import { tokenService } from "./runtime";

// grant_type=authorization_code at POST /oauth/token (RFC 6749 §4.1.3, RFC 7636, OAuth 2.1): the host
// app exchanges the code its user brought back from an SSO login. The code is single use (consumed by
// one atomic UPDATE), lives 60 seconds, and is bound to the client, the redirect URI and, when the
// authorization request carried a code_challenge, the PKCE verifier. A code presented twice is refused
// and the access token issued for it is revoked (RFC 6749 §4.1.2). Only environment-level clients
// (the host app's own, skc_…) with client authentication use it.

export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super("invalid_grant", description);
  }
}

/** The user access token's lifetime: short, like Scalekit's SSO tokens (15 minutes), and never above the client's and the organization's limits. */
export const USER_ACCESS_TOKEN_LIFETIME_SEC = 900;

interface CodeRow {
  client_id: string;
  redirect_uri: string;
  code_challenge: string | null;
  scope: string;
  nonce: string | null;
  organization_id: string;
  session_id: string;
  profile: { profile: NormalizedProfile & { session: unknown }; session: LoginSession };
  org_token_lifetime: number | null;
}

// Consume and read in one statement: two concurrent exchanges of one code cannot both succeed.
const CONSUME = `
UPDATE oauth_authorization_codes c SET consume_time = now()
 WHERE c.code_hash = $1 AND c.consume_time IS NULL AND c.expire_time > now()
RETURNING c.client_id, c.redirect_uri, c.code_challenge, c.scope, c.nonce, c.organization_id, c.session_id, c.profile,
  (SELECT oss.access_token_lifetime_sec FROM organization_session_settings oss WHERE oss.organization_id = c.organization_id) AS org_token_lifetime`;

/** Why a code did not consume: reused (and then its tokens are revoked), expired, or unknown. */
async function refuse(codeHash: string): Promise<never> {
  const { rows } = await tokenPool().query<{ consumed: boolean; client_id: string; jti: string | null; retain: Date }>({
    name: "portico_code_lookup",
    text: "SELECT consume_time IS NOT NULL AS consumed, client_id, access_token_jti AS jti, retain_until AS retain FROM oauth_authorization_codes WHERE code_hash = $1",
    values: [codeHash],
  });
  const row = rows[0];
  if (row?.consumed) {
    if (row.jti) {
      await tokenPool().query("INSERT INTO revoked_tokens (jti, client_id, expire_time) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING", [row.jti, row.client_id, row.retain]);
    }
    log.warn({ clientId: row.client_id, revokedJti: row.jti }, "authorization code presented again: refused, and the access token issued for it revoked");
    throw new InvalidGrant("The authorization code was already used; the tokens issued for it are revoked");
  }
  throw new InvalidGrant(row ? "The authorization code has expired (codes live 60 seconds)" : "The authorization code is not valid");
}

function pkceMatches(verifier: string, challenge: string): boolean {
  return constantTimeEqual(crypto.createHash("sha256").update(verifier, "ascii").digest("base64url"), challenge);
}

export async function exchangeAuthorizationCode(req: OAuthHttpRequest, params: Params, credentials: ClientCredentials): Promise<Record<string, unknown>> {
  const runtime = tokenService();
  const rules = tokenRateLimitRules();
  const byIp = runtime.limiter.hit(rules.ip, req.context.ip ?? "unknown");
  if (byIp.limited) throw new TooManyRequests(byIp.retryAfterSec);

  const code = params.get("code");
  const redirectUri = params.get("redirect_uri");
  const verifier = params.get("code_verifier");
  const auth = await authenticateClient(credentials.clientId, credentials.secret, null);
  const byClient = runtime.limiter.hit(rules.client, auth.client.id);
  if (byClient.limited) throw new TooManyRequests(byClient.retryAfterSec);
  if (auth.client.organizationId !== null) throw new UnauthorizedClient("Only the host app's environment clients (skc_…) use the authorization code grant");
  if (!code) throw new InvalidRequest("code is required");
  if (!redirectUri) throw new InvalidRequest("redirect_uri is required (the one the authorization request used)");
  if (code.length > MAX_CODE_PARAM) throw new InvalidGrant("The authorization code is not valid");
  if (verifier !== undefined && !PKCE_VERIFIER.test(verifier)) throw new InvalidRequest("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");

  const codeHash = hashSecret(code);
  const { rows } = await tokenPool().query<CodeRow>({ name: "portico_code_consume", text: CONSUME, values: [codeHash] });
  const row = rows[0] ?? (await refuse(codeHash));
  // Consumed either way from here: a code presented with the wrong client, redirect URI or verifier is spent.
  if (row.client_id !== auth.client.id) throw new InvalidGrant("The authorization code was issued to another client");
  if (row.redirect_uri !== redirectUri) throw new InvalidGrant("redirect_uri does not match the one of the authorization request");
  if (row.code_challenge) {
    if (!verifier) throw new InvalidGrant("code_verifier is required: the authorization request sent a code_challenge");
    if (!pkceMatches(verifier, row.code_challenge)) throw new InvalidGrant("code_verifier does not match the code_challenge");
  } else if (verifier) {
    throw new InvalidGrant("code_verifier was sent, but the authorization request had no code_challenge");
  }

  const { profile, session } = row.profile;
  const lifetimeSec = Math.min(...[USER_ACCESS_TOKEN_LIFETIME_SEC, auth.client.expiry, MAX_ACCESS_TOKEN_LIFETIME_SEC, auth.deploymentTokenLifetimeSec, row.org_token_lifetime].filter((v): v is number => typeof v === "number" && v > 0));
  const scopes = row.scope.split(" ").filter(Boolean);
  const tokens = await mintUserTokens({ issuer: publicUrl(), clientId: auth.client.id, profile, session, scopes, nonce: row.nonce, lifetimeSec });
  await tokenPool().query({
    name: "portico_code_issued",
    text: "UPDATE oauth_authorization_codes SET access_token_jti = $2, retain_until = $3 WHERE code_hash = $1",
    values: [codeHash, tokens.accessTokenJti, new Date(tokens.accessTokenExp * 1000)],
  });
  runtime.usage.record(auth.client.id, row.organization_id, auth.secretId);
  return {
    access_token: tokens.accessToken, token_type: "Bearer", expires_in: tokens.expiresIn, id_token: tokens.idToken, scope: scopes.join(" "),
    user: { id: profile.sub, ...profile },
  };
}
