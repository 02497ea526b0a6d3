import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// `npm start` builds only when the sources changed since the last build: a hash of everything that
// goes into the build is kept next to it.

const INPUTS = ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "tailwind.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function walk(p: string, hash: crypto.Hash): void {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(p).sort()) {
      if (SKIP.has(entry) || entry.endsWith(".test.ts")) continue;
      walk(path.join(p, entry), hash);
    }
  } else {
    hash.update(p).update("\0").update(fs.readFileSync(p)).update("\0");
  }
}

export function distDir(): string {
  return path.resolve(process.env.PORTICO_DIST_DIR || ".next");
}

export function sourceHash(): string {
  const hash = crypto.createHash("sha256");
  for (const input of INPUTS) walk(input, hash);
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  const marker = path.join(distDir(), "portico-source-hash");
  return fs.existsSync(path.join(distDir(), "BUILD_ID")) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === sourceHash();
}

export function ensureBuild({ log = console.log }: { log?: (msg: string) => void } = {}): void {
  if (buildIsCurrent()) return;
  log("building Portico (first start or sources changed)…");
  const started = Date.now();
  const hash = sourceHash();
  const r = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  fs.writeFileSync(path.join(distDir(), "portico-source-hash"), hash);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
