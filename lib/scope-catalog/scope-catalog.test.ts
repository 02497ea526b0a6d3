import assert from "node:assert/strict";
import { after, test } from "node:test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { db } from "@/lib/db";
import { managementAudience } from "@/lib/management/audience";
import { createServicePrincipal, getServicePrincipal, updateServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, isDomainError, managementContext, operatorContext, uniq } from "@/lib/test-support/fixtures";
import {
  createApiResource, createApiScope, deleteApiResource, deleteApiScope, listApiResources, MANAGEMENT_RESOURCE_ID,
  scopeCatalogForOrganization, updateApiResource,
} from "./index";
import { ensureManagementApiResource, seedDemoApiResourceIn } from "./seed";

after(() => db.$disconnect());
const ops = operatorContext();


test("the management API is built in, with its audience following PUBLIC_URL", async () => {
  await ensureManagementApiResource();
  await ensureManagementApiResource(); // idempotent
  const resources = await listApiResources(ops.principal);
  const mgmt = resources.find((r) => r.id === MANAGEMENT_RESOURCE_ID)!;
  assert.equal(mgmt.name, "Portico Management API");
  assert.equal(mgmt.audience, managementAudience());
  assert.equal(mgmt.built_in, true);
  assert.deepEqual(mgmt.scopes.map((s) => s.name).sort(), [...MANAGEMENT_SCOPES].sort());
  await assert.rejects(deleteApiResource(ops, MANAGEMENT_RESOURCE_ID), isDomainError("forbidden", undefined, /built in/));
  await assert.rejects(createApiScope(ops, MANAGEMENT_RESOURCE_ID, { name: `x${uniq()}:y` }), isDomainError("forbidden"));

  const org = await createTestOrganization();
  const offered = await scopeCatalogForOrganization(ops.principal, org.id);
  assert.ok(!offered.some((r) => r.id === MANAGEMENT_RESOURCE_ID), "tenants are not offered management scopes");

  const old = process.env.PUBLIC_URL;
  process.env.PUBLIC_URL = "https://portico.moved.example";
  try {
    await ensureManagementApiResource();
    const moved = await db.apiResource.findUniqueOrThrow({ where: { id: MANAGEMENT_RESOURCE_ID } });
    assert.equal(moved.audience, "https://portico.moved.example/api/v1");
  } finally {
    if (old === undefined) delete process.env.PUBLIC_URL; else process.env.PUBLIC_URL = old;
    await ensureManagementApiResource();
  }
});

test("the demo API is seeded once, and only into an empty catalog", async () => {
  class Rollback extends Error {}
  await assert.rejects(db.$transaction(async (tx) => {
    // A fresh deployment: nothing but the built-in API, never seeded before.
    await tx.deploymentSetting.deleteMany({ where: { key: "scope_catalog.demo_seeded" } });
    await tx.apiResource.deleteMany({ where: { id: { not: MANAGEMENT_RESOURCE_ID } } });
    assert.equal(await seedDemoApiResourceIn(tx), true);
    const demo = await tx.apiResource.findUniqueOrThrow({ where: { audience: "https://api.example.com" }, include: { scopes: true } });
    assert.equal(demo.name, "Demo API");
    assert.deepEqual(demo.scopes.map((s) => s.name).sort(), ["invoices:read", "invoices:write", "reports:read"]);
    // Removed by an operator: a restart does not bring it back.
    await tx.apiResource.delete({ where: { id: demo.id } });
    assert.equal(await seedDemoApiResourceIn(tx), false);
    assert.equal(await tx.apiResource.count({ where: { audience: "https://api.example.com" } }), 0);

    // A deployment that already has its own APIs gets no demo.
    await tx.deploymentSetting.deleteMany({ where: { key: "scope_catalog.demo_seeded" } });
    await tx.apiResource.create({ data: { id: `res_own_${uniq()}`, name: "Own API", audience: `https://${uniq()}.own.test` } });
    assert.equal(await seedDemoApiResourceIn(tx), false);
    assert.equal(await tx.apiResource.count({ where: { audience: "https://api.example.com" } }), 0);
    throw new Rollback();
  }), Rollback);
});

test("scope names are unique across the deployment; audiences are unique", async () => {
  const api = await createTestApi();
  await assert.rejects(createApiScope(ops, api.id, { name: api.read }), isDomainError("conflict", undefined, new RegExp(api.read)));
  await assert.rejects(createApiResource(ops, { name: "dup", audience: `https://${uniq()}.test`, scopes: [{ name: api.write }] }), isDomainError("conflict", "scopes", new RegExp(api.write)));
  await assert.rejects(createApiResource(ops, { name: "dup", audience: api.audience }), isDomainError("conflict", "audience", /audience/));
  await assert.rejects(createApiResource(ops, { name: "twice", audience: `https://${uniq()}.test`, scopes: [{ name: "a:b" }, { name: "a:b" }] }), isDomainError("invalid", undefined, /a:b twice/));
});

test("a scope that principals hold cannot be deleted, and the error names them", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "Invoice bot", scopes: [api.read] });
  const scope = (await listApiResources(ops.principal)).find((r) => r.id === api.id)!.scopes.find((s) => s.name === api.read)!;
  const events = await db.auditEvent.count({ where: { targetId: scope.id } });
  await assert.rejects(deleteApiScope(ops, scope.id), isDomainError("conflict", undefined, new RegExp(`Invoice bot \\(${client.client_id}, ${org.id}\\)`)));
  await assert.rejects(deleteApiResource(ops, api.id), isDomainError("conflict", undefined, /Invoice bot/));
  assert.ok(await db.apiScope.findUnique({ where: { id: scope.id } }), "still there");
  assert.equal(await db.auditEvent.count({ where: { targetId: scope.id } }), events);

  await updateServicePrincipal(ops, org.id, client.client_id, { scopes: [api.write] });
  await deleteApiScope(ops, scope.id);
  assert.equal(await db.apiScope.findUnique({ where: { id: scope.id } }), null);
  await assert.rejects(createServicePrincipal(ops, org.id, { name: "late", scopes: [api.read] }), isDomainError("invalid", "scopes", new RegExp(api.read)));
});

test("changing an API's audience carries it into the clients that named it", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "aud", scopes: [api.read] });
  const next = `https://${uniq()}.renamed.test`;
  await updateApiResource(ops, api.id, { audience: next, name: "Renamed" });
  assert.deepEqual((await getServicePrincipal(ops.principal, org.id, client.client_id)).audience, [next]);
});

test("only operators manage the catalog; auditors read it", async () => {
  const auditor = operatorContext("auditor");
  assert.ok((await listApiResources(auditor.principal)).length > 0);
  await assert.rejects(createApiResource(auditor, { name: "x", audience: `https://${uniq()}.test` }), isDomainError("forbidden"));
  const mgmt = managementContext("any");
  await assert.rejects(createApiResource(mgmt, { name: "x", audience: `https://${uniq()}.test` }), isDomainError("forbidden"));
  await assert.rejects(listApiResources(mgmt.principal), isDomainError("forbidden"));
});
