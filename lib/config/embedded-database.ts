import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// The embedded PostgreSQL's password. Generated on first start (32 random bytes, base64url) and kept in
// <data dir>/embedded-postgres-password with mode 0600, like the key-encryption secret: any local user
// could otherwise connect to 127.0.0.1 as postgres/postgres and read or change everything. Clusters made
// before (with postgres/postgres) are moved to a generated password at start (scripts/lib/embedded-postgres.ts).

export const EMBEDDED_PG_USER = "postgres";
/** What clusters made before this version were initialised with. */
export const LEGACY_EMBEDDED_PG_PASSWORD = "postgres";
export const EMBEDDED_PG_PASSWORD_FILE = "embedded-postgres-password";

const PASSWORD = /^[A-Za-z0-9_-]{32,}$/;

export class EmbeddedPasswordError extends Error {
  override name = "EmbeddedPasswordError";
}

/** The stored password, or null when there is no file. Throws when the file holds something else. */
export function readEmbeddedPassword(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const value = fs.readFileSync(file, "utf8").trim();
  if (!PASSWORD.test(value)) throw new EmbeddedPasswordError(`${file} does not hold a password Portico generated (32+ characters of A-Z a-z 0-9 _ -)`);
  return value;
}

/** Reads the password, or generates and stores it (mode 0600, never overwriting). `created`: made now. */
export function loadOrCreateEmbeddedPassword(file: string): { password: string; created: boolean } {
  const existing = readEmbeddedPassword(file);
  if (existing) return { password: existing, created: false };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  let created = true;
  try {
    // wx: another process starting at the same moment may have written it first; theirs wins.
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    created = false;
  }
  fs.chmodSync(file, 0o600);
  return { password: readEmbeddedPassword(file)!, created };
}

/** postgresql://postgres:<password>@127.0.0.1:<port>/<database> */
export function embeddedConnectionUrl(port: number, password: string, database: string): string {
  return `postgresql://${EMBEDDED_PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}
