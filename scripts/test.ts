// npm test: every test, on a fresh machine, against real parts.
//   1. a throwaway embedded PostgreSQL with a fresh database, migrated
//   2. unit + integration tests (node:test, lib/**/*.test.ts) against that database
//   3. the production build, started on a free port, and the end-to-end tests (Playwright in Debian's
//      Chromium, e2e/**/*.spec.ts) over real HTTP and a real browser. The app resolves DNS through a test
//      DNS server on 127.0.0.1 (DNS_SERVERS) whose records the specs write into TEST_DNS_ZONE_DIR
//      (e2e/support/dns.ts), and checks domains in the background every few seconds.
// Options: --only=unit | --only=e2e, and a file filter passed on to the runner (e.g. npm test -- tokens).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startTemporaryDatabase } from "./lib/temp-database";
import { migrate } from "./lib/migrate";
import { ensureBuild } from "./lib/build";
import { ensureChromium } from "./lib/chromium";
import { startApp } from "./lib/app-server";
import { startTestDnsServer } from "../lib/test-support/dns-server";
import { TEST_BOOTSTRAP } from "../e2e/support/bootstrap-env";

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const say = (msg: string) => console.log(`\n[test] ${msg}`);

function findTests(dir: string, suffix: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "generated", ".next"].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(p, suffix, out);
    else if (entry.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

/** Runs a command, echoing its output, and returns its exit code and everything it printed. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => { process.stdout.write(d); output += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { process.stderr.write(d); output += d.toString(); });
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const count = (output: string, re: RegExp) => Number(output.match(re)?.[1] ?? 0);

async function main(): Promise<number> {
  const started = Date.now();
  let passed = 0;
  let flaky = 0;
  let failed = 0;
  let failure = false;

  say("starting a throwaway PostgreSQL");
  const database = await startTemporaryDatabase("portico_test");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    PORTICO_DATA_DIR: path.join(database.root, "data"),
    PORTICO_KEY_ENCRYPTION_SECRET: crypto.randomBytes(32).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    ...TEST_BOOTSTRAP,
  };
  try {
    migrate(database.url, { quiet: true });

    if (only !== "e2e") {
      const files = findTests("lib", ".test.ts").concat(findTests("scripts", ".test.ts"))
        .filter((f) => !filters.length || filters.some((x) => f.includes(x)));
      say(`unit and integration tests: ${files.length} files`);
      if (files.length) {
        const r = await run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files], { ...env, NODE_ENV: "test" });
        passed += count(r.output, /ℹ pass (\d+)/);
        failed += count(r.output, /ℹ fail (\d+)/);
        if (r.code !== 0) failure = true;
      }
    }

    if (only !== "unit") {
      const chromium = ensureChromium(say);
      say("building the production app");
      ensureBuild({ log: say });
      const zoneDir = path.join(database.root, "dns-zone");
      fs.mkdirSync(zoneDir, { recursive: true });
      const dns = await startTestDnsServer({ zoneDir });
      const dnsEnv = {
        DNS_SERVERS: dns.address, TEST_DNS_ZONE_DIR: zoneDir, DNS_TIMEOUT_MS: "1000",
        DOMAIN_CHECK_POLL_SEC: "1", DOMAIN_CHECK_INTERVAL_SEC: "2", DOMAIN_REVERIFY_INTERVAL_SEC: "4",
      };
      // Dev tools on: the feature screens are mounted on /dev pages until the console and portal mount them.
      // Webhook receivers and the test IdPs in the end-to-end tests listen on localhost: the app's outbound
      // guard is lifted for them (never in production).
      const app = await startApp({ databaseUrl: database.url, env: { ...(env as Record<string, string>), ...dnsEnv, PORTICO_DEV_TOOLS: "1", WEBHOOK_ALLOW_INSECURE_LOCALHOST: "1", OUTBOUND_ALLOW_PRIVATE_ADDRESSES: "1" } });
      say(`app running at ${app.url}, DNS at ${dns.address}; end-to-end tests in ${chromium}`);
      try {
        // With a file filter, only the matching specs run (the fuzz project's wait for all the others is skipped).
        const r = await run(process.execPath, [path.resolve("node_modules/@playwright/test/cli.js"), "test", "-c", "e2e/playwright.config.ts", ...(filters.length ? ["--no-deps"] : []), ...filters], {
          ...env, ...dnsEnv, BASE_URL: app.url, CHROMIUM_PATH: chromium, PUBLIC_URL: app.url,
        });
        passed += count(r.output, /(\d+) passed/);
        failed += count(r.output, /(\d+) failed/);
        flaky += count(r.output, /(\d+) flaky/);
        if (r.code !== 0) {
          failure = true;
          reportE2eFailures(app.logTail(80));
        }
      } finally {
        await app.stop();
        await dns.close();
      }
    }
  } finally {
    await database.stop();
  }
  if (failure && failed === 0) failed = 1; // a runner that crashed without counting still fails the run
  console.log(`\n[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed${flaky ? `, ${flaky} flaky (failed once, passed on retry: see the list above)` : ""}`);
  return failure ? 1 : 0;
}

/**
 * CI keeps only what is printed: for each failed end-to-end test, Playwright's page snapshot at the
 * failure (error-context.md), then the app's recent log lines.
 */
function reportE2eFailures(appLog: string): void {
  const results = path.resolve(process.env.E2E_OUTPUT_DIR ?? "test-results");
  const contexts = fs.existsSync(results) ? fs.readdirSync(results, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("error-context.md")) : [];
  for (const file of contexts) {
    const text = fs.readFileSync(path.join(results, file), "utf8");
    console.log(`\n[test] ${file}:\n${text.length > 6000 ? `${text.slice(0, 6000)}\n… (${text.length - 6000} more characters)` : text}`);
  }
  console.log(`\n[test] the app's last log lines:\n${appLog.trim() || "(none)"}`);
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
