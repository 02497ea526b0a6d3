import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { deleteOrganization } from "./index";

after(async () => {
  await db.$disconnect();
});

test("deleting an organization audits it and, one event each, the service principals that go with it", async () => {
  const org = await createTestOrganization("Doomed");
  const api = await createTestApi();
  const ctx = operatorContext();
  const a = await createServicePrincipal(ctx, org.id, { name: "Exporter", scopes: [api.read] });
  const b = await createServicePrincipal(ctx, org.id, { name: "Importer", scopes: [api.read] });

  await deleteOrganization(ctx, org.id);

  assert.equal(await db.servicePrincipal.count({ where: { organizationId: org.id } }), 0);
  const deleted = await db.auditEvent.findFirstOrThrow({ where: { action: "organization.deleted", targetId: org.id } });
  assert.deepEqual(deleted.metadata, { service_principals_deleted: 2, portal_links_deleted: 0 });
  const ended = await db.auditEvent.findMany({ where: { action: "service_principal.deleted", organizationId: org.id }, orderBy: { seq: "asc" } });
  assert.deepEqual(ended.map((e) => e.targetId).sort(), [a.client.client_id, b.client.client_id].sort());
  for (const e of ended) {
    assert.deepEqual(e.metadata, { reason: "organization_deleted" });
    assert.equal(e.actorId, ctx.actor.id);
    assert.ok(e.seq > deleted.seq, "after the organization's own event, in the same transaction");
  }
});
