import { compactVerify, decodeJwt, decodeProtectedHeader, type CryptoKey, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { formatDateTimeUtc, formatDurationRounded } from "@/lib/format";

// The token debugger: decodes an access token and says, check by check and in plain words, whether a
// resource API expecting it to come from a given service principal would accept it. Pure apart from the
// signature check, which uses the keys it is given (the deployment's published keys).

export type CheckId = "signature" | "expiry" | "issuer" | "audience" | "organization" | "client" | "scopes" | "revocation";

export interface TokenCheck {
  id: CheckId;
  label: string;
  passed: boolean;
  /** Why it passed or failed, in words a tenant admin can act on. */
  reason: string;
}

export interface TokenReport {
  /** Set when the text is not a decodable JWT at all; then there are no checks. */
  error: string | null;
  header: ProtectedHeaderParameters | null;
  claims: JWTPayload | null;
  checks: TokenCheck[];
  /** True when every check passed. */
  valid: boolean;
}

export interface PublishedKey {
  kid: string;
  alg: string;
  key: CryptoKey | Uint8Array;
}

export interface TokenExpectations {
  issuer: string;
  /** The service principal's audiences; the token's `aud` must name one of them. */
  audiences: string[];
  organizationId: string;
  clientId: string;
  /** Scopes the principal holds now; the token may carry no others. */
  scopes: string[];
  /** Looks up a published key by kid (may refresh a cache for kids it has not seen). */
  findKey: (kid: string) => Promise<PublishedKey | undefined>;
  /** What the reasons call the client: "service principal" (the default), "API client" for tenant admins. */
  clientNoun?: string;
  /** Whether the token's jti has been revoked. */
  isRevoked?: (jti: string) => Promise<boolean>;
  now?: Date;
}

const list = (items: string[]) => items.map((s) => `“${s}”`).join(", ");

const describeDuration = formatDurationRounded;

function tokenScopes(claims: JWTPayload): string[] {
  if (Array.isArray(claims.scopes)) return claims.scopes.filter((s): s is string => typeof s === "string");
  if (typeof claims.scope === "string") return claims.scope.split(" ").filter(Boolean);
  return [];
}

function decode(token: string): { header: ProtectedHeaderParameters; claims: JWTPayload } | { error: string } {
  const parts = token.split(".");
  if (parts.length === 5) return { error: "This is an encrypted token (JWE). Portico issues signed JWTs with three parts separated by dots." };
  if (parts.length !== 3) return { error: `This is not a JWT: a JWT has three parts separated by dots, this has ${parts.length}.` };
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { error: "The first part (the header) is not valid base64url-encoded JSON." };
  }
  try {
    return { header, claims: decodeJwt(token) };
  } catch {
    return { error: "The second part (the claims) is not valid base64url-encoded JSON." };
  }
}

async function checkSignature(token: string, header: ProtectedHeaderParameters, findKey: TokenExpectations["findKey"]): Promise<TokenCheck> {
  const fail = (reason: string): TokenCheck => ({ id: "signature", label: "Signature", passed: false, reason });
  if (!header.alg || header.alg === "none") return fail("The token is not signed (alg is missing or “none”). Never accept unsigned tokens.");
  if (!header.kid) return fail("The header has no kid, so there is no way to tell which published key should verify it.");
  const key = await findKey(header.kid);
  if (!key) return fail(`No key with kid “${header.kid}” is published in this deployment's JWKS. The token was signed by another issuer, or with a key that has since been retired.`);
  if (key.alg !== header.alg) return fail(`The header says ${header.alg}, but key “${key.kid}” is an ${key.alg} key.`);
  try {
    await compactVerify(token, key.key, { algorithms: [key.alg] });
    return { id: "signature", label: "Signature", passed: true, reason: `Signed with published key “${key.kid}” (${key.alg}).` };
  } catch {
    return fail(`The signature does not match published key “${key.kid}”: the token was altered after it was issued, or signed with a different private key.`);
  }
}

function checkExpiry(claims: JWTPayload, now: Date): TokenCheck {
  const t = now.getTime() / 1000;
  const fail = (reason: string): TokenCheck => ({ id: "expiry", label: "Expiry", passed: false, reason });
  if (typeof claims.exp !== "number") return fail("The token has no exp (expiry) claim; access tokens must expire.");
  if (typeof claims.nbf === "number" && claims.nbf > t + 60) {
    return fail(`Not valid yet: usable from ${formatDateTimeUtc(new Date(claims.nbf * 1000))} (in ${describeDuration(claims.nbf - t)}). Check the clocks of the issuing and checking machines.`);
  }
  if (claims.exp <= t) return fail(`Expired ${describeDuration(t - claims.exp)} ago (at ${formatDateTimeUtc(new Date(claims.exp * 1000))}). Request a new token.`);
  return { id: "expiry", label: "Expiry", passed: true, reason: `Valid for another ${describeDuration(claims.exp - t)} (until ${formatDateTimeUtc(new Date(claims.exp * 1000))}).` };
}

