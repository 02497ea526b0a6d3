import { decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify, type JWK, type JWTPayload } from "jose";

// Validating Portico access tokens in the vendor's own APIs (resource servers), locally, against the
// published JWKS. Standalone: it imports nothing from Portico but `jose`, so it can be copied into any
// Node.js 20+ service (or any runtime with fetch and WebCrypto).
//
//   const validator = createTokenValidator({ issuer: "https://portico.example.com", audience: "https://api.example.com" });
//   const claims = await validator.validate(request.headers.get("authorization"), {
//     organizationId: "org_123", requiredScopes: ["invoices:read"],
//   });
//
// On failure it throws TokenError: status 401 (error "invalid_token", or no error code when no token
// was sent) or 403 ("insufficient_scope"); `err.wwwAuthenticate()` is the header to send with it.
// When the key set cannot be fetched and no keys are known yet, it is 503 ("temporarily_unavailable"):
// not the caller's fault, so retrying later may work. Failed fetches back off (1 s doubling to 30 s)
// instead of being retried by every request while Portico is unreachable.

export interface PorticoClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  /** The organization the token acts for (absent for environment-level clients acting for none). */
  oid?: string;
  org_id?: string;
  scopes: string[];
  scope: string;
  custom_claims: Record<string, string>;
  gty?: string;
}

export type TokenErrorReason =
  | "missing_token" | "malformed" | "unknown_key" | "bad_signature" | "expired" | "not_yet_valid"
  | "wrong_issuer" | "wrong_audience" | "wrong_type" | "wrong_organization" | "insufficient_scope" | "jwks_unavailable";

export class TokenError extends Error {
  override name = "TokenError";
  readonly status: 401 | 403 | 503;
  /** The RFC 6750 error code (or temporarily_unavailable); none when the request carried no token at all. */
  readonly error: "invalid_token" | "insufficient_scope" | "temporarily_unavailable" | null;

  constructor(readonly reason: TokenErrorReason, message: string, readonly requiredScopes: string[] = []) {
    super(message);
    this.status = reason === "insufficient_scope" ? 403 : reason === "jwks_unavailable" ? 503 : 401;
    this.error = reason === "missing_token" ? null : reason === "insufficient_scope" ? "insufficient_scope" : reason === "jwks_unavailable" ? "temporarily_unavailable" : "invalid_token";
  }

  /** The WWW-Authenticate header value for this error (RFC 6750 §3). */
  wwwAuthenticate(realm = "api"): string {
    return bearerChallenge(realm, this);
  }

  /** A JSON body for the error response. */
  toJSON(): { error: string; error_description: string } {
    return { error: this.error ?? "invalid_request", error_description: this.message };
  }
}

const quote = (v: string) => `"${v.replace(/[\\"]/g, "\\$&").replace(/[\r\n]/g, " ")}"`;

/** `Bearer realm="…"[, error="…", error_description="…", scope="…"]`. */
export function bearerChallenge(realm: string, err?: TokenError): string {
  const parts = [`realm=${quote(realm)}`];
  if (err?.error === "invalid_token" || err?.error === "insufficient_scope") {
    parts.push(`error=${quote(err.error)}`, `error_description=${quote(err.message)}`);
    if (err.error === "insufficient_scope" && err.requiredScopes.length) parts.push(`scope=${quote(err.requiredScopes.join(" "))}`);
  }
  return `Bearer ${parts.join(", ")}`;
}

/** The token from an `Authorization: Bearer …` header value (or the token itself). */
export function bearerToken(authorization: string | null | undefined): string {
  const value = authorization?.trim();
  if (!value) throw new TokenError("missing_token", "Send an access token: Authorization: Bearer <token>");
  const match = /^bearer[ \t]+(\S+)$/i.exec(value);
  if (match) return match[1]!;
  if (/^\S+\.\S+\.\S+$/.test(value)) return value;
  throw new TokenError("malformed", "The Authorization header is not a Bearer token");
}

export interface TokenValidatorOptions {
  /** Portico's public URL: the `iss` of its tokens. */
  issuer: string;
  /** This API's identifier(s); the token's `aud` must contain one. */
  audience: string | string[];
  /** Default: `${issuer}/keys`. */
  jwksUri?: string;
  /** Seconds of clock skew tolerated on exp/nbf (default 5). */
  clockToleranceSec?: number;
  /** How long fetched keys are used before the key set is refetched (default 10 minutes). */
  jwksMaxAgeMs?: number;
  /** An unknown kid refetches the key set at most this often (default 5 s), so junk tokens cannot flood Portico. */
  unknownKidRefetchIntervalMs?: number;
  fetch?: typeof fetch;
}

export interface ValidateOptions {
  /** The organization being accessed: the token's `oid` must equal it. */
  organizationId?: string;
  /** Every one of these must be among the token's scopes. */
  requiredScopes?: string[];
}

export interface TokenValidator {
  /** Validates a token (or an Authorization header value) and returns its claims; throws TokenError. */
  validate(tokenOrAuthorization: string | null | undefined, options?: ValidateOptions): Promise<PorticoClaims>;
}

