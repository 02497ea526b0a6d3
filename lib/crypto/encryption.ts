import crypto from "node:crypto";
import { subkey } from "./keys";

// AES-256-GCM for data at rest (private signing keys, IdP client secrets).
// Format: "v1.<iv>.<tag>.<ciphertext>", each part base64url. `context` is bound as additional data,
// so a ciphertext copied to another row (another key id) fails to decrypt.

const VERSION = "v1";

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function encrypt(plaintext: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", subkey("encryption"), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decrypt(sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new DecryptionError("unrecognised ciphertext format");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", subkey("encryption"), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("ciphertext does not decrypt under this deployment's key-encryption secret");
  }
}