function checkIssuer(claims: JWTPayload, issuer: string): TokenCheck {
  if (claims.iss === issuer) return { id: "issuer", label: "Issuer", passed: true, reason: `Issued by this deployment (${issuer}).` };
  return {
    id: "issuer", label: "Issuer", passed: false,
    reason: typeof claims.iss === "string"
      ? `Issued by “${claims.iss}”, but this deployment's issuer is “${issuer}”. The token comes from another Portico deployment or another identity provider.`
      : `The token has no iss claim; this deployment's issuer is “${issuer}”.`,
  };
}

function checkAudience(claims: JWTPayload, expected: string[], noun: string): TokenCheck {
  const aud = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const label = "Audience";
  if (!expected.length) {
    return aud.length
      ? { id: "audience", label, passed: false, reason: `The token is for ${list(aud)}, but this ${noun} has no audience configured. Add the audience to the ${noun}, or request the token without one.` }
      : { id: "audience", label, passed: true, reason: `Neither the token nor this ${noun} names an audience.` };
  }
  if (!aud.length) return { id: "audience", label, passed: false, reason: `The token has no aud claim; this ${noun}'s tokens are for ${list(expected)}.` };
  const match = aud.filter((a) => expected.includes(a));
  if (match.length) return { id: "audience", label, passed: true, reason: `For ${list(match)}, one of this ${noun}'s audiences.` };
  return {
    id: "audience", label, passed: false,
    reason: `The token is for ${list(aud)}, but this ${noun}'s audience${expected.length === 1 ? " is" : "s are"} ${list(expected)}. An API that checks its audience will reject it: request the token with one of those audiences (the audience or resource parameter), or add ${list(aud)} to the ${noun}.`,
  };
}

function checkOrganization(claims: JWTPayload, organizationId: string): TokenCheck {
  const oid = claims.oid;
  if (oid === organizationId) return { id: "organization", label: "Organization", passed: true, reason: `Belongs to this organization (${organizationId}).` };
  return {
    id: "organization", label: "Organization", passed: false,
    reason: typeof oid === "string"
      ? `The token belongs to organization “${oid}”, not this one (“${organizationId}”). An API must never let it reach this organization's data.`
      : `The token has no oid (organization) claim, so it is not scoped to this organization (“${organizationId}”).`,
  };
}

function checkClient(claims: JWTPayload, clientId: string, noun: string): TokenCheck {
  const sub = typeof claims.client_id === "string" ? claims.client_id : claims.sub;
  if (sub === clientId) return { id: "client", label: capitalize(noun), passed: true, reason: `Issued to this ${noun} (${clientId}).` };
  return {
    id: "client", label: capitalize(noun), passed: false,
    reason: typeof sub === "string" ? `Issued to client “${sub}”, not to this ${noun} (“${clientId}”).` : "The token names no client (no sub or client_id claim).",
  };
}

function checkScopes(claims: JWTPayload, held: string[], noun: string): TokenCheck {
  const scopes = tokenScopes(claims);
  const extra = scopes.filter((s) => !held.includes(s));
  if (extra.length) {
    return { id: "scopes", label: "Scopes", passed: false, reason: `The token carries ${list(extra)}, which this ${noun} does not hold${held.length ? ` (it holds ${list(held)})` : " (it holds no scopes)"}. The scope was removed after the token was issued, or the token is not this ${noun}'s.` };
  }
  if (!scopes.length) return { id: "scopes", label: "Scopes", passed: true, reason: `The token carries no scopes, so it grants no permissions beyond being this ${noun}.` };
  return { id: "scopes", label: "Scopes", passed: true, reason: `Every scope in the token is held by this ${noun}: ${list(scopes)}.` };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export async function inspectToken(rawToken: string, expect: TokenExpectations): Promise<TokenReport> {
  const noun = expect.clientNoun ?? "service principal";
  const token = rawToken.trim().replace(/^Bearer\s+/i, "");
  const decoded = decode(token);
  if ("error" in decoded) return { error: decoded.error, header: null, claims: null, checks: [], valid: false };
  const { header, claims } = decoded;
  const now = expect.now ?? new Date();
  const checks: TokenCheck[] = [
    await checkSignature(token, header, expect.findKey),
    checkExpiry(claims, now),
    checkIssuer(claims, expect.issuer),
    checkAudience(claims, expect.audiences, noun),
    checkOrganization(claims, expect.organizationId),
    checkClient(claims, expect.clientId, noun),
    checkScopes(claims, expect.scopes, noun),
  ];
  if (expect.isRevoked && typeof claims.jti === "string") {
    const revoked = await expect.isRevoked(claims.jti);
    checks.push(revoked
      ? { id: "revocation", label: "Revocation", passed: false, reason: `Token ${claims.jti} was revoked; introspection reports it inactive.` }
      : { id: "revocation", label: "Revocation", passed: true, reason: "Not revoked." });
  }
  return { error: null, header, claims, checks, valid: checks.every((c) => c.passed) };
}
