import path from "node:path";
import { EMBEDDED_PG_PASSWORD_FILE, embeddedConnectionUrl, LEGACY_EMBEDDED_PG_PASSWORD, readEmbeddedPassword } from "./embedded-database";

// Deployment configuration read from the environment. Everything has a safe local default so that
// `npm start` works on a fresh machine; production sets PUBLIC_URL and DATABASE_URL.

export const DEFAULT_EMBEDDED_PG_PORT = 54329;

/** Folder for local state: embedded database, generated key-encryption secret. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.PORTICO_DATA_DIR ?? ".data");
}

export function appPort(): number {
  return Number(process.env.PORT ?? 3000);
}

/** The deployment's public URL; also the token issuer. No trailing slash. */
export function publicUrl(): string {
  const url = process.env.PUBLIC_URL ?? `http://localhost:${appPort()}`;
  return url.replace(/\/+$/, "");
}

/** The embedded PostgreSQL `npm start` runs, with the password it generated under the data folder. */
export function embeddedDatabaseUrl(port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT)): string {
  const password = readEmbeddedPassword(path.join(dataDir(), EMBEDDED_PG_PASSWORD_FILE)) ?? LEGACY_EMBEDDED_PG_PASSWORD;
  return embeddedConnectionUrl(port, password, "portico");
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL that `npm start` runs. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || embeddedDatabaseUrl();
}

/** Set at build time by next.config.ts (and by npm when run through a script). */
export function appVersion(): string {
  return process.env.PORTICO_VERSION ?? process.env.npm_package_version ?? "0.0.0";
}
