import type { JWK } from "jose";
import { loadVerificationKeys } from "./verification";

// The published JWKS: next, current and previous keys (public parts only).

const PUBLIC_MEMBERS = ["kty", "kid", "alg", "use", "n", "e", "crv", "x", "y"] as const;

export async function publishedJwks(): Promise<{ keys: JWK[] }> {
  const keys = await loadVerificationKeys();
  return {
    keys: [...keys.values()].map(({ jwk }) => {
      const out: JWK = {};
      for (const m of PUBLIC_MEMBERS) if (jwk[m] !== undefined) (out as Record<string, unknown>)[m] = jwk[m];
      return out;
    }),
  };
}

/** Validators may cache the key set briefly; a token with an unknown kid makes them refetch. */
export const JWKS_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60";
