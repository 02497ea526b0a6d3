// npm run bench:webhooks — webhook delivery from a production instance (scripts/start.ts, production build,
// throwaway PostgreSQL) to two endpoints on localhost whose receivers verify every signature with the
// standardwebhooks package:
//   1. burst: BENCH_EVENTS (default 10,000) events committed as fast as possible (transactions of 100),
//      each fanned out to both endpoints: deliveries/s from the first commit to the last receipt;
//   2. steady: BENCH_RATE events/s (default 100) for BENCH_STEADY_SEC (default 20), one per transaction,
//      committed by this process as another instance would (the app's dispatcher finds them by itself).
// For each: commit-to-receipt p50/p99 (receipt time minus the event's occurred_at, the time it was
// emitted in its transaction; same machine clock), and lost / duplicated deliveries counted by webhook-id.
import crypto from "node:crypto";
import { startApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { migrate } from "../../scripts/lib/migrate";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";
import { startReceiver, type Receiver } from "../../lib/test-support/webhook-receiver";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const STEADY_SEC = Number(process.env.BENCH_STEADY_SEC ?? 20);
const say = (msg: string) => console.log(`[bench] ${msg}`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

function tally(receivers: Receiver[], ids: Set<string>) {
  let received = 0;
  let distinctPairs = 0;
  const latencies: number[] = [];
  let last = 0;
  for (const r of receivers) {
    const seen = new Set<string>();
    for (const got of r.received) {
      if (!ids.has(got.id)) continue;
      received++;
      if (seen.has(got.id)) continue;
      seen.add(got.id);
      if (!got.verifiedBy.length) throw new Error(`a delivery failed signature verification: ${got.id}`);
      latencies.push(got.at - Date.parse(String(got.body.occurred_at)));
      last = Math.max(last, got.at);
    }
    distinctPairs += seen.size;
  }
  latencies.sort((a, b) => a - b);
  const expected = ids.size * receivers.length;
  return { expected, received, lost: expected - distinctPairs, duplicated: received - distinctPairs, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), last };
}

async function until(fn: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

async function main() {
  const database = await startTemporaryDatabase("portico_bench_webhooks");
  const secret = crypto.randomBytes(32).toString("base64url");
  const clientId = "skc_bench_management";
  const keySecret = crypto.randomBytes(32).toString("hex");
  // This process writes events and endpoints to the same database as the app (same key-encryption secret).
  process.env.DATABASE_URL = database.url;
  process.env.PORTICO_KEY_ENCRYPTION_SECRET = keySecret;
  process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST = "1";
  process.env.LOG_LEVEL ??= "warn";
  try {
    migrate(database.url, { quiet: true });
    ensureBuild({ log: say });
    const app = await startApp({
      databaseUrl: database.url,
      env: {
        PORTICO_KEY_ENCRYPTION_SECRET: keySecret, PORTICO_DATA_DIR: `${database.root}/data`, WEBHOOK_ALLOW_INSECURE_LOCALHOST: "1",
        BOOTSTRAP_MANAGEMENT_CLIENT_ID: clientId, BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: secret,
        MANAGEMENT_RATE_LIMIT_PER_CLIENT: "10000000", MANAGEMENT_RATE_LIMIT_PER_IP: "10000000",
      },
    });
    const { db } = await import("../../lib/db");
    const { emit } = await import("../../lib/events");
    const { createWebhookEndpoint } = await import("../../lib/webhooks/endpoints");
    const { operatorContext } = await import("../../lib/test-support/fixtures");
    const receivers = [await startReceiver("/a"), await startReceiver("/b")];
    try {
      const ops = operatorContext("admin");
      for (const r of receivers) r.secrets.push((await createWebhookEndpoint(ops, { url: r.url })).secret);

      // 1. Burst.
      const tokenRes = await fetch(`${app.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret }) });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const h = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const { organization } = (await (await fetch(`${app.url}/api/v1/organizations`, { method: "POST", headers: h, body: JSON.stringify({ display_name: "Bench" }) })).json()) as { organization: { id: string } };
      const data = { id: organization.id, display_name: "Bench", external_id: null, metadata: {}, features: [], create_time: new Date().toISOString(), update_time: new Date().toISOString() };
      const burst = new Set<string>();
      const started = Date.now();
      for (let done = 0; done < EVENTS; done += 100) {
        await db.$transaction(async (tx) => {
          for (let i = done; i < Math.min(EVENTS, done + 100); i++) burst.add((await emit(tx, "organization.updated", { organizationId: organization.id, actor: ops.actor, data })).id);
        });
      }
      const committed = Date.now();
      const complete = await until(() => tally(receivers, burst).lost === 0, 300_000);
      await new Promise((r) => setTimeout(r, 1_000));
      const b = tally(receivers, burst);
      const seconds = (b.last - started) / 1000;
      say(`burst: ${EVENTS} events (committed in ${((committed - started) / 1000).toFixed(1)} s) × 2 endpoints = ${b.expected} deliveries in ${seconds.toFixed(1)} s: ${(b.expected / seconds).toFixed(0)} deliveries/s; commit-to-receipt p50 ${b.p50} ms, p99 ${b.p99} ms; lost ${b.lost}, duplicated ${b.duplicated}${complete ? "" : " (timed out)"}`);

      // 2. Steady load: one event per transaction, BENCH_RATE a second, committed by this process (as by
      // another instance: the app's dispatcher finds them on its own).
      const steady = new Set<string>();
      const total = RATE * STEADY_SEC;
      const t0 = Date.now();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / RATE;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(db.$transaction((tx) => emit(tx, "organization.updated", { organizationId: organization.id, actor: ops.actor, data })).then(({ id }) => steady.add(id)));
      }
      await Promise.all(pending);
      const sent = (Date.now() - t0) / 1000;
      const steadyComplete = await until(() => tally(receivers, steady).lost === 0, 120_000);
      await new Promise((r) => setTimeout(r, 1_000));
      const s = tally(receivers, steady);
      say(`steady: ${steady.size} events at ${(steady.size / sent).toFixed(0)} events/s × 2 endpoints: commit-to-receipt p50 ${s.p50} ms, p99 ${s.p99} ms; lost ${s.lost}, duplicated ${s.duplicated}${steadyComplete ? "" : " (timed out)"}`);
    } finally {
      for (const r of receivers) await r.close();
      await app.stop();
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}

void main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
