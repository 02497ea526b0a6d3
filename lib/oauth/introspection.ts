import { emit } from "@/lib/events";
import { mayInspectToken } from "@/lib/authz";
import { db } from "@/lib/db";
import { authenticateClient, type AuthenticatedClient } from "./clients";
import { InvalidClient, InvalidRequest, TooManyRequests, UnauthorizedClient } from "./errors";
import { tokenRateLimitRules } from "./rate-limit";
import { clientCredentials, parseParams, type OAuthHttpRequest, type OAuthHttpResponse } from "./request";
import { tokenService } from "./runtime";
import { oauthErrorResponse, oauthJson } from "./token-endpoint";
import { tokenStatus, TokenVerificationError, verifyAccessTokenSignature, type PorticoAccessToken } from "./verify";

// POST /oauth/introspect (RFC 7662) and POST /oauth/revoke (RFC 7009), both with client authentication
// (client_secret_basic or client_secret_post). A client may ask only about tokens it may see
// (lib/authz mayInspectToken); anything else, and any revoked, expired or foreign token, introspects
// as { "active": false }. Revoked tokens' jti are kept in revoked_tokens until the token's exp.

async function authenticated(req: OAuthHttpRequest): Promise<{ auth: AuthenticatedClient; token: string }> {
  if (req.method !== "POST") throw new InvalidRequest("Use POST");
  const params = parseParams(req);
  const credentials = clientCredentials(req, params);
  const runtime = tokenService();
  const rules = tokenRateLimitRules();
  const byIp = runtime.limiter.hit(rules.ip, req.context.ip ?? "unknown");
  if (byIp.limited) throw new TooManyRequests(byIp.retryAfterSec);
  const auth = await authenticateClient(credentials.clientId, credentials.secret, null);
  const token = params.get("token");
  if (!token) throw new InvalidRequest("token is required");
  return { auth, token };
}

function inspector(auth: AuthenticatedClient) {
  const c = auth.client;
  return { id: c.id, organizationId: c.organizationId, scopes: c.scopes, allowAnyOrganization: c.allowAnyOrganization, allowedOrganizationIds: c.allowedOrganizationIds };
}

async function verifiedOrNull(token: string): Promise<PorticoAccessToken | null> {
  try {
    return await verifyAccessTokenSignature(token);
  } catch (err) {
    if (err instanceof TokenVerificationError) return null;
    throw err;
  }
}

async function withAuthFailureAudit(req: OAuthHttpRequest, run: () => Promise<OAuthHttpResponse>): Promise<OAuthHttpResponse> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof InvalidClient) tokenService().authFailures.record(err.clientId, err.organizationId, err.reason, req.context);
    return oauthErrorResponse(err);
  }
}

export function introspectionEndpoint(req: OAuthHttpRequest): Promise<OAuthHttpResponse> {
  return withAuthFailureAudit(req, async () => {
    const { auth, token } = await authenticated(req);
    const claims = token.length > 8192 ? null : await verifiedOrNull(token);
    if (!claims || !mayInspectToken(inspector(auth), claims, "introspect")) return oauthJson(200, { active: false });
    const status = await tokenStatus(claims.jti!, claims.client_id, claims.oid);
    if (status.revoked || !status.clientActive || !status.organizationExists) return oauthJson(200, { active: false });
    return oauthJson(200, {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      exp: claims.exp,
      iat: claims.iat,
      nbf: claims.nbf,
      jti: claims.jti,
      token_type: "Bearer",
      ...(claims.oid ? { oid: claims.oid, org_id: claims.oid } : {}),
      scopes: claims.scopes,
      custom_claims: claims.custom_claims,
      gty: claims.gty,
    });
  });
}

export function revocationEndpoint(req: OAuthHttpRequest): Promise<OAuthHttpResponse> {
  return withAuthFailureAudit(req, async () => {
    const { auth, token } = await authenticated(req);
    // Unknown, malformed and expired tokens: nothing to revoke, and RFC 7009 answers 200 all the same.
    const claims = token.length > 8192 ? null : await verifiedOrNull(token);
    if (!claims) return oauthJson(200, {});
    if (!mayInspectToken(inspector(auth), claims, "revoke")) throw new UnauthorizedClient("This client may not revoke tokens of another organization");
    const jti = claims.jti!;
    await db.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO revoked_tokens (jti, client_id, expire_time) VALUES (${jti}, ${claims.client_id}, ${new Date(claims.exp! * 1000)})
        ON CONFLICT (jti) DO NOTHING`;
      if (!inserted) return;
      const c = auth.client;
      const revoked = { jti, client_id: claims.client_id, expire_time: new Date(claims.exp! * 1000).toISOString() };
      await emit(tx, "access_token.revoked", {
        organizationId: claims.oid ?? null, actor: { type: c.organizationId ? "service_principal" : "management_client", id: c.id, label: c.name },
        context: req.context, target: { type: "access_token", id: jti }, data: revoked, after: null, metadata: revoked,
      });
    });
    return oauthJson(200, {});
  });
}
