import assert from "node:assert/strict";
import { after, test } from "node:test";
import { hashSecret, verifySecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { DomainError, parseInput } from "@/lib/errors";
import { createServicePrincipalSchema } from "./schemas";
import { ensureManagementApiResource } from "@/lib/scope-catalog/seed";
import { contextFor, isDomainError, createTestApi, createTestOrganization, managementContext, operatorContext } from "@/lib/test-support/fixtures";
import {
  addClientSecret, CLIENT_SECRET_PREFIX, createServicePrincipal, deleteServicePrincipal, getServicePrincipal,
  listServicePrincipals, revokeClientSecret, updateServicePrincipal,
} from "./index";

after(() => db.$disconnect());

const ops = operatorContext();



test("creating a principal returns its secret once and stores only a keyed hash", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client, plainSecret } = await createServicePrincipal(ops, org.id, { name: "Billing sync", description: "nightly", scopes: [api.read] });

  assert.match(client.client_id, /^m2morg_\d+$/);
  assert.equal(client.organization_id, org.id);
  assert.deepEqual(client.scopes, [api.read]);
  assert.deepEqual(client.audience, [api.audience], "the audience defaults to the granted scopes' API");
  assert.equal(client.expiry, 3600);
  assert.equal(client.status, "active");
  assert.equal(client.created_by, "admin@portico.test");
  assert.ok(plainSecret.startsWith(CLIENT_SECRET_PREFIX));
  assert.ok(Buffer.from(plainSecret.slice(CLIENT_SECRET_PREFIX.length), "base64url").length >= 32, "256 bits of randomness");

  assert.equal(client.secrets.length, 1);
  const secret = client.secrets[0]!;
  assert.match(secret.id, /^sks_\d+$/);
  assert.equal(secret.secret_suffix, plainSecret.slice(-4));
  assert.equal(secret.status, "ACTIVE");
  assert.ok(!JSON.stringify(client).includes(plainSecret));

  const row = await db.clientSecret.findUniqueOrThrow({ where: { id: secret.id } });
  assert.equal(row.secretHash, hashSecret(plainSecret));
  assert.ok(verifySecret(plainSecret, row.secretHash));
  assert.ok(!JSON.stringify(row).includes(plainSecret));

  const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: { in: ["service_principal.created", "client_secret.created"] } } });
  assert.deepEqual(events.map((e) => e.action).sort(), ["client_secret.created", "service_principal.created"]);
  const logged = JSON.stringify(events.map(({ seq: _seq, ...e }) => e));
  assert.ok(!logged.includes(plainSecret), "the plain secret never reaches the audit log");
  assert.ok(!logged.includes(row.secretHash));

  const again = await getServicePrincipal(ops.principal, org.id, client.client_id);
  assert.ok(!JSON.stringify(again).includes(plainSecret), "never returned twice");
});

test("scopes must come from the catalog and the audience must be a registered API", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const before = await db.servicePrincipal.count({ where: { organizationId: org.id } });
  await assert.rejects(createServicePrincipal(ops, org.id, { name: "x", scopes: [api.read, "nope:read", "nope:write"] }),
    isDomainError("invalid", "scopes", /nope:read, nope:write/));
  await assert.rejects(createServicePrincipal(ops, org.id, { name: "x", scopes: [api.read], audience: ["https://unknown.example"] }),
    isDomainError("invalid", "audience", /https:\/\/unknown\.example/));
  await assert.rejects(createServicePrincipal(ops, org.id, { name: "x", scopes: [] }), isDomainError("invalid", "audience", /grant at least one scope/));
  await ensureManagementApiResource();
  await assert.rejects(createServicePrincipal(ops, org.id, { name: "x", scopes: ["organizations:write"] }),
    isDomainError("invalid", "scopes", /management API scope.*environment-level/));
  assert.equal(await db.servicePrincipal.count({ where: { organizationId: org.id } }), before, "nothing written");
  assert.equal(await db.auditEvent.count({ where: { organizationId: org.id, action: "service_principal.created" } }), 0);

  const named = await createServicePrincipal(ops, org.id, { name: "two apis", scopes: [api.read], audience: [api.audience] });
  assert.deepEqual(named.client.audience, [api.audience]);
});

