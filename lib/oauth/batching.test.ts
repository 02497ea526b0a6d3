import assert from "node:assert/strict";
import { after, test } from "node:test";
import type pg from "pg";
import { db } from "@/lib/db";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { AuthFailureAuditor, type AuditWrite } from "./auth-failures";
import { ClientLookup } from "./client-lookup";
import { closeTokenPool, tokenPool } from "./pg";
import { SharedRateLimiter } from "./rate-limit";
import type { OAuthHttpRequest } from "./request";
import { stopTokenService } from "./runtime";
import { createTestClient, createTestOrganization } from "./test-fixtures";
import { tokenEndpoint } from "./token-endpoint";

after(async () => {
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

/** A pool that counts the queries sent through it. */
function countingPool(): { pool: () => pg.Pool; queries: () => number } {
  let n = 0;
  const real = tokenPool();
  const proxy = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "query") return (...args: Parameters<pg.Pool["query"]>) => { n++; return (target.query as (...a: unknown[]) => unknown)(...args); };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { pool: () => proxy, queries: () => n };
}

test("concurrent client lookups share a query; a lookup made after a change sees the change", async () => {
  const org = await createTestOrganization();
  const a = await createTestClient({ organizationId: org });
  const b = await createTestClient({ organizationId: org });
  const { pool, queries } = countingPool();
  const lookup = new ClientLookup(pool);
  const rows = await Promise.all([lookup.find(a.clientId, null), lookup.find(b.clientId, null), lookup.find(a.clientId, null), lookup.find("m2morg_missing", null), lookup.find(a.clientId, org)]);
  assert.equal(queries(), 1, "one query for the whole batch");
  assert.equal(rows[0]!.id, a.clientId);
  assert.equal(rows[1]!.id, b.clientId);
  assert.equal(rows[2]!.id, a.clientId);
  assert.equal(rows[3], null);
  assert.equal(rows[4]!.requested_organization_exists, true);
  assert.equal(rows[0]!.requested_organization_exists, false);

  await db.servicePrincipal.update({ where: { id: a.clientId }, data: { status: "disabled" } });
  assert.equal((await lookup.find(a.clientId, null))!.status, "disabled", "the next lookup reads the change");
});

test("rate limits: over the per-client limit the endpoint answers 429 with Retry-After", async () => {
  await ensureSigningKeys();
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  process.env.TOKEN_RATE_LIMIT_PER_CLIENT = "3";
  try {
    const req = (ip: string): OAuthHttpRequest => ({
      method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null,
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret }).toString(),
      context: { requestId: "req_rl", ip, userAgent: null },
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await tokenEndpoint(req(`198.51.100.${i}`))).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = await tokenEndpoint(req("198.51.100.99"));
    assert.equal(JSON.parse(limited.body).error, "too_many_requests");
    const retry = Number(limited.headers["Retry-After"]);
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  } finally {
    delete process.env.TOKEN_RATE_LIMIT_PER_CLIENT;
  }
});

test("rate limits hold across instances sharing the database (counts flushed in batches)", async () => {
  let now = Date.parse("2031-05-05T10:00:10Z");
  const clock = () => now;
  const rule = { name: `test:${Date.now()}`, windowSec: 60, limit: 10 };
  const one = new SharedRateLimiter(tokenPool, clock);
  const two = new SharedRateLimiter(tokenPool, clock);
  for (let i = 0; i < 6; i++) assert.equal(one.hit(rule, "client").limited, false);
  for (let i = 0; i < 4; i++) assert.equal(two.hit(rule, "client").limited, false);
  await one.flush();
  await two.flush();
  const rows = await db.rateLimitCounter.findMany({ where: { key: `${rule.name}:client` } });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.count, 10, "one row per window, counted by both instances");
  assert.equal(two.hit(rule, "client").limited, true, "the instance that flushed last sees the shared total");
  // Instance one flushed before two's hits arrived: it may let one more through, then learns the total.
  assert.equal(one.hit(rule, "client").limited, false);
  await one.flush();
  assert.equal(one.hit(rule, "client").limited, true, "instance one sees the shared total after its next flush");
  now += 60_000; // next window
  assert.equal(one.hit(rule, "client").limited, false);

  // An instance that goes quiet still learns what the others do: its next flush re-reads the total.
  await one.flush();
  for (let i = 0; i < 9; i++) assert.equal(two.hit(rule, "client").limited, false);
  await two.flush();
  await one.flush(); // nothing of its own to add
  assert.equal(one.hit(rule, "client").limited, true, "the quiet instance refuses once the others used up the window");
});

