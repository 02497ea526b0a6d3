import crypto from "node:crypto";
import { loadMasterSecret } from "@/lib/config/master-secret";

// Purpose-bound subkeys derived from the one key-encryption secret (HKDF-SHA-256), so a key used to
// hash client secrets can never decrypt a private key and vice versa.

export type KeyPurpose = "encryption" | "secret-hash" | "csrf" | "session" | "audit-chain";

const cache = new Map<KeyPurpose, Buffer>();

export function subkey(purpose: KeyPurpose): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    const master = loadMasterSecret();
    key = Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), `portico/${purpose}/v1`, 32));
    cache.set(purpose, key);
  }
  return key;
}

/** Forget derived keys (tests that switch secrets). */
export function resetSubkeys(): void {
  cache.clear();
}
