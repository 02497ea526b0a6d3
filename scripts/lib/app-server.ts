import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./embedded-postgres";

// Starts the built app (scripts/start.ts) on a free port against a given database, for tests and benchmarks.

export interface RunningApp {
  url: string;
  port: number;
  child: ChildProcess;
  /** The last lines the app wrote to stdout (its logs at LOG_LEVEL), for failure reports. */
  logTail(lines: number): string;
  stop(): Promise<void>;
}

export async function startApp({ databaseUrl, env = {}, nodeArgs = [], port, log = false }: {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Extra node flags (some, like --cpu-prof, are refused in NODE_OPTIONS). */
  nodeArgs?: string[];
  port?: number;
  log?: boolean;
}): Promise<RunningApp> {
  const appPort = port ?? (await freePort());
  const url = `http://localhost:${appPort}`;
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.resolve("scripts/start.ts")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(appPort), PUBLIC_URL: url, HOST: "127.0.0.1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", ...env },
    stdio: ["ignore", log ? "inherit" : "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
    if (output.length > 1_000_000) output = output.slice(-500_000); // keep the recent part only
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was healthy:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) { child.kill("SIGKILL"); throw new Error(`the app did not become healthy within 180 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port: appPort,
    child,
    logTail: (lines) => output.split("\n").slice(-lines - 1).join("\n"),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
