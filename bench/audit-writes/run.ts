// npm run bench:audit-writes — audited writes per second with 16 concurrent writers in 16 organizations:
// each writer adds a client secret to its organization's service principal through the management API
// and revokes it again (two audited writes, as a host app rotating secrets would), as fast as it can.
// Portico runs as in production (scripts/start.ts, production build) against a throwaway PostgreSQL.
//   BENCH_WRITERS (default 16), BENCH_DURATION seconds (default 15), BENCH_ROUNDS (default 3).
// Run from another checkout's folder to measure that version (the script only speaks HTTP to it):
//   (cd ../old-checkout && npx tsx /path/to/bench/audit-writes/run.ts)
import crypto from "node:crypto";
import { startApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { migrate } from "../../scripts/lib/migrate";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const say = (msg: string) => console.log(`[bench] ${msg}`);

async function main() {
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
      const results: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        let writes = 0;
        const latencies: number[] = [];
        const deadline = Date.now() + DURATION * 1000;
        await Promise.all(writers.map(async (w) => {
          while (Date.now() < deadline) {
            let t = Date.now();
            const { secret: s } = (await api("POST", `/organizations/${w.org}/clients/${w.client}/secrets`, {})) as { secret: { id: string } };
            latencies.push(Date.now() - t);
            t = Date.now();
            await api("DELETE", `/organizations/${w.org}/clients/${w.client}/secrets/${s.id}`);
            latencies.push(Date.now() - t);
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
    } finally {
      await app.stop();
    }
  } finally {
    await database.stop();
  }
}

void main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
