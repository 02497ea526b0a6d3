// npm run bench:token — client-credentials throughput and latency of Portico's token endpoint against
// panva's oidc-provider doing the same work (client-credentials grant, JWT access token, same signing
// algorithm), at 1, 16 and 64 connections with RS256 and ES256.
//
// Portico runs as in production (scripts/start.ts, production build) against a throwaway PostgreSQL and
// does its full work per request: client lookup + secret check + status/revocation checks in the
// database, rate-limit accounting, signing, usage batching. Its rate limits are raised so the load
// generator is not refused (the counting still runs). oidc-provider keeps its client in memory.
//   BENCH_DURATION=seconds per measurement (default 5), BENCH_ROUNDS=turns each server takes (default 3)
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { startApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/migrate";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";
import { cpuMs, postgresTree, processTree } from "./cpu";

const ALGS = (process.env.BENCH_ALGS?.split(",") ?? ["RS256", "ES256"]) as ("RS256" | "ES256")[];
const CONNECTIONS = (process.env.BENCH_CONNECTIONS?.split(",").map(Number) ?? [1, 16, 64]);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AUDIENCE = "https://api.example.com";
const say = (msg: string) => console.log(`[bench] ${msg}`);

interface Measurement { connections: number; rps: number; p50: number; p99: number; non2xx: number; errors: number; cpuMsPerToken: number; dbCpuMsPerToken: number }

/** The processes doing the server's work: its process tree, and the database's. */
type Pids = () => { server: number[]; database: number[] };

async function measure(url: string, auth: string, connections: number, pids: Pids, duration = DURATION): Promise<Measurement> {
  const watched = pids();
  const cpuBefore = cpuMs(watched.server);
  const dbBefore = cpuMs(watched.database);
  const r: Result = await autocannon({
    url: `${url}/oauth/token`, method: "POST", connections, duration,
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const n = Math.max(1, r.requests.total);
  const server = cpuMs(watched.server) - cpuBefore;
  const database = cpuMs(watched.database) - dbBefore;
  return { connections, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, cpuMsPerToken: (server + database) / n, dbCpuMsPerToken: database / n };
}

interface Target { name: string; url: string; pids: Pids }

/** One request first: it must succeed and be signed with the algorithm under test. */
async function checkTarget(t: Target, auth: string, alg: string): Promise<void> {
  const res = await fetch(`${t.url}/oauth/token`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`${t.name}: token request failed (${res.status}): ${JSON.stringify(body)}`);
  const header = JSON.parse(Buffer.from(body.access_token.split(".")[0]!, "base64url").toString());
  if (header.alg !== alg) throw new Error(`${t.name}: expected ${alg} tokens, got ${header.alg}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The median of each figure over the rounds. */
function summarize(rounds: Measurement[]): Measurement {
  const pick = (k: keyof Measurement) => median(rounds.map((r) => r[k]));
  return { connections: rounds[0]!.connections, rps: pick("rps"), p50: pick("p50"), p99: pick("p99"), cpuMsPerToken: pick("cpuMsPerToken"), dbCpuMsPerToken: pick("dbCpuMsPerToken"),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0), errors: rounds.reduce((n, r) => n + r.errors, 0) };
}

/**
 * Both servers run side by side and take turns (Portico, oidc-provider, Portico, …) for ROUNDS rounds
 * per connection count; each figure is the median over the rounds. A shared or throttled machine then
 * slows both alike instead of whichever happened to run during the slow minute.
 */
async function compare(portico: Target, oidc: Target, auth: string, alg: string): Promise<{ portico: Measurement[]; oidc: Measurement[] }> {
  for (const t of [portico, oidc]) {
    await checkTarget(t, auth, alg);
    say(`${t.name} (${alg}): warming up`);
    await measure(t.url, auth, 16, t.pids, 3);
  }
  const out = { portico: [] as Measurement[], oidc: [] as Measurement[] };
  for (const c of CONNECTIONS) {
    const rounds = { portico: [] as Measurement[], oidc: [] as Measurement[] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [key, t] of [["portico", portico], ["oidc", oidc]] as const) {
        const m = await measure(t.url, auth, c, t.pids);
        rounds[key].push(m);
        say(`${alg} ${String(c).padStart(2)} conns, round ${i + 1}/${ROUNDS}, ${t.name.padEnd(13)}: ${m.rps.toFixed(0).padStart(5)} tokens/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.cpuMsPerToken.toFixed(2)} CPU ms/token (database ${m.dbCpuMsPerToken.toFixed(2)})${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ""}`);
      }
    }
    out.portico.push(summarize(rounds.portico));
    out.oidc.push(summarize(rounds.oidc));
  }
  return out;
}

async function startOidcProvider(alg: string, clientId: string, secret: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/token/oidc-provider-server.ts")], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ALG: alg, CLIENT_ID: clientId, CLIENT_SECRET: secret, AUDIENCE },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => { if (d.toString().includes("ready")) resolve(); });
    child.once("exit", (code) => reject(new Error(`oidc-provider exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

async function main(): Promise<number> {
  say("starting a throwaway PostgreSQL");
  const database = await startTemporaryDatabase("portico_bench");
  const env = {
    DATABASE_URL: database.url,
    PORTICO_KEY_ENCRYPTION_SECRET: crypto.randomBytes(32).toString("hex"),
    PORTICO_DATA_DIR: path.join(database.root, "data"),
    TOKEN_RATE_LIMIT_PER_CLIENT: "1000000000",
    TOKEN_RATE_LIMIT_PER_IP: "1000000000",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);
  const results: Record<string, { portico: Measurement[]; oidc: Measurement[] }> = {};
  let failed = false;
  try {
    migrate(database.url, { quiet: true });
    say("building the production app (skipped when current)");
    ensureBuild({ log: say });
    const { db } = await import("@/lib/db");
    const { createTestClient, createTestOrganization } = await import("@/lib/oauth/test-fixtures");
    const org = await createTestOrganization("Bench");
    const client = await createTestClient({ organizationId: org, audience: [AUDIENCE] });
    const auth = `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`;

    for (const alg of ALGS) {
      // Fresh keys in the algorithm under test: start-up makes the current and next keys.
      await db.signingKey.deleteMany({});
      await db.deploymentSetting.upsert({ where: { key: "signing_keys" }, create: { key: "signing_keys", value: { alg } }, update: { value: { alg } } });
      const app = await startApp({ databaseUrl: database.url, env, nodeArgs: process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [] });
      let provider: Awaited<ReturnType<typeof startOidcProvider>> | null = null;
      try {
        provider = await startOidcProvider(alg, client.clientId, client.secret);
        results[alg] = await compare(
          { name: "Portico", url: app.url, pids: () => ({ server: processTree(app.child.pid!), database: postgresTree(database.root) }) },
          { name: "oidc-provider", url: provider.url, pids: () => ({ server: processTree(provider!.child.pid!), database: postgresTree(database.root) }) },
          auth, alg,
        );
      } finally {
        await app.stop();
        if (provider) await stopChild(provider.child);
      }
    }
    await db.$disconnect();
  } finally {
    await database.stop();
  }

  console.log("\nclient-credentials token endpoint (tokens/s; latency in ms; CPU ms per token of server + database)\n");
  console.log("alg    conns | Portico  tokens/s    p50    p99    cpu | oidc-provider tokens/s    p50    p99    cpu | ratio");
  for (const [alg, r] of Object.entries(results)) {
    r.portico.forEach((p, i) => {
      const o = r.oidc[i]!;
      if (p.non2xx || p.errors || o.non2xx || o.errors) failed = true;
      console.log(`${alg.padEnd(6)} ${String(p.connections).padStart(5)} | ${p.rps.toFixed(0).padStart(16)} ${String(p.p50).padStart(6)} ${String(p.p99).padStart(6)} ${p.cpuMsPerToken.toFixed(2).padStart(6)} | ${o.rps.toFixed(0).padStart(22)} ${String(o.p50).padStart(6)} ${String(o.p99).padStart(6)} ${o.cpuMsPerToken.toFixed(2).padStart(6)} | ${(p.rps / o.rps).toFixed(2)}x`);
    });
  }
  console.log("\ntarget at 16 connections: >= 1.2x oidc-provider's throughput and p99 < 25 ms");
  for (const [alg, r] of Object.entries(results)) {
    const p = r.portico.find((m) => m.connections === 16)!;
    const o = r.oidc.find((m) => m.connections === 16)!;
    const ok = p.rps / o.rps >= 1.2 && p.p99 < 25;
    console.log(`  ${alg}: ${(p.rps / o.rps).toFixed(2)}x, p99 ${p.p99} ms — ${ok ? "met" : "NOT met"}`);
  }
  if (failed) console.log("\nsome requests failed (non-2xx or errors): see the lines above");
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
