import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The app is started by scripts/test.ts (production build, fresh database) and named by BASE_URL.
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // E2E_OUTPUT_DIR lets two runs in one checkout keep their own results (Playwright empties the folder).
  outputDir: process.env.E2E_OUTPUT_DIR ? path.resolve(process.env.E2E_OUTPUT_DIR) : "../test-results",
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // E2E_RETRIES (.ci/run sets 1): a test that fails is run once more and, if it then passes, is reported
  // as flaky (by name, and counted in npm test's summary) instead of failing the run; one that fails twice
  // fails it. Local runs do not retry, so a flaky test shows up where it is being worked on.
  retries: Number(process.env.E2E_RETRIES ?? 0),
  // E2E_REPEAT_EACH=N runs every test N times (hunting a flaky test).
  repeatEach: Number(process.env.E2E_REPEAT_EACH ?? 1),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // The fuzz suite runs after every other spec, on its own: it keeps the app busy with thousands of
  // requests, which would otherwise slow the browser tests beside it towards their timeouts.
  projects: [
    { name: "e2e", testIgnore: "**/fuzz.spec.ts" },
    { name: "fuzz", testMatch: "**/fuzz.spec.ts", dependencies: ["e2e"] },
  ],
  use: {
    baseURL: process.env.BASE_URL ?? "http://localhost:3000",
    trace: "off",
    // Bounded waits: an action or navigation that hangs fails naming itself, not as a bare test timeout.
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
