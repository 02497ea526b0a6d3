import { signJws } from "@/lib/keys/algorithms";
import { currentSigningKey } from "@/lib/keys/signing";
import { newId } from "@/lib/ids";
import type { OAuthClient } from "./clients";
import type { Grant } from "./grant";

// The access token (RFC 9068 shape plus the names Scalekit and Auth0 validators read):
//   header  { alg, typ: "at+jwt", kid }
//   claims  iss, sub (= client id), aud, iat, nbf, exp, jti (tkn_…), client_id, azp, oid + org_id,
//           scopes (array), scope (string), custom_claims (object), gty: "client-credentials"

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  client_id: string;
  azp: string;
  oid?: string;
  org_id?: string;
  scopes: string[];
  scope: string;
  custom_claims: Record<string, string>;
  gty: "client-credentials";
}

export interface MintedToken {
  token: string;
  claims: AccessTokenClaims;
  kid: string;
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function accessTokenClaims(client: OAuthClient, grant: Grant, issuer: string, nowSec: number): AccessTokenClaims {
  const audience = grant.audience.length ? grant.audience : [issuer];
  return {
    iss: issuer,
    sub: client.id,
    aud: audience.length === 1 ? audience[0]! : audience,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + grant.lifetimeSec,
    jti: newId("tkn"),
    client_id: client.id,
    azp: client.id,
    ...(grant.organizationId ? { oid: grant.organizationId, org_id: grant.organizationId } : {}),
    scopes: grant.scopes,
    scope: grant.scopes.join(" "),
    custom_claims: client.customClaims,
    gty: "client-credentials",
  };
}

export async function mintAccessToken(client: OAuthClient, grant: Grant, issuer: string, now = Date.now()): Promise<MintedToken> {
  const key = await currentSigningKey();
  const claims = accessTokenClaims(client, grant, issuer, Math.floor(now / 1000));
  const signingInput = `${b64json({ alg: key.alg, typ: "at+jwt", kid: key.kid })}.${b64json(claims)}`;
  const signature = await signJws(key.alg, key.privateKey, signingInput);
  return { token: `${signingInput}.${signature}`, claims, kid: key.kid };
}