test("shapes are checked strictly: unknown fields, reserved claims, expiry bounds", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  // As every edge calls it: the input parsed with the shared schema first.
  const fieldsOf = async (input: unknown) => {
    try {
      await createServicePrincipal(ops, org.id, parseInput(createServicePrincipalSchema, input));
    } catch (err) {
      assert.ok(err instanceof DomainError && err.code === "invalid");
      return err.fields.map((f) => `${f.field}: ${f.message}`);
    }
    assert.fail("expected a validation error");
  };
  assert.match((await fieldsOf({ name: "a", scopes: [api.read], colour: "red" })).join(), /colour/);
  assert.match((await fieldsOf({ name: "a", scopes: [api.read], custom_claims: [{ key: "oid", value: "x" }] })).join(), /custom_claims\.0\.key: is a registered claim/);
  assert.match((await fieldsOf({ name: "a", scopes: [api.read], expiry: 60 })).join(), /expiry: must be at least 300/);
  assert.match((await fieldsOf({ name: " ", scopes: [api.read] })).join(), /name: is required/);
  assert.match((await fieldsOf({ name: "a", scopes: [api.read], custom_claims: [{ key: "env", value: "a" }, { key: "env", value: "b" }] })).join(), /custom_claims: each key may appear once/);
});

test("a principal is never reachable through another organization", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, a.id, { name: "A's bot", scopes: [api.read] });
  const secretId = client.secrets[0]!.id;
  const id = client.client_id;

  await assert.rejects(getServicePrincipal(ops.principal, b.id, id), isDomainError("not_found"));
  await assert.rejects(updateServicePrincipal(ops, b.id, id, { name: "hijacked" }), isDomainError("not_found"));
  await assert.rejects(deleteServicePrincipal(ops, b.id, id), isDomainError("not_found"));
  await assert.rejects(addClientSecret(ops, b.id, id), isDomainError("not_found"));
  await assert.rejects(revokeClientSecret(ops, b.id, id, secretId), isDomainError("not_found"));
  assert.ok(!(await listServicePrincipals(ops.principal, b.id)).some((c) => c.client_id === id));

  // A management client limited to B sees nothing of A, whatever ids it guesses.
  const onlyB = managementContext([b.id]);
  await assert.rejects(listServicePrincipals(onlyB.principal, a.id), isDomainError("not_found", undefined, /Organization/));
  await assert.rejects(getServicePrincipal(onlyB.principal, a.id, id), isDomainError("not_found"));
  await assert.rejects(createServicePrincipal(onlyB, a.id, { name: "x", scopes: [api.read] }), isDomainError("not_found"));
  await assert.rejects(addClientSecret(onlyB, a.id, id), isDomainError("not_found"));
  await assert.rejects(revokeClientSecret(onlyB, a.id, id, secretId), isDomainError("not_found"));
  await assert.rejects(deleteServicePrincipal(onlyB, a.id, id), isDomainError("not_found"));

  // A portal session of B likewise.
  const portalB = contextFor({ kind: "portal", sessionId: "s", linkId: "l", organizationId: b.id, features: ["api_clients"], actor: null });
  await assert.rejects(getServicePrincipal(portalB.principal, a.id, id), isDomainError("not_found"));
  await assert.rejects(updateServicePrincipal(portalB, a.id, id, { status: "disabled" }), isDomainError("not_found"));

  // The right scope is still needed inside one's own organization.
  const readOnlyA = managementContext([a.id], ["clients:read"]);
  await assert.rejects(addClientSecret(readOnlyA, a.id, id), isDomainError("forbidden", "scope", /clients:write/));
  const after = await getServicePrincipal(ops.principal, a.id, id);
  assert.equal(after.name, "A's bot");
  assert.equal(after.secrets.length, 1);
});

test("at most 5 active secrets; revoked ones stay listed and free a slot", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "rotating", scopes: [api.read] });
  const id = client.client_id;
  const added: Awaited<ReturnType<typeof addClientSecret>>[] = [];
  for (let i = 0; i < 4; i++) added.push(await addClientSecret(ops, org.id, id));
  assert.ok(added.every((a) => a.plainSecret.startsWith(CLIENT_SECRET_PREFIX) && a.secret.secret_suffix === a.plainSecret.slice(-4)));
  assert.equal(new Set(added.map((a) => a.plainSecret)).size, 4);

  const eventsBefore = await db.auditEvent.count({ where: { organizationId: org.id } });
  await assert.rejects(addClientSecret(ops, org.id, id), isDomainError("limit_exceeded", "secrets", /at most 5 active secrets/));
  assert.equal(await db.clientSecret.count({ where: { clientId: id } }), 5);
  assert.equal(await db.auditEvent.count({ where: { organizationId: org.id } }), eventsBefore, "a refused write leaves no audit event");

  const revoked = await revokeClientSecret(ops, org.id, id, added[0]!.secret.id);
  assert.equal(revoked.status, "INACTIVE");
  const again = await revokeClientSecret(ops, org.id, id, added[0]!.secret.id);
  assert.equal(again.status, "INACTIVE");
  assert.equal(await db.auditEvent.count({ where: { targetId: added[0]!.secret.id, action: "client_secret.revoked" } }), 1, "revoking twice is recorded once");

  const sixth = await addClientSecret(ops, org.id, id);
  const view = await getServicePrincipal(ops.principal, org.id, id);
  assert.equal(view.secrets.length, 6);
  assert.equal(view.secrets.filter((s) => s.status === "ACTIVE").length, 5);
  assert.equal(view.secrets[0]!.id, sixth.secret.id, "newest first");
  assert.equal(view.secrets.find((s) => s.id === added[0]!.secret.id)?.status, "INACTIVE");
  await assert.rejects(revokeClientSecret(ops, org.id, id, "sks_0"), isDomainError("not_found", undefined, /Secret/));
});