interface KeyEntry { key: Awaited<ReturnType<typeof importJWK>>; alg: string }
const SUPPORTED_ALGS = new Set(["RS256", "ES256", "EdDSA"]);

/** A JWKS cache: fetched on first use, refreshed after max age, refetched (throttled) on an unknown kid. */
class KeySet {
  private keys = new Map<string, KeyEntry>();
  private fetchedAt = 0;
  private loading: Promise<void> | null = null;
  /** After a failed fetch, no new attempt before this time (exponential backoff). */
  private retryAt = 0;
  private failures = 0;

  constructor(private readonly uri: string, private readonly maxAgeMs: number, private readonly refetchIntervalMs: number, private readonly fetchImpl: typeof fetch) {}

  async key(kid: string): Promise<KeyEntry> {
    const now = Date.now();
    if ((!this.fetchedAt || now - this.fetchedAt > this.maxAgeMs) && now >= this.retryAt) await this.refresh();
    if (!this.fetchedAt && !this.keys.size) throw this.unavailable("not fetched yet, retrying shortly");
    let entry = this.keys.get(kid);
    if (!entry && Date.now() - this.fetchedAt >= this.refetchIntervalMs && Date.now() >= this.retryAt) {
      // Keys rotate: a kid we have not seen may have been published since we last looked. Once.
      await this.refresh();
      entry = this.keys.get(kid);
    }
    if (!entry) throw new TokenError("unknown_key", "The token was signed with a key this API does not know");
    return entry;
  }

  private unavailable(why: string): TokenError {
    return new TokenError("jwks_unavailable", `The key set at ${this.uri} could not be fetched: ${why}`);
  }

  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => { this.loading = null; });
    return this.loading;
  }

  private async load(): Promise<void> {
    let body: { keys?: JWK[] };
    try {
      const res = await this.fetchImpl(this.uri, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = (await res.json()) as { keys?: JWK[] };
    } catch (err) {
      this.failures++;
      this.retryAt = Date.now() + Math.min(30_000, 1_000 * 2 ** (this.failures - 1));
      if (this.keys.size) return; // keep validating with the keys we have
      throw this.unavailable(err instanceof Error ? err.message : String(err));
    }
    const keys = new Map<string, KeyEntry>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || !jwk.alg || !SUPPORTED_ALGS.has(jwk.alg) || (jwk.use && jwk.use !== "sig")) continue;
      try {
        keys.set(jwk.kid, { key: await importJWK(jwk, jwk.alg), alg: jwk.alg });
      } catch {
        // a key this runtime cannot use: skip it
      }
    }
    this.keys = keys;
    this.fetchedAt = Date.now();
    this.failures = 0;
    this.retryAt = 0;
  }
}

function kidOf(token: string): string {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    // not a JWS
  }
  if (typeof kid !== "string") throw new TokenError("malformed", "The token is not a JWT with a kid");
  return kid;
}

function fromJose(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof joseErrors.JWTExpired) return new TokenError("expired", "The token has expired");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenError("bad_signature", "The token signature is invalid");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case "iss": return new TokenError("wrong_issuer", "The token was issued by another issuer");
      case "aud": return new TokenError("wrong_audience", "The token is not meant for this API");
      case "nbf": return new TokenError("not_yet_valid", "The token is not valid yet");
      case "typ": return new TokenError("wrong_type", "The token is not an access token");
      default: return new TokenError("malformed", `The token's ${err.claim} claim is missing or invalid`);
    }
  }
  return new TokenError("malformed", "The token could not be validated");
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const issuer = options.issuer.replace(/\/+$/, "");
  const keys = new KeySet(
    options.jwksUri ?? `${issuer}/keys`,
    options.jwksMaxAgeMs ?? 10 * 60_000,
    options.unknownKidRefetchIntervalMs ?? 5_000,
    options.fetch ?? fetch,
  );
  return {
    async validate(tokenOrAuthorization, { organizationId, requiredScopes = [] } = {}) {
      const token = bearerToken(tokenOrAuthorization);
      let claims: PorticoClaims;
      try {
        const { key, alg } = await keys.key(kidOf(token));
        const { payload } = await jwtVerify(token, key, {
          issuer, audience: options.audience, typ: "at+jwt", algorithms: [alg],
          clockTolerance: options.clockToleranceSec ?? 5, requiredClaims: ["exp", "sub", "client_id"],
        });
        claims = payload as PorticoClaims;
      } catch (err) {
        throw fromJose(err);
      }
      if (organizationId !== undefined && (claims.oid ?? claims.org_id) !== organizationId) {
        throw new TokenError("wrong_organization", "The token is for another organization");
      }
      const held = new Set(Array.isArray(claims.scopes) ? claims.scopes : typeof claims.scope === "string" ? claims.scope.split(" ") : []);
      const missing = requiredScopes.filter((s) => !held.has(s));
      if (missing.length) throw new TokenError("insufficient_scope", `The token lacks the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, requiredScopes);
      return claims;
    },
  };
}
