import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { recordAudit } from "./writer";
import { verifyAuditChain } from "./verify";

after(() => db.$disconnect());

const actor = { type: "operator" as const, id: "opr_1", label: "ops@example.com" };

test("a change and its audit event commit together", async () => {
  const id = newId("org");
  await db.$transaction(async (tx) => {
    await tx.organization.create({ data: { id, displayName: "Acme" } });
    await recordAudit(tx, { action: "organization.created", actor, organizationId: id, target: { type: "organization", id }, after: { display_name: "Acme" } });
  });
  const events = await db.auditEvent.findMany({ where: { targetId: id } });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.action, "organization.created");
  assert.equal(events[0]!.actorLabel, "ops@example.com");
});

test("when the change fails, no audit event is left behind", async () => {
  const id = newId("org");
  await assert.rejects(db.$transaction(async (tx) => {
    await recordAudit(tx, { action: "organization.created", actor, organizationId: id, target: { type: "organization", id } });
    await tx.organization.create({ data: { id, displayName: "A" } });
    await tx.organization.create({ data: { id, displayName: "duplicate id fails" } });
  }));
  assert.equal(await db.auditEvent.count({ where: { targetId: id } }), 0);
  assert.equal(await db.organization.count({ where: { id } }), 0);
});

test("secret material never reaches the audit log", async () => {
  const id = newId("m2morg");
  await recordAudit(db, { action: "client_secret.created", actor, target: { type: "client_secret", id }, after: { id, plain_secret: "test_abc", secretHash: "h", suffix: "wxyz" } });
  const row = await db.auditEvent.findFirstOrThrow({ where: { targetId: id } });
  const text = JSON.stringify(row.after);
  assert.ok(!text.includes("test_abc"));
  assert.ok(!text.includes('"h"'));
  assert.ok(text.includes("wxyz"));
});

test("concurrent writers keep one unbroken chain, and tampering is pinpointed", async () => {
  await Promise.all(Array.from({ length: 20 }, (_, i) =>
    recordAudit(db, { action: "test.concurrent", actor, metadata: { i } })));
  const ok = await verifyAuditChain();
  assert.equal(ok.ok, true);

  const victim = await db.auditEvent.findFirstOrThrow({ where: { action: "test.concurrent" }, orderBy: { seq: "asc" } });
  await db.auditEvent.update({ where: { seq: victim.seq }, data: { actorLabel: "someone-else" } });
  const broken = await verifyAuditChain();
  assert.equal(broken.ok, false);
  if (!broken.ok) {
    assert.equal(broken.brokenAt.id, victim.id);
    assert.equal(broken.brokenAt.reason, "hash_mismatch");
  }
  await db.auditEvent.update({ where: { seq: victim.seq }, data: { actorLabel: victim.actorLabel } });
  assert.equal((await verifyAuditChain()).ok, true);
});
