import { spawnSync } from "node:child_process";
import fs from "node:fs";

// Playwright drives Debian's Chromium (Playwright's own browser download cannot be reached here).

export const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** Finds Chromium, installing Debian's package when missing and we are root. */
export function ensureChromium(log: (msg: string) => void = console.log): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error("Chromium is needed for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH");
  }
  log("installing Chromium from Debian's packages (apt-get install chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const r = spawnSync("apt-get", ["install", "-y", "-qq", "chromium", "fonts-liberation", "fonts-dejavu-core"], { stdio: "inherit", env });
  const after = findChromium();
  if (r.status !== 0 || !after) throw new Error("could not install Chromium with apt-get; install the chromium package and run again");
  return after;
}
