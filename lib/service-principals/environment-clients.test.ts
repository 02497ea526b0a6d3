import assert from "node:assert/strict";
import { after, test } from "node:test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { db } from "@/lib/db";
import { managementAudience } from "@/lib/management/audience";
import { ensureManagementApiResource } from "@/lib/scope-catalog/seed";
import { createTestApi, createTestOrganization, isDomainError, managementContext, operatorContext, viaSchema } from "@/lib/test-support/fixtures";
import {
  addEnvironmentClientSecret, createEnvironmentClient as createEnvironmentClientTyped, deleteEnvironmentClient, disableEnvironmentClient, getEnvironmentClient, getServicePrincipal,
  listEnvironmentClients, revokeEnvironmentClientSecret, updateEnvironmentClient as updateEnvironmentClientTyped,
} from "./index";

after(() => db.$disconnect());
const ops = operatorContext();

test("operators create environment clients with management scopes for listed organizations", async () => {
  await ensureManagementApiResource();
  const org = await createTestOrganization();
  const { client, plainSecret } = await createEnvironmentClient(ops, {
    name: "Host backend", scopes: [...MANAGEMENT_SCOPES], organization_usage: "allow", allowed_organization_ids: [org.id],
  });
  assert.match(client.client_id, /^skc_\d+$/);
  assert.equal(client.organization_id, null);
  assert.deepEqual(client.audience, [managementAudience()]);
  assert.equal(client.organization_usage, "allow");
  assert.deepEqual(client.allowed_organization_ids, [org.id]);
  assert.equal(client.secrets[0]!.secret_suffix, plainSecret.slice(-4));
  assert.ok((await listEnvironmentClients(ops.principal)).some((c) => c.client_id === client.client_id));
  // Not reachable as an organization's principal.
  await assert.rejects(getServicePrincipal(ops.principal, org.id, client.client_id), isDomainError("not_found"));

  // Rotation without downtime: a second secret is added while the first keeps working, then the first is revoked.
  const added = await addEnvironmentClientSecret(ops, client.client_id);
  assert.equal(added.secret.secret_suffix, added.plainSecret.slice(-4));
  assert.deepEqual((await getEnvironmentClient(ops.principal, client.client_id)).secrets.map((s) => [s.id, s.status]),
    [[added.secret.id, "ACTIVE"], [client.secrets[0]!.id, "ACTIVE"]]);
  await revokeEnvironmentClientSecret(ops, client.client_id, client.secrets[0]!.id);
  const after = await getEnvironmentClient(ops.principal, client.client_id);
  assert.deepEqual(after.secrets.map((s) => [s.id, s.status]), [[added.secret.id, "ACTIVE"], [client.secrets[0]!.id, "INACTIVE"]]);

  const disabled = await disableEnvironmentClient(ops, client.client_id);
  assert.equal(disabled.status, "disabled");
  assert.equal((await db.auditEvent.findFirstOrThrow({ where: { targetId: client.client_id }, orderBy: { seq: "desc" } })).action, "environment_client.disabled");
});

test("organization usage and allowed organizations are checked", async () => {
  const api = await createTestApi();
  await assert.rejects(createEnvironmentClient(ops, { name: "x", scopes: [api.read], organization_usage: "require" }),
    isDomainError("invalid", "allowed_organization_ids", /organization_usage "require"/));
  await assert.rejects(createEnvironmentClient(ops, { name: "x", scopes: [api.read], organization_usage: "allow", allowed_organization_ids: ["org_1"] }),
    isDomainError("invalid", "allowed_organization_ids", /org_1/));
  const any = await createEnvironmentClient(ops, { name: "aggregator", scopes: [api.read], organization_usage: "require", allow_any_organization: true });
  assert.equal(any.client.allow_any_organization, true);
  await assert.rejects(updateEnvironmentClient(ops, any.client.client_id, { allow_any_organization: false }), isDomainError("invalid", "allowed_organization_ids"));
  assert.equal((await getEnvironmentClient(ops.principal, any.client.client_id)).allow_any_organization, true, "unchanged after a refused update");
});

test("management clients and tenants cannot create or widen environment clients", async () => {
  const api = await createTestApi();
  const mgmt = managementContext("any", [...MANAGEMENT_SCOPES]);
  await assert.rejects(createEnvironmentClient(mgmt, { name: "escalate", scopes: [api.read] }), isDomainError("forbidden"));
  await assert.rejects(listEnvironmentClients(mgmt.principal), isDomainError("forbidden"));
  const auditor = operatorContext("auditor");
  await assert.rejects(createEnvironmentClient(auditor, { name: "x", scopes: [api.read] }), isDomainError("forbidden"));
});

test("scopes, audience and organizations change after creation; the audience follows the scopes unless chosen by hand", async () => {
  await ensureManagementApiResource();
  const api = await createTestApi();
  const org = await createTestOrganization();
  const { client } = await createEnvironmentClient(ops, { name: "Changing", scopes: ["organizations:read"] });
  assert.deepEqual(client.audience, [managementAudience()]);

  // Catalog scopes replace management ones: the derived audience moves with them.
  const moved = await updateEnvironmentClient(ops, client.client_id, { scopes: [api.read] });
  assert.deepEqual(moved.scopes, [api.read]);
  assert.deepEqual(moved.audience, [api.audience]);
  // Both kinds together: both audiences.
  const both = await updateEnvironmentClient(ops, client.client_id, { scopes: [api.read, "audit:read"] });
  assert.deepEqual([...both.audience].sort(), [api.audience, managementAudience()].sort());
  // An audience chosen by hand stays when the scopes change.
  await updateEnvironmentClient(ops, client.client_id, { audience: [api.audience] });
  const kept = await updateEnvironmentClient(ops, client.client_id, { scopes: [api.read, api.write] });
  assert.deepEqual(kept.audience, [api.audience]);
  await assert.rejects(updateEnvironmentClient(ops, client.client_id, { scopes: ["nope:read"] }), isDomainError("invalid", "scopes", /nope:read/));

  const limited = await updateEnvironmentClient(ops, client.client_id, { organization_usage: "require", allowed_organization_ids: [org.id] });
  assert.equal(limited.organization_usage, "require");
  assert.deepEqual(limited.allowed_organization_ids, [org.id]);
  await assert.rejects(updateEnvironmentClient(ops, client.client_id, { allowed_organization_ids: [] }), isDomainError("invalid", "allowed_organization_ids", /organization_usage "require"/));

  await deleteEnvironmentClient(ops, client.client_id);
  await assert.rejects(getEnvironmentClient(ops.principal, client.client_id), isDomainError("not_found"));
  const deleted = await db.auditEvent.findFirstOrThrow({ where: { targetId: client.client_id, action: "environment_client.deleted" } });
  assert.equal((deleted.before as { name: string }).name, "Changing");
});
import { createEnvironmentClientSchema, updateEnvironmentClientSchema } from "./schemas";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
const updateEnvironmentClient = viaSchema(updateEnvironmentClientSchema, updateEnvironmentClientTyped);
