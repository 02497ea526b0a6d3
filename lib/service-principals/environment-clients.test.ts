import assert from "node:assert/strict";
import { after, test } from "node:test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { db } from "@/lib/db";
import { managementAudience } from "@/lib/management/audience";
import { ensureManagementApiResource } from "@/lib/scope-catalog/seed";
import { createTestApi, createTestOrganization, isDomainError, managementContext, operatorContext } from "@/lib/test-support/fixtures";
import {
  addEnvironmentClientSecret, createEnvironmentClient, disableEnvironmentClient, getEnvironmentClient, getServicePrincipal,
  listEnvironmentClients, rotateEnvironmentClientSecret, updateEnvironmentClient,
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

  const rotated = await rotateEnvironmentClientSecret(ops, client.client_id);
  assert.deepEqual(rotated.revoked, [client.secrets[0]!.id]);
  const after = await getEnvironmentClient(ops.principal, client.client_id);
  assert.deepEqual(after.secrets.map((s) => s.status), ["ACTIVE", "INACTIVE"]);
  await addEnvironmentClientSecret(ops, client.client_id);

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
