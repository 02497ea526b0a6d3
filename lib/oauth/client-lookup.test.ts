import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { CLIENT_BATCH_QUERY, ClientLookup } from "./client-lookup";
import { closeTokenPool, tokenPool } from "./pg";
import { createTestClient, createTestOrganization } from "./test-fixtures";

// The token endpoint's client rows are cached per instance and re-read only when the token_config_version
// counter moved: these tests make each kind of change a user makes and check the very next lookup sees it,
// and that what the token service itself writes (last used times) does not throw the cache away.

after(async () => {
  await closeTokenPool();
  await db.$disconnect();
});

const configVersion = async () => (await db.tokenConfigVersion.findUniqueOrThrow({ where: { id: true } })).version;

test("an unchanged client is answered from memory; each kind of change reaches the very next lookup", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org, audience: [] , scopes: [] });
  const lookup = new ClientLookup(tokenPool);
  const first = (await lookup.find(c.clientId, null))!;
  assert.equal(first.status, "active");
  assert.equal(await lookup.find(c.clientId, null), first, "nothing changed: the same row, not read again");

  // The token service's own batched writes do not count as changes.
  const before = await configVersion();
  await db.$executeRaw`UPDATE client_secrets SET last_used_time = now() WHERE id = ${c.secretId}`;
  await db.tokenUsage.create({ data: { clientId: c.clientId, organizationId: org, minute: new Date(), count: 3 } });
  assert.equal(await configVersion(), before);
  assert.equal(await lookup.find(c.clientId, null), first);

  const savedDefaults = await db.deploymentSetting.findUnique({ where: { key: "session_defaults" } });
  const changes: [string, () => Promise<unknown>, (row: NonNullable<Awaited<ReturnType<ClientLookup["find"]>>>) => void][] = [
    ["principal disabled", () => db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } }), (r) => assert.equal(r.status, "disabled")],
    ["principal enabled, scopes changed", () => db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "active", scopes: ["cache:read"] } }), (r) => assert.deepEqual(r.scopes, ["cache:read"])],
    ["secret revoked", () => db.clientSecret.update({ where: { id: c.secretId }, data: { status: "INACTIVE" } }), (r) => assert.equal(r.secrets[0]!.status, "INACTIVE")],
    ["secret given an expiry", () => db.clientSecret.update({ where: { id: c.secretId }, data: { status: "ACTIVE", expiresAt: new Date("2030-01-01T00:00:00Z") } }), (r) => assert.match(String(r.secrets[0]!.expire), /^2030-01-01/)],
    ["secret added", () => db.clientSecret.create({ data: { id: newId("sks"), clientId: c.clientId, secretHash: "h", suffix: "abcd" } }), (r) => assert.equal(r.secrets.length, 2)],
    ["catalog scope added (audience from the catalog)", async () => {
      const resource = await db.apiResource.create({ data: { id: newId("res"), name: "Cache API", audience: `https://cache-${Date.now()}.example.com` } });
      await db.apiScope.create({ data: { id: newId("scp"), resourceId: resource.id, name: "cache:read" } });
    }, (r) => assert.equal(r.catalog_audience?.length, 1)],
    ["organization lifetime limit", () => db.organizationSessionSettings.create({ data: { organizationId: org, accessTokenLifetimeSec: 600 } }), (r) => assert.equal(r.organization_token_lifetime, 600)],
    ["deployment lifetime limit", () => db.deploymentSetting.upsert({ where: { key: "session_defaults" }, create: { key: "session_defaults", value: { access_token_lifetime_sec: 900 } }, update: { value: { access_token_lifetime_sec: 900 } } }), (r) => assert.equal(r.deployment_token_lifetime, 900)],
  ];
  try {
    for (const [what, change, check] of changes) {
      await change();
      const row = await lookup.find(c.clientId, null);
      assert.ok(row, what);
      assert.notEqual(row, first, what);
      check(row);
    }
  } finally {
    // Put back what other test files may rely on.
    if (savedDefaults) await db.deploymentSetting.update({ where: { key: "session_defaults" }, data: { value: savedDefaults.value as object } });
    else await db.deploymentSetting.deleteMany({ where: { key: "session_defaults" } });
    await db.apiResource.deleteMany({ where: { name: "Cache API", scopes: { some: { name: "cache:read" } } } });
  }

  await db.organization.delete({ where: { id: org } });
  assert.equal(await lookup.find(c.clientId, null), null, "organization deleted with its principals");
});

test("an organization created after an environment client looked it up is seen at once", async () => {
  const env = await createTestClient({ organizationId: null, organizationUsage: "allow", allowAnyOrganization: true });
  const lookup = new ClientLookup(tokenPool);
  const orgId = newId("org");
  assert.equal((await lookup.find(env.clientId, orgId))!.requested_organization_exists, false);
  await db.organization.create({ data: { id: orgId, displayName: "Late" } });
  assert.equal((await lookup.find(env.clientId, orgId))!.requested_organization_exists, true);
  await db.organization.delete({ where: { id: orgId } });
  assert.equal((await lookup.find(env.clientId, orgId))!.requested_organization_exists, false);
});

