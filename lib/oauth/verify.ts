import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { publicUrl } from "@/lib/config/env";
import { loadVerificationKeys } from "@/lib/keys/verification";
import type { AccessTokenClaims } from "./access-token";
import { tokenPool } from "./pg";

// Verifies an access token Portico issued, for Portico's own APIs (management API, introspection):
// signature with a published key (reloading the key set once when the kid is unknown: a rotation on
// another instance), typ "at+jwt", issuer, exp/nbf, optional audience, then the database: the token is
// not revoked and its client still exists and is active.

export type TokenRejection =
  | "malformed" | "unknown_key" | "bad_signature" | "wrong_type" | "wrong_issuer" | "wrong_audience"
  | "expired" | "not_yet_valid" | "revoked" | "client_inactive" | "organization_deleted";

export class TokenVerificationError extends Error {
  override name = "TokenVerificationError";
  constructor(readonly reason: TokenRejection, message: string) {
    super(message);
  }
}

export type PorticoAccessToken = AccessTokenClaims & JWTPayload;

const CLOCK_TOLERANCE_SEC = 5;

/** Signature, typ, issuer, times and audience; no database check. */
export async function verifyAccessTokenSignature(token: string, { audience }: { audience?: string } = {}): Promise<PorticoAccessToken> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new TokenVerificationError("malformed", "The token is not a JWT");
  }
  if (!kid) throw new TokenVerificationError("malformed", "The token has no kid");
  let key = (await loadVerificationKeys()).get(kid);
  if (!key) key = (await loadVerificationKeys({ refresh: true })).get(kid);
  if (!key) throw new TokenVerificationError("unknown_key", "The token was not signed by a published key");
  try {
    const { payload } = await jwtVerify(token, key.key, {
      issuer: publicUrl(), typ: "at+jwt", algorithms: [key.alg], clockTolerance: CLOCK_TOLERANCE_SEC,
      ...(audience ? { audience } : {}), requiredClaims: ["exp", "jti", "client_id", "sub"],
    });
    return payload as PorticoAccessToken;
  } catch (err) {
    throw rejection(err);
  }
}

function rejection(err: unknown): TokenVerificationError {
  if (err instanceof joseErrors.JWTExpired) return new TokenVerificationError("expired", "The token has expired");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenVerificationError("bad_signature", "The token signature is invalid");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "iss") return new TokenVerificationError("wrong_issuer", "The token was issued by another issuer");
    if (err.claim === "aud") return new TokenVerificationError("wrong_audience", "The token is not meant for this audience");
    if (err.claim === "nbf" || err.claim === "iat") return new TokenVerificationError("not_yet_valid", "The token is not valid yet");
    if (err.claim === "typ") return new TokenVerificationError("wrong_type", "The token is not an access token (typ at+jwt)");
    return new TokenVerificationError("malformed", `The token's ${err.claim} claim is missing or invalid`);
  }
  return new TokenVerificationError("malformed", "The token could not be verified");
}

export interface TokenStatus {
  revoked: boolean;
  clientActive: boolean;
  /** The token's organization (`oid`) still exists; true for tokens without one. */
  organizationExists: boolean;
}

/** Revocation, client status and the token's organization, straight from the database. */
export async function tokenStatus(jti: string, clientId: string, organizationId: string | null | undefined): Promise<TokenStatus> {
  const { rows } = await tokenPool().query<{ revoked: boolean; client_active: boolean; organization_exists: boolean }>({
    name: "portico_token_status",
    text: `SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = $1) AS revoked,
                  EXISTS (SELECT 1 FROM service_principals sp WHERE sp.id = $2 AND sp.status = 'active') AS client_active,
                  ($3::text IS NULL OR EXISTS (SELECT 1 FROM organizations o WHERE o.id = $3)) AS organization_exists`,
    values: [jti, clientId, organizationId ?? null],
  });
  const row = rows[0]!;
  return { revoked: row.revoked, clientActive: row.client_active, organizationExists: row.organization_exists };
}

/**
 * Verifies a Portico access token completely. Throws TokenVerificationError (map it to
 * 401 invalid_token); returns the claims otherwise.
 */
export async function verifyPorticoAccessToken(token: string, { audience }: { audience?: string } = {}): Promise<PorticoAccessToken> {
  const claims = await verifyAccessTokenSignature(token, { audience });
  const status = await tokenStatus(claims.jti!, claims.client_id, claims.oid);
  if (status.revoked) throw new TokenVerificationError("revoked", "The token has been revoked");
  if (!status.clientActive) throw new TokenVerificationError("client_inactive", "The token's client is disabled or deleted");
  if (!status.organizationExists) throw new TokenVerificationError("organization_deleted", "The token's organization has been deleted");
  return claims;
}