test("failed authentications: the first per client, reason and minute is audited at once, the rest summarised", async () => {
  const writes: Parameters<AuditWrite>[0][] = [];
  let now = Date.parse("2031-05-05T10:00:10Z");
  const auditor = new AuthFailureAuditor(async (input) => { writes.push(input); }, () => now);
  const ctx = { requestId: "req_1", ip: "203.0.113.5", userAgent: "curl" };
  for (let i = 0; i < 50; i++) auditor.record("m2morg_1", "org_1", "wrong_secret", { ...ctx, ip: `203.0.113.${i % 3}` });
  auditor.record("m2morg_1", "org_1", "secret_revoked", ctx);
  await auditor.flush();
  assert.equal(writes.length, 2, "one event per client + reason while the minute lasts");
  assert.deepEqual(writes[0]!.metadata, { client_id: "m2morg_1", reason: "wrong_secret" });
  assert.equal(writes[0]!.context?.ip, "203.0.113.0");
  now += 60_000;
  await auditor.flush();
  assert.equal(writes.length, 3);
  assert.equal(writes[2]!.metadata?.repeated, 49);
  assert.deepEqual(writes[2]!.metadata?.ips, ["203.0.113.1", "203.0.113.2", "203.0.113.0"], "every address the repeats came from, not only the last");
  assert.equal(writes[2]!.metadata?.window_start, "2031-05-05T10:00:00.000Z");

  // A spray of random client ids folds into one entry per reason after the per-minute cap.
  writes.length = 0;
  for (let i = 0; i < 1000; i++) auditor.record(`m2morg_rand${i}`, null, "unknown_client", ctx);
  await auditor.flush({ all: true });
  assert.ok(writes.length <= 202, `bounded: ${writes.length} events for 1000 failures`);
  const many = writes.find((w) => w.metadata?.client_id === "(many clients)" && w.metadata?.repeated);
  assert.ok(many, "the overflow is summarised");
});

test("stopping the token service (shutdown) writes the usage still in memory", async () => {
  await ensureSigningKeys();
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const req: OAuthHttpRequest = {
    method: "POST", contentType: "application/json", authorization: null,
    body: JSON.stringify({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret }),
    context: { requestId: "req_sd", ip: "192.0.2.1", userAgent: null },
  };
  assert.equal((await tokenEndpoint(req)).status, 200);
  assert.equal((await tokenEndpoint(req)).status, 200);
  await stopTokenService();
  const rows = await db.tokenUsage.findMany({ where: { clientId: c.clientId } });
  assert.equal(rows.reduce((n, r) => n + r.count, 0), 2);
  assert.ok((await db.clientSecret.findUniqueOrThrow({ where: { id: c.secretId } })).lastUsedAt);
});

test("wrong secrets sent with a client's id do not use up that client's rate limit", async () => {
  await ensureSigningKeys();
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  process.env.TOKEN_RATE_LIMIT_PER_CLIENT = "2";
  try {
    const req = (secret: string, ip: string): OAuthHttpRequest => ({
      method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null,
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: c.clientId, client_secret: secret }).toString(),
      context: { requestId: "req_lock", ip, userAgent: null },
    });
    for (let i = 0; i < 5; i++) assert.equal((await tokenEndpoint(req("wrong", `192.0.2.${10 + i}`))).status, 401);
    assert.equal((await tokenEndpoint(req(c.secret, "192.0.2.50"))).status, 200);
    assert.equal((await tokenEndpoint(req(c.secret, "192.0.2.51"))).status, 200);
    assert.equal((await tokenEndpoint(req(c.secret, "192.0.2.52"))).status, 429);
  } finally {
    delete process.env.TOKEN_RATE_LIMIT_PER_CLIENT;
  }
});