test("concurrent secret additions never exceed the limit", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "racy", scopes: [api.read] });
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => addClientSecret(ops, org.id, client.client_id)));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 4);
  assert.equal(await db.clientSecret.count({ where: { clientId: client.client_id, status: "ACTIVE" } }), 5);
  assert.equal(await db.auditEvent.count({ where: { organizationId: org.id, action: "client_secret.created" } }), 5);
});

test("updates: scopes carry a derived audience along, a chosen one is kept, a failed update changes nothing", async () => {
  const org = await createTestOrganization();
  const one = await createTestApi();
  const two = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "worker", scopes: [one.read] });
  const id = client.client_id;

  const moved = await updateServicePrincipal(ops, org.id, id, { scopes: [two.read, two.write] });
  assert.deepEqual(moved.audience, [two.audience]);

  const chosen = await updateServicePrincipal(ops, org.id, id, { audience: [one.audience, two.audience] });
  assert.deepEqual(chosen.audience, [one.audience, two.audience]);
  const kept = await updateServicePrincipal(ops, org.id, id, { scopes: [two.read] });
  assert.deepEqual(kept.audience, [one.audience, two.audience]);

  const eventsBefore = await db.auditEvent.count({ where: { targetId: id } });
  await assert.rejects(updateServicePrincipal(ops, org.id, id, { name: "renamed", scopes: ["missing:scope"] }), isDomainError("invalid", "scopes", /missing:scope/));
  const unchanged = await getServicePrincipal(ops.principal, org.id, id);
  assert.equal(unchanged.name, "worker");
  assert.deepEqual(unchanged.scopes, [two.read]);
  assert.equal(await db.auditEvent.count({ where: { targetId: id } }), eventsBefore);

  const full = await updateServicePrincipal(ops, org.id, id, {
    name: "worker 2", description: "d", expiry: 900, custom_claims: [{ key: "environment", value: "prod" }],
  });
  assert.equal(full.name, "worker 2");
  assert.equal(full.expiry, 900);
  assert.deepEqual(full.custom_claims, [{ key: "environment", value: "prod" }]);

  const disabled = await updateServicePrincipal(ops, org.id, id, { status: "disabled" });
  assert.equal(disabled.status, "disabled");
  const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: id }, orderBy: { seq: "desc" } });
  assert.equal(event.action, "service_principal.disabled");
  assert.equal((event.before as { status: string }).status, "active");
  assert.equal((event.after as { status: string }).status, "disabled");
  assert.equal((await updateServicePrincipal(ops, org.id, id, { status: "active" })).status, "active");
});

test("deleting a principal removes its secrets and records who did it", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "temp", scopes: [api.read] });
  await deleteServicePrincipal(ops, org.id, client.client_id);
  assert.equal(await db.clientSecret.count({ where: { clientId: client.client_id } }), 0);
  await assert.rejects(getServicePrincipal(ops.principal, org.id, client.client_id), isDomainError("not_found"));
  await assert.rejects(deleteServicePrincipal(ops, org.id, client.client_id), isDomainError("not_found"));
  const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: client.client_id, action: "service_principal.deleted" } });
  assert.equal(event.actorLabel, "admin@portico.test");
  assert.equal(event.organizationId, org.id);
});

test("auditors can read but not change principals; a deleted organization has none", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "x", scopes: [api.read] });
  const auditor = operatorContext("auditor");
  assert.equal((await listServicePrincipals(auditor.principal, org.id)).length, 1);
  await assert.rejects(addClientSecret(auditor, org.id, client.client_id), isDomainError("forbidden"));
  await assert.rejects(createServicePrincipal(ops, "org_404", { name: "x", scopes: [api.read] }), isDomainError("not_found", undefined, /Organization/));
  await assert.rejects(listServicePrincipals(ops.principal, "org_404"), isDomainError("not_found"));
});
