import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { createTestApi, createTestOrganization, isDomainError, managementContext, operatorContext, contextFor, uniq } from "@/lib/test-support/fixtures";
import { createServicePrincipal, updateServicePrincipal } from "@/lib/service-principals";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { queryAuditEvents } from "./query";

after(() => db.$disconnect());
const ops = operatorContext();

test("filters by organization, action family, actor, target, time and text, newest first", async () => {
  const org = await createTestOrganization();
  const other = await createTestOrganization();
  const api = await createTestApi();
  const { client } = await createServicePrincipal(ops, org.id, { name: "Audited bot", scopes: [api.read] });
  await updateServicePrincipal(ops, org.id, client.client_id, { status: "disabled" });
  await createServicePrincipal(ops, other.id, { name: "Other bot", scopes: [api.read] });

  const all = await queryAuditEvents(ops.principal, { organizationId: org.id });
  assert.deepEqual(all.events.map((e) => e.action), ["service_principal.disabled", "client_secret.created", "service_principal.created", "organization.created"]);
  assert.ok(all.events.every((e) => e.organization_id === org.id));
  assert.equal(all.events[0]!.actor.label, "admin@portico.test");
  assert.deepEqual(all.events[0]!.target, { type: "service_principal", id: client.client_id });

  const family = await queryAuditEvents(ops.principal, { organizationId: org.id, action: "service_principal.*" });
  assert.deepEqual(family.events.map((e) => e.action), ["service_principal.disabled", "service_principal.created"]);
  const exact = await queryAuditEvents(ops.principal, { organizationId: org.id, action: "client_secret.created" });
  assert.equal(exact.events.length, 1);
  assert.equal((await queryAuditEvents(ops.principal, { target: client.client_id })).events.length, 2);
  assert.equal((await queryAuditEvents(ops.principal, { organizationId: org.id, actor: "admin@portico.test" })).events.length, 4);
  assert.equal((await queryAuditEvents(ops.principal, { organizationId: org.id, actor: "someone@else" })).events.length, 0);
  assert.equal((await queryAuditEvents(ops.principal, { organizationId: org.id, search: "DISABLED" })).events.length, 1);
  const future = new Date(Date.now() + 60_000);
  assert.equal((await queryAuditEvents(ops.principal, { organizationId: org.id, since: future })).events.length, 0);
  assert.equal((await queryAuditEvents(ops.principal, { organizationId: org.id, until: future })).events.length, 4);
  await assert.rejects(queryAuditEvents(ops.principal, { since: future, until: new Date() }), isDomainError("invalid", "since"));
});

test("pages with a cursor, without gaps or repeats", async () => {
  const org = await createTestOrganization();
  const marker = `page.${uniq()}`;
  for (let i = 0; i < 7; i++) await appendTestAuditEvent(db, { action: marker, actor: ops.actor, organizationId: org.id, metadata: { i } });
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await queryAuditEvents(ops.principal, { action: marker, limit: 3, cursor });
    seen.push(...page.events.map((e) => (e.metadata as { i: number }).i));
    cursor = page.next_cursor;
    pages++;
  } while (cursor);
  assert.deepEqual(seen, [6, 5, 4, 3, 2, 1, 0]);
  assert.equal(pages, 3);
  await assert.rejects(queryAuditEvents(ops.principal, { cursor: "abc" }), isDomainError("invalid", "cursor"));
});

test("each caller sees only its organizations' events", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const onlyA = managementContext([a.id]);
  await assert.rejects(queryAuditEvents(onlyA.principal, { organizationId: b.id }), isDomainError("not_found"));
  const mine = await queryAuditEvents(onlyA.principal, { limit: 200 });
  assert.ok(mine.events.length > 0 && mine.events.every((e) => e.organization_id === a.id));
  const anyOrg = await queryAuditEvents(managementContext("any").principal, { limit: 200 });
  assert.ok(anyOrg.events.every((e) => e.organization_id !== null), "deployment-level events stay in the console");
  const noScope = managementContext([a.id], ["clients:read"]);
  await assert.rejects(queryAuditEvents(noScope.principal, { organizationId: a.id }), isDomainError("forbidden", "scope"));

  const portalA = contextFor({ kind: "portal", sessionId: "s", linkId: "l", organizationId: a.id, features: ["activity"], actor: null });
  assert.ok((await queryAuditEvents(portalA.principal, { organizationId: a.id })).events.every((e) => e.organization_id === a.id));
  await assert.rejects(queryAuditEvents(portalA.principal, { organizationId: b.id }), isDomainError("not_found"));
  await assert.rejects(queryAuditEvents(portalA.principal, {}), isDomainError("forbidden"));
});
