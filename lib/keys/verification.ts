import { importJWK, type JWK, type CryptoKey } from "jose";
import { db } from "@/lib/db";

// Public keys that may have signed a live token: the current key, the previous one (until its tokens
// expire) and the next one (published before it signs). Cached briefly; `refresh` forces a reload,
// used when a token names a kid we have not seen (a rotation just happened on another instance).

export interface VerificationKey {
  kid: string;
  alg: string;
  status: string;
  jwk: JWK;
  key: CryptoKey | Uint8Array;
}

const TTL_MS = 10_000;
let cached: { at: number; keys: Map<string, VerificationKey> } | null = null;

export const PUBLISHED_KEY_STATUSES = ["next", "current", "previous"] as const;

export async function loadVerificationKeys({ refresh = false } = {}): Promise<Map<string, VerificationKey>> {
  if (!refresh && cached && Date.now() - cached.at < TTL_MS) return cached.keys;
  const rows = await db.signingKey.findMany({ where: { status: { in: [...PUBLISHED_KEY_STATUSES] } }, orderBy: { createdAt: "desc" } });
  const keys = new Map<string, VerificationKey>();
  for (const row of rows) {
    const jwk = row.publicJwk as unknown as JWK;
    keys.set(row.id, { kid: row.id, alg: row.alg, status: row.status, jwk, key: await importJWK(jwk, row.alg) });
  }
  cached = { at: Date.now(), keys };
  return keys;
}

export function invalidateVerificationKeys(): void {
  cached = null;
}
