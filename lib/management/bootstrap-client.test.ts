import assert from "node:assert/strict";
import { after, test } from "node:test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { verifySecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { ensureScopeCatalog } from "@/lib/scope-catalog/seed";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext, uniq } from "@/lib/test-support/fixtures";
import { managementAudience } from "./audience";
import { BootstrapConfigError, bootstrapManagementClientFromEnv, ensureBootstrapManagementClient } from "./bootstrap-client";

after(() => db.$disconnect());

const secret = (s = uniq()) => `${s}-${"x".repeat(40)}`;

test("the BOOTSTRAP_MANAGEMENT_CLIENT_* values are validated with errors naming the variable", () => {
  assert.equal(bootstrapManagementClientFromEnv({}), null);
  const bad = (env: Record<string, string>, re: RegExp) => assert.throws(() => bootstrapManagementClientFromEnv(env), (e: unknown) => e instanceof BootstrapConfigError && re.test(e.message));
  bad({ BOOTSTRAP_MANAGEMENT_CLIENT_ID: "skc_x" }, /BOOTSTRAP_MANAGEMENT_CLIENT_SECRET is not/);
  bad({ BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: secret() }, /BOOTSTRAP_MANAGEMENT_CLIENT_ID is not/);
  bad({ BOOTSTRAP_MANAGEMENT_CLIENT_ID: "management", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: secret() }, /must start with skc_/);
  bad({ BOOTSTRAP_MANAGEMENT_CLIENT_ID: "skc_x", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: "short" }, /at least 32 characters/);
  bad({ BOOTSTRAP_MANAGEMENT_CLIENT_ID: "skc_x", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: `${"y".repeat(32)} z` }, /printable ASCII/);
  assert.deepEqual(bootstrapManagementClientFromEnv({ BOOTSTRAP_MANAGEMENT_CLIENT_ID: "skc_host", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: "s".repeat(32) }), { clientId: "skc_host", secret: "s".repeat(32) });
});

test("start-up ensures the management client and its secret, idempotently; a changed secret replaces the old one", async () => {
  await ensureScopeCatalog();
  const clientId = `skc_boot_${uniq()}`;
  const first = secret();
  await ensureBootstrapManagementClient({ clientId, secret: first });
  await ensureBootstrapManagementClient({ clientId, secret: first });
  let client = await db.servicePrincipal.findUniqueOrThrow({ where: { id: clientId }, include: { secrets: true } });
  assert.equal(client.organizationId, null);
  assert.deepEqual([...client.scopes].sort(), [...MANAGEMENT_SCOPES].sort());
  assert.deepEqual(client.audience, [managementAudience()]);
  assert.equal(client.allowAnyOrganization, true);
  assert.equal(client.secrets.length, 1, "a restart adds nothing");
  assert.ok(verifySecret(first, client.secrets[0]!.secretHash));
  assert.ok(!JSON.stringify(client).includes(first));

  // An operator's own secret on the same client survives a secret change; the old bootstrap secret is retired.
  await db.clientSecret.create({ data: { id: `sks_op_${uniq()}`, clientId, secretHash: "operator-added", suffix: "abcd", createdBy: "ops@x" } });
  const second = secret();
  await ensureBootstrapManagementClient({ clientId, secret: second });
  client = await db.servicePrincipal.findUniqueOrThrow({ where: { id: clientId }, include: { secrets: true } });
  const byHash = (plain: string) => client.secrets.find((s) => verifySecret(plain, s.secretHash));
  assert.equal(byHash(first)?.status, "INACTIVE");
  assert.equal(byHash(second)?.status, "ACTIVE");
  assert.equal(client.secrets.find((s) => s.secretHash === "operator-added")?.status, "ACTIVE");
  assert.equal(await db.auditEvent.count({ where: { action: "client_secret.revoked", metadata: { path: ["client_id"], equals: clientId } } }), 1);
});

test("a bootstrap id that belongs to an organization's principal stops start-up", async () => {
  const org = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(operatorContext(), org.id, { name: "x", scopes: [api.read] });
  await assert.rejects(ensureBootstrapManagementClient({ clientId: client.client_id, secret: secret() }), /is a service principal of organization/);
});
