import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { emit } from "@/lib/events";
import { createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { startReceiver, type Receiver } from "@/lib/test-support/webhook-receiver";
import { createWebhookEndpoint } from "./endpoints";

// Several instances on one database: each is a separate process running the relays every app instance
// runs (lib/test-support/relay-worker.ts), sharing the work only through PostgreSQL.

process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST = "1";
const IN_FLIGHT = 8;
const workerEnv = {
  ...process.env, WEBHOOK_ALLOW_INSECURE_LOCALHOST: "1", WEBHOOK_LEASE_SEC: "3", WEBHOOK_POLL_MS: "50", WEBHOOK_RETRY_SCHEDULE: "0,1,1,1,1",
  WEBHOOK_CONCURRENCY_PER_ENDPOINT: String(IN_FLIGHT),
};
const ops = operatorContext("admin");
let receiver: Receiver;
const workers = new Set<ChildProcess>();

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/test-support/relay-worker.ts")], { env: workerEnv, stdio: ["ignore", "pipe", "inherit"] });
  workers.add(child);
  child.on("exit", () => workers.delete(child));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => { if (d.toString().includes("ready")) resolve(child); });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

before(async () => { receiver = await startReceiver(); });
after(async () => {
  for (const w of [...workers]) await stopWorker(w, "SIGKILL");
  await receiver.close();
  await db.$disconnect();
});

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` organization.updated events for one organization, emitted in transactions of 100. */
async function emitEvents(organizationId: string, count: number): Promise<Set<string>> {
  const ids = new Set<string>();
  const data = { id: organizationId, display_name: "load", external_id: null, metadata: {}, features: [], create_time: new Date().toISOString(), update_time: new Date().toISOString() };
  for (let done = 0; done < count; done += 100) {
    await db.$transaction(async (tx) => {
      for (let i = done; i < Math.min(count, done + 100); i++) ids.add((await emit(tx, "organization.updated", { organizationId, actor: ops.actor, data })).id);
    });
  }
  return ids;
}

async function endpointFor(organizationId: string) {
  const { endpoint, secret } = await createWebhookEndpoint(ops, { url: receiver.url, organization_ids: [organizationId] });
  receiver.secrets.push(secret);
  return endpoint;
}

const receivedFor = (ids: Set<string>) => receiver.received.filter((r) => ids.has(r.id));

test("two instances on one database deliver each of 1,000 events exactly once (counted by webhook-id)", async () => {
  const org = await createTestOrganization("Two instances");
  const endpoint = await endpointFor(org.id);
  const [a, b] = await Promise.all([startWorker(), startWorker()]);
  const ids = await emitEvents(org.id, 1_000);
  await until("1,000 distinct deliveries", () => new Set(receivedFor(ids).map((r) => r.id)).size === 1_000, 120_000);
  await new Promise((r) => setTimeout(r, 1_000)); // anything delivered twice would show up by now
  const got = receivedFor(ids);
  const perId = new Map<string, number>();
  for (const r of got) perId.set(r.id, (perId.get(r.id) ?? 0) + 1);
  assert.equal(perId.size, 1_000);
  assert.deepEqual([...perId.values()].filter((n) => n !== 1), [], "no event delivered twice");
  assert.ok(got.every((r) => r.verifiedBy.length === 1), "every one signed");
  assert.equal(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "succeeded" } }), 1_000);
  await Promise.all([stopWorker(a!), stopWorker(b!)]);
});

test("an instance killed during delivery, restarted, delivers the rest: nothing is lost", async () => {
  const org = await createTestOrganization("Killed");
  const endpoint = await endpointFor(org.id);
  receiver.answer = () => new Promise((r) => setTimeout(() => r(200), 20));
  try {
    const first = await startWorker();
    const ids = await emitEvents(org.id, 300);
    await until("some deliveries", () => receivedFor(ids).length >= 60, 60_000);
    await stopWorker(first, "SIGKILL");
    const atKill = new Set(receivedFor(ids).map((r) => r.id)).size;
    assert.ok(atKill < 300, `killed half-way (${atKill} of 300 delivered)`);
    const second = await startWorker();
    await until("all 300 delivered", () => new Set(receivedFor(ids).map((r) => r.id)).size === 300, 60_000);
    await until("every delivery recorded as succeeded", async () => (await db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "succeeded" } })) === 300, 30_000);
    // Attempts in flight at the kill may arrive twice (at-least-once; receivers de-duplicate on webhook-id), no more.
    const duplicates = receivedFor(ids).length - 300;
    assert.ok(duplicates <= IN_FLIGHT, `at most the attempts in flight were repeated (${duplicates})`);
    await stopWorker(second);
  } finally {
    receiver.answer = () => 200;
  }
});
