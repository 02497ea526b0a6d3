// npm run db:migration:new -- <name>  → db/migrations/<timestamp>_<name>.sql (dbmate format), from the
//                                        diff between db/schema.snapshot.prisma and prisma/schema.prisma
// npm run db:check                     → exits 1 if prisma/schema.prisma changed with no migration
//
// Prisma 7's CLI needs a native schema engine that cannot be downloaded here; Prisma 6.19's bundled
// WebAssembly engine computes the same SQL. It needs a reachable PostgreSQL for a version probe, so
// without DATABASE_URL a throwaway embedded one is started.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTemporaryDatabase } from "./lib/temp-database";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "db/schema.snapshot.prisma";
const DIR = "db/migrations";

const check = process.argv.includes("--check");
const name = (process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "migration").replace(/[^a-zA-Z0-9_]+/g, "_");

// Prisma 6 needs `url` in the datasource (Prisma 7 forbids it) and a client generator with
// engineType = "client", or it tries to download a native query engine.
const GENERATOR = 'generator client {\n  provider   = "prisma-client"\n  engineType = "client"\n}\n';
function forPrisma6(src: string, out: string): string {
  const text = GENERATOR + fs.readFileSync(src, "utf8")
    .replace(/^generator\s+\w+\s*\{[^}]*\}\s*$/gm, "")
    .replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"[^"]*")/, '$1\n  url = env("DATABASE_URL")');
  fs.writeFileSync(out, text);
  return out;
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "prisma6-"));
  const temp = process.env.DATABASE_URL ? null : await startTemporaryDatabase("diff");
  try {
    const url = process.env.DATABASE_URL ?? temp!.url;
    const from = fs.existsSync(SNAPSHOT) ? ["--from-schema-datamodel", forPrisma6(SNAPSHOT, path.join(tmp, "from.prisma"))] : ["--from-empty"];
    const to = forPrisma6(SCHEMA, path.join(tmp, "to.prisma"));
    const out = path.join(tmp, "diff.sql");
    const r = spawnSync(process.execPath, ["node_modules/prisma6/build/index.js", "migrate", "diff", "--config", "prisma/migrate6.config.ts",
      ...from, "--to-schema-datamodel", to, "--script", "-o", out, "--exit-code"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DATABASE_URL: url, PRISMA6_SCHEMA: to, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    if (r.status === 0) { console.log("schema unchanged since the last migration"); return 0; }
    if (r.status !== 2) return r.status ?? 1;
    if (check) {
      console.error(`${SCHEMA} has changes that no migration covers: run npm run db:migration:new -- <name>`);
      return 1;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const file = path.join(DIR, `${stamp}_${name}.sql`);
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, `-- migrate:up\n${fs.readFileSync(out, "utf8").trim()}\n\n-- migrate:down\n`);
    fs.copyFileSync(SCHEMA, SNAPSHOT);
    console.log(`wrote ${file} (review it, then npm run db:migrate)`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await temp?.stop();
  }
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
