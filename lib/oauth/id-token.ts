import crypto from "node:crypto";
import { signJws } from "@/lib/keys/algorithms";
import { currentSigningKey } from "@/lib/keys/signing";
import { newId } from "@/lib/ids";
import type { NormalizedProfile } from "@/lib/sso/profile";

// Tokens of a user login (authorization_code grant), signed with the deployment's current key like
// access tokens (lib/keys), so one JWKS validates everything:
//   ID token      iss, sub (connection_id;idp user id), aud (client id), azp, iat, exp, auth_time, nonce,
//                 at_hash, sid, amr [connection_id], oid, org_id, email, email_verified, name, given_name,
//                 family_name, preferred_username, groups, picture, locale, connection_id,
//                 connection_type, provider_name, session { absolute_timeout_sec, idle_timeout_sec, expires_at }
//   access token  typ at+jwt; iss, sub, aud (client id), client_id, azp, iat, nbf, exp, jti, sid, oid,
//                 org_id, scope, scopes, gty "authorization_code" (for /oauth/userinfo and the host app)

export interface LoginSession {
  /** ses_… */
  id: string;
  organizationId: string;
  connectionId: string;
  connectionType: "SAML" | "OIDC";
  provider: string;
  authTime: number;
  absoluteTimeoutSec: number;
  idleTimeoutSec: number;
}

export interface UserTokens {
  idToken: string;
  accessToken: string;
  accessTokenJti: string;
  expiresIn: number;
  accessTokenExp: number;
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** OIDC at_hash: the left half of the access token's hash, with the hash of the signing algorithm. */
function atHash(alg: string, accessToken: string): string {
  const hash = alg === "EdDSA" ? "sha512" : `sha${alg.slice(2)}`;
  const digest = crypto.createHash(hash).update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

/** Scopes of a user login (OIDC Core §5.4); others are ignored. */
export const SUPPORTED_SCOPES = ["openid", "email", "profile"] as const;

export const ID_TOKEN_CLAIMS = [
  "iss", "sub", "aud", "azp", "iat", "exp", "auth_time", "nonce", "at_hash", "sid", "amr", "oid", "org_id", "email", "email_verified",
  "name", "given_name", "family_name", "preferred_username", "groups", "picture", "locale", "connection_id", "connection_type", "provider_name", "session",
] as const;

/** Profile claims the `profile` / `email` scopes release (OIDC Core §5.4). */
function profileClaims(profile: NormalizedProfile, scopes: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (scopes.includes("email")) Object.assign(out, { email: profile.email, email_verified: profile.email_verified });
  if (scopes.includes("profile")) {
    for (const [k, v] of Object.entries({ name: profile.name, given_name: profile.given_name, family_name: profile.family_name, preferred_username: profile.preferred_username, picture: profile.picture, locale: profile.locale })) {
      if (v !== null && v !== undefined) out[k] = v;
    }
    if (profile.groups.length) out.groups = profile.groups;
  }
  return out;
}

export function userInfoClaims(profile: NormalizedProfile, session: LoginSession, scopes: readonly string[]): Record<string, unknown> {
  return { sub: profile.sub, ...profileClaims(profile, scopes), oid: session.organizationId, custom_attributes: profile.custom_attributes };
}

export async function mintUserTokens(input: {
  issuer: string; clientId: string; profile: NormalizedProfile; session: LoginSession; scopes: string[]; nonce: string | null; lifetimeSec: number; now?: number;
}): Promise<UserTokens> {
  const { issuer, clientId, profile, session, scopes } = input;
  const key = await currentSigningKey();
  const iat = Math.floor((input.now ?? Date.now()) / 1000);
  const exp = iat + input.lifetimeSec;
  const jti = newId("tkn");
  const accessClaims = {
    iss: issuer, sub: profile.sub, aud: clientId, client_id: clientId, azp: clientId, iat, nbf: iat, exp, jti, sid: session.id,
    oid: session.organizationId, org_id: session.organizationId, scopes, scope: scopes.join(" "), gty: "authorization_code",
  };
  const accessInput = `${b64json({ alg: key.alg, typ: "at+jwt", kid: key.kid })}.${b64json(accessClaims)}`;
  const accessToken = `${accessInput}.${await signJws(key.alg, key.privateKey, accessInput)}`;

  const idClaims = {
    iss: issuer, sub: profile.sub, aud: clientId, azp: clientId, iat, exp, auth_time: session.authTime,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    at_hash: atHash(key.alg, accessToken), sid: session.id, amr: [session.connectionId],
    oid: session.organizationId, org_id: session.organizationId,
    // The ID token always names the user (compat.md §2.7: email is always present).
    email: profile.email, email_verified: profile.email_verified,
    ...profileClaims(profile, scopes),
    connection_id: session.connectionId, connection_type: session.connectionType, provider_name: session.provider,
    session: { absolute_timeout_sec: session.absoluteTimeoutSec, idle_timeout_sec: session.idleTimeoutSec, expires_at: session.authTime + session.absoluteTimeoutSec },
  };
  const idInput = `${b64json({ alg: key.alg, typ: "JWT", kid: key.kid })}.${b64json(idClaims)}`;
  const idToken = `${idInput}.${await signJws(key.alg, key.privateKey, idInput)}`;
  return { idToken, accessToken, accessTokenJti: jti, expiresIn: input.lifetimeSec, accessTokenExp: exp };
}

/** The idp_initiated_login JWT (compat.md §4.6): the host app turns it into an SP-initiated login. */
export async function mintIdpInitiatedLogin(input: {
  issuer: string; clientId: string; organizationId: string; connectionId: string; loginHint: string | null; relayState: string | null; lifetimeSec?: number;
}): Promise<string> {
  const key = await currentSigningKey();
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: input.issuer, aud: input.clientId, iat, nbf: iat, exp: iat + (input.lifetimeSec ?? 300), jti: newId("tkn"),
    organization_id: input.organizationId, connection_id: input.connectionId, login_hint: input.loginHint, relay_state: input.relayState,
  };
  const signingInput = `${b64json({ alg: key.alg, typ: "JWT", kid: key.kid })}.${b64json(claims)}`;
  return `${signingInput}.${await signJws(key.alg, key.privateKey, signingInput)}`;
}
