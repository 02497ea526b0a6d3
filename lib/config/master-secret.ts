import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./env";

// The key-encryption secret protects private signing keys and stored IdP secrets (AES-256-GCM), and
// keys the hashes of client secrets and link tokens. It comes from PORTICO_KEY_ENCRYPTION_SECRET, or is
// generated once and kept in <data dir>/key-encryption-secret with mode 0600.

export const MASTER_SECRET_ENV = "PORTICO_KEY_ENCRYPTION_SECRET";
const FILE_NAME = "key-encryption-secret";

export class MasterSecretError extends Error {
  override name = "MasterSecretError";
}

function decode(value: string, source: string): Buffer {
  const trimmed = value.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64url");
  if (bytes.length < 32) {
    throw new MasterSecretError(`${source} must be at least 32 bytes (64 hex characters or 43 base64url characters)`);
  }
  return bytes;
}

/** Reads the secret; generates and stores it under the data folder when `create` and none exists. */
export function loadMasterSecret({ create = false }: { create?: boolean } = {}): Buffer {
  const fromEnv = process.env[MASTER_SECRET_ENV];
  if (fromEnv) return decode(fromEnv, MASTER_SECRET_ENV);
  const file = path.join(dataDir(), FILE_NAME);
  if (fs.existsSync(file)) return decode(fs.readFileSync(file, "utf8"), file);
  if (!create) {
    throw new MasterSecretError(`No key-encryption secret: set ${MASTER_SECRET_ENV} or start Portico once with npm start to generate ${file}`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const secret = crypto.randomBytes(32).toString("base64url");
  // wx: never overwrite a secret another process just wrote; that would orphan encrypted data.
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  fs.chmodSync(file, 0o600);
  return decode(fs.readFileSync(file, "utf8"), file);
}
