import crypto from "node:crypto";
import { subkey } from "./keys";

// Bearer secrets (client secrets, link tokens, SCIM tokens): 256-bit random, stored only as a keyed
// hash, compared in constant time. HMAC rather than a slow password hash keeps the token endpoint
// fast; the keying makes a stolen table useless without the deployment's secret.

export function randomSecret(prefix = ""): string {
  return prefix + crypto.randomBytes(32).toString("base64url");
}

export function hashSecret(plain: string): string {
  return crypto.createHmac("sha256", subkey("secret-hash")).update(plain, "utf8").digest("base64url");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    // Still spend the comparison so the length mismatch is not observably faster.
    crypto.timingSafeEqual(ab, ab);
    return false;
  }
  return crypto.timingSafeEqual(ab, bb);
}

export function verifySecret(plain: string, storedHash: string): boolean {
  return constantTimeEqual(hashSecret(plain), storedHash);
}
