// npm run bench:audit-writes — audited writes per second with 16 concurrent writers in 16 organizations:
// each writer adds a client secret to its organization's service principal through the management API
// and revokes it again (two audited writes, as a host app rotating secrets would), as fast as it can.
// Portico runs as in production (scripts/start.ts, production build) against a throwaway PostgreSQL.
//   BENCH_WRITERS (default 16), BENCH_DURATION seconds (default 15), BENCH_ROUNDS (default 3).
//   BENCH_LAYER=domain calls the domain functions (addClientSecret / revokeClientSecret) in this process
//   instead of going through HTTP: the database side alone (transactions, audit chain), without Next.js.
// Run from another checkout's folder to measure that version (the script only speaks HTTP to it):
//   (cd ../old-checkout && npx tsx /path/to/bench/audit-writes/run.ts)
import crypto from "node:crypto";
import path from "node:path";
import { startApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { migrate } from "../../scripts/lib/migrate";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const say = (msg: string) => console.log(`[bench] ${msg}`);

/** Runs `ROUNDS` rounds of `WRITERS` writers each doing add + revoke in a loop, printing writes/s. */
async function rounds(write: (i: number) => Promise<void>): Promise<void> {
  const results: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let writes = 0;
    const latencies: number[] = [];
    const deadline = Date.now() + DURATION * 1000;
    await Promise.all(Array.from({ length: WRITERS }, async (_, i) => {
      while (Date.now() < deadline) {
        const t = Date.now();
        await write(i);
        latencies.push((Date.now() - t) / 2);
        writes += 2;
      }
    }));
    latencies.sort((a, b) => a - b);
    const rate = writes / DURATION;
    results.push(rate);
    say(`round ${round}: ${writes} audited writes in ${DURATION} s = ${rate.toFixed(0)} writes/s, latency p50 ${latencies[Math.floor(latencies.length * 0.5)]} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]} ms`);
  }
  results.sort((a, b) => a - b);
  say(`median of ${ROUNDS} rounds: ${results[Math.floor(results.length / 2)]!.toFixed(0)} audited writes/s with ${WRITERS} writers`);
}

/** The domain layer alone, from the checkout in the current folder (its lib/, its database schema). */
async function domain(): Promise<void> {
  const database = await startTemporaryDatabase("portico_bench_writes_domain");
  process.env.DATABASE_URL = database.url;
  process.env.PORTICO_KEY_ENCRYPTION_SECRET = crypto.randomBytes(32).toString("hex");
  process.env.LOG_LEVEL ??= "warn";
  try {
    migrate(database.url, { quiet: true });
    const lib = (p: string) => import(path.resolve(p));
    const { createOrganization } = await lib("lib/organizations/index.ts");
    const sp = await lib("lib/service-principals/index.ts");
    const { ensureScopeCatalog } = await lib("lib/scope-catalog/seed.ts");
    const { db } = await lib("lib/db/index.ts");
    await ensureScopeCatalog();
    const principal = { kind: "operator", id: "opr_bench", email: "bench@portico.test", role: "admin" };
    const ctx = { principal, actor: { type: "operator", id: "opr_bench", label: "bench@portico.test" }, request: { requestId: "req_bench", ip: null, userAgent: null } };
    const writers: { org: string; client: string }[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const org = await createOrganization(ctx, { display_name: `Bench ${i}` });
      const { client } = await sp.createServicePrincipal(ctx, org.id, { name: `Writer ${i}`, scopes: ["invoices:read"] });
      writers.push({ org: org.id, client: client.client_id });
    }
    await rounds(async (i) => {
      const w = writers[i]!;
      const { secret } = await sp.addClientSecret(ctx, w.org, w.client, {});
      await sp.revokeClientSecret(ctx, w.org, w.client, secret.id);
    });
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

async function main() {
  if (process.env.BENCH_LAYER === "domain") return domain();
  const database = await startTemporaryDatabase("portico_bench_writes");
  const secret = crypto.randomBytes(32).toString("base64url");
  const clientId = "skc_bench_management";
  try {
    migrate(database.url, { quiet: true });
    ensureBuild({ log: say });
    const app = await startApp({
      databaseUrl: database.url,
      env: {
        PORTICO_KEY_ENCRYPTION_SECRET: crypto.randomBytes(32).toString("hex"), PORTICO_DATA_DIR: `${database.root}/data`,
        BOOTSTRAP_MANAGEMENT_CLIENT_ID: clientId, BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: secret,
        MANAGEMENT_RATE_LIMIT_PER_CLIENT: "10000000", MANAGEMENT_RATE_LIMIT_PER_IP: "10000000", TOKEN_RATE_LIMIT_PER_CLIENT: "10000000", TOKEN_RATE_LIMIT_PER_IP: "10000000",
      },
    });
    try {
      const tokenRes = await fetch(`${app.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret }) });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const h = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${app.url}/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.status === 204 ? null : res.json();
      };
      // 16 organizations, one service principal each (with the demo API's scope).
      const writers: { org: string; client: string }[] = [];
      for (let i = 0; i < WRITERS; i++) {
        const { organization } = (await api("POST", "/organizations", { display_name: `Bench ${i}` })) as { organization: { id: string } };
        const { client } = (await api("POST", `/organizations/${organization.id}/clients`, { name: `Writer ${i}`, scopes: ["invoices:read"] })) as { client: { client_id: string } };
        writers.push({ org: organization.id, client: client.client_id });
      }
      await rounds(async (i) => {
        const w = writers[i]!;
        const { secret: s } = (await api("POST", `/organizations/${w.org}/clients/${w.client}/secrets`, {})) as { secret: { id: string } };
        await api("DELETE", `/organizations/${w.org}/clients/${w.client}/secrets/${s.id}`);
      });
    } finally {
      await app.stop();
    }
  } finally {
    await database.stop();
  }
}

void main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
