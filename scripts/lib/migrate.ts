import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

// Applies db/migrations/*.sql with dbmate (a Go binary shipped in npm). Each migration runs in its own
// transaction and is recorded in schema_migrations.

export function migrationsDir(): string {
  return path.resolve("db/migrations");
}

function dbmateUrl(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has("sslmode") && ["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname)) {
    u.searchParams.set("sslmode", "disable");
  }
  return u.toString();
}

export function runDbmate(url: string, args: string[] = ["up"], { quiet = false } = {}): number {
  const cli = createRequire(import.meta.url).resolve("dbmate/dist/cli.js");
  const r = spawnSync(process.execPath, [cli, "--migrations-dir", migrationsDir(), "--no-dump-schema", "--wait", "--wait-timeout", "30s", ...args], {
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, DATABASE_URL: dbmateUrl(url) },
  });
  return r.status ?? 1;
}

export function migrate(url: string, opts: { quiet?: boolean } = {}): void {
  const status = runDbmate(url, ["up"], opts);
  if (status !== 0) throw new Error(`applying migrations failed (dbmate exit ${status})`);
}
