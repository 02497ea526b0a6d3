import type { NormalizedProfile } from "@/lib/sso/profile";
import { userInfoClaims, type LoginSession } from "./id-token";
import { oauthJson } from "./token-endpoint";
import { tokenPool } from "./pg";
import type { OAuthHttpRequest, OAuthHttpResponse } from "./request";
import { TokenVerificationError, verifyPorticoAccessToken } from "./verify";

// GET/POST /oauth/userinfo (OIDC Core §5.3): the signed-in user's claims for an access token from the
// authorization code grant, released by its scopes. The profile is the one kept with the login's code
// until that token expires (Portico keeps no user records beyond it).

function bearerError(status: number, error: string, description: string): OAuthHttpResponse {
  const res = oauthJson(status, { error, error_description: description });
  res.headers["WWW-Authenticate"] = `Bearer error="${error}", error_description="${description.replace(/"/g, "'")}"`;
  return res;
}

export async function userinfoEndpoint(req: OAuthHttpRequest): Promise<OAuthHttpResponse> {
  if (req.method !== "GET" && req.method !== "POST") return oauthJson(405, { error: "invalid_request", error_description: "Use GET or POST" });
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i.exec(req.authorization?.trim() ?? "");
  if (!match) {
    const res = oauthJson(401, { error: "invalid_token", error_description: "Send the access token as Authorization: Bearer <token>" });
    res.headers["WWW-Authenticate"] = 'Bearer realm="portico"';
    return res;
  }
  let claims;
  try {
    claims = await verifyPorticoAccessToken(match[1]!);
  } catch (err) {
    if (err instanceof TokenVerificationError) return bearerError(401, "invalid_token", err.message);
    throw err;
  }
  const sid = (claims as { sid?: unknown }).sid;
  if ((claims as { gty?: unknown }).gty !== "authorization_code" || typeof sid !== "string" || !claims.scopes?.includes("openid")) {
    return bearerError(403, "insufficient_scope", "This access token was not issued for a user login with the openid scope");
  }
  const { rows } = await tokenPool().query<{ profile: { profile: NormalizedProfile; session: LoginSession } }>({
    name: "portico_userinfo",
    text: "SELECT profile FROM oauth_authorization_codes WHERE session_id = $1 AND client_id = $2 AND retain_until > now()",
    values: [sid, claims.client_id],
  });
  if (!rows[0]) return bearerError(401, "invalid_token", "The login this token belongs to is no longer known");
  const { profile, session } = rows[0].profile;
  return oauthJson(200, userInfoClaims(profile, session, claims.scopes));
}