test("a change counts when its transaction commits, and not at all when it rolls back", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const lookup = new ClientLookup(tokenPool);
  await lookup.find(c.clientId, null);
  await assert.rejects(db.$transaction(async (tx) => {
    await tx.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } });
    // Not committed yet: other connections still see the active client.
    assert.equal((await lookup.find(c.clientId, null))!.status, "active");
    throw new Error("roll back");
  }), /roll back/);
  assert.equal((await lookup.find(c.clientId, null))!.status, "active");

  let seenInside: string | undefined;
  await db.$transaction(async (tx) => {
    await tx.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } });
    await tx.servicePrincipal.update({ where: { id: c.clientId }, data: { name: "renamed" } });
    seenInside = (await lookup.find(c.clientId, null))!.status;
  });
  assert.equal(seenInside, "active");
  const after = (await lookup.find(c.clientId, null))!;
  assert.equal(after.status, "disabled");
  assert.equal(after.name, "renamed");
});

test("many rows at once bump the counter once per transaction", async () => {
  const before = await configVersion();
  const ids = Array.from({ length: 500 }, () => newId("org"));
  await db.organization.createMany({ data: ids.map((id) => ({ id, displayName: "bulk" })) });
  assert.equal(await configVersion(), before + 1n);
  await db.organization.deleteMany({ where: { id: { in: ids } } });
  assert.equal(await configVersion(), before + 2n);
});

test("for a row still current the database reads no principal, secret or organization, only the counter", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const current = String(await configVersion());
  type PlanNode = { "Relation Name"?: string; "Actual Loops"?: number; "Actual Rows"?: number; Plans?: PlanNode[] };
  const rowsRead = async (cachedVersion: string | null) => {
    const { rows } = await tokenPool().query(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLIENT_BATCH_QUERY}`, [[c.clientId], [null], [cachedVersion]]);
    const read: Record<string, number> = {};
    const walk = (n: PlanNode) => {
      if (n["Relation Name"]) read[n["Relation Name"]] = (read[n["Relation Name"]] ?? 0) + (n["Actual Rows"] ?? 0) * (n["Actual Loops"] ?? 0);
      n.Plans?.forEach(walk);
    };
    walk(rows[0]["QUERY PLAN"][0].Plan);
    return read;
  };
  const fresh = await rowsRead(null);
  assert.ok(fresh.service_principals! >= 1 && fresh.client_secrets! >= 1, JSON.stringify(fresh));
  const cached = await rowsRead(current);
  for (const table of ["service_principals", "client_secrets", "organizations", "organization_session_settings", "deployment_settings", "api_scopes"]) {
    assert.equal(cached[table] ?? 0, 0, `${table} read for a current row: ${JSON.stringify(cached)}`);
  }
  assert.equal(cached.token_config_version, 1);
});

test("usable secrets are compared first, however many expired ones came later; made-up organizations are not cached", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  // 30 newer secrets that expired: the valid, older one must still be among those compared.
  await db.clientSecret.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ id: newId("sks"), clientId: c.clientId, secretHash: `expired${i}`, suffix: "xxxx", expiresAt: new Date(Date.now() - 1000) })) });
  const lookup = new ClientLookup(tokenPool);
  const row = (await lookup.find(c.clientId, null))!;
  assert.ok(row.secrets.some((s) => s.id === c.secretId), "the usable secret is compared");
  assert.equal(row.secrets.length, 25);

  const env = await createTestClient({ organizationId: null, organizationUsage: "allow", allowAnyOrganization: true });
  for (let i = 0; i < 20; i++) await lookup.find(env.clientId, `org_made_up_${i}`);
  await lookup.find(env.clientId, org);
  const cached = [...(lookup as unknown as { cache: Map<string, unknown> }).cache.keys()].filter((k) => k.startsWith(env.clientId));
  assert.deepEqual(cached, [`${env.clientId}\u0000${org}`]);
});

test("the token service's connections plan their prepared statements once (generic plans)", async () => {
  // With array parameters PostgreSQL would otherwise re-plan the lookup on every request.
  const { rows } = await tokenPool().query("SHOW plan_cache_mode");
  assert.equal(rows[0].plan_cache_mode, "force_generic_plan");
});

test("a value the database refuses fails only its own lookup, not the others sent in the same batch", async () => {
  const org = await createTestOrganization();
  const clients = await Promise.all(Array.from({ length: 8 }, () => createTestClient({ organizationId: org })));
  const lookup = new ClientLookup(tokenPool);
  const settled = await Promise.allSettled([
    ...clients.map((c) => lookup.find(c.clientId, null)),
    lookup.find("m2morg_1\u0000", null), // PostgreSQL: invalid byte sequence for encoding "UTF8": 0x00
    ...clients.map((c) => lookup.find(c.clientId, org)),
    lookup.find(clients[0]!.clientId, "org_\u0000"),
  ]);
  const hostile = [clients.length, settled.length - 1];
  settled.forEach((r, i) => {
    if (hostile.includes(i)) {
      assert.equal(r.status, "rejected", `lookup ${i} carried a NUL`);
      assert.equal((r as PromiseRejectedResult).reason.code, "22021");
    } else {
      assert.equal(r.status, "fulfilled", `lookup ${i}`);
      assert.ok((r as PromiseFulfilledResult<unknown>).value, `lookup ${i} found its client`);
    }
  });
  assert.ok(await lookup.find(clients[0]!.clientId, null), "the lookup keeps working afterwards");
});
