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
/**
 * A forced reload happens at most this often: a token with an unknown kid can come from anyone (the
 * management API checks signatures before authenticating anything), so junk kids must not turn into
 * one database query each. A real rotation on another instance is still picked up within a second.
 */
const MIN_REFRESH_MS = 1_000;
let cached: { at: number; keys: Map<string, VerificationKey> } | null = null;
let loading: Promise<Map<string, VerificationKey>> | null = null;
let generation = 0; // bumped by invalidate, so a load that started before cannot store what it read

export const PUBLISHED_KEY_STATUSES = ["next", "current", "previous"] as const;

async function load(): Promise<Map<string, VerificationKey>> {
  const started = generation;
  const rows = await db.signingKey.findMany({ where: { status: { in: [...PUBLISHED_KEY_STATUSES] } }, orderBy: { createdAt: "desc" } });
  const keys = new Map<string, VerificationKey>();
  for (const row of rows) {
    const jwk = row.publicJwk as unknown as JWK;
    keys.set(row.id, { kid: row.id, alg: row.alg, status: row.status, jwk, key: await importJWK(jwk, row.alg) });
  }
  if (started === generation) cached = { at: Date.now(), keys };
  return keys;
}

export async function loadVerificationKeys({ refresh = false } = {}): Promise<Map<string, VerificationKey>> {
  const age = cached ? Date.now() - cached.at : Infinity;
  if (cached && (refresh ? age < MIN_REFRESH_MS : age < TTL_MS)) return cached.keys;
  // Concurrent callers share one reload.
  if (!loading) {
    const current = load().finally(() => { if (loading === current) loading = null; });
    loading = current;
  }
  return loading;
}

export function invalidateVerificationKeys(): void {
  generation++;
  loading = null;
  cached = null;
}
