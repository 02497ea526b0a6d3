import assert from "node:assert/strict";
import { after, test } from "node:test";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createOrganization, updateOrganization } from "@/lib/organizations";
import { contextFor, createTestOrganization, operatorContext, uniq } from "@/lib/test-support/fixtures";
import { chainer, chainPass } from "./chainer";
import { emit } from "./emit";
import { listEvents } from "./query";

after(() => db.$disconnect());

const actor = { type: "operator" as const, id: "opr_1", label: "ops@example.com" };
const orgData = (id: string, name = "Acme") => ({
  id, display_name: name, external_id: null, metadata: {}, features: [], create_time: new Date().toISOString(), update_time: new Date().toISOString(),
});

test("a change and its event commit together; the request answers with its event already chained", async () => {
  const org = await createTestOrganization("Chained");
  // createOrganization returned: its event is in the audit trail and the event store, nothing left in the outbox.
  const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id, action: "organization.created" } });
  const event = await db.event.findUniqueOrThrow({ where: { id: audit.id } });
  assert.equal(event.type, "organization.created");
  assert.equal(event.position, audit.seq);
  assert.equal(await db.eventOutbox.count({ where: { id: audit.id } }), 0);
});

test("when the change fails, its event is not left behind", async () => {
  const id = newId("org");
  await assert.rejects(db.$transaction(async (tx) => {
    await emit(tx, "organization.created", { organizationId: id, actor, data: orgData(id) });
    await tx.organization.create({ data: { id, displayName: "A" } });
    await tx.organization.create({ data: { id, displayName: "duplicate id fails" } });
  }));
  await chainPass();
  assert.equal(await db.auditEvent.count({ where: { organizationId: id } }), 0);
  assert.equal(await db.eventOutbox.count({ where: { organizationId: id } }), 0);
});

test("when a change's event cannot be written, the change is rolled back too", async () => {
  const label = `refused-${uniq()}@portico.test`;
  const fn = `refuse_event_${uniq()}`;
  await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'event write refused for the test'; END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON event_outbox FOR EACH ROW WHEN (NEW.actor_label = '${label}') EXECUTE FUNCTION ${fn}()`);
  try {
    const ctx = contextFor({ kind: "operator", id: "opr_refused", email: label, role: "admin" });
    const name = `Never half-written ${uniq()}`;
    await assert.rejects(createOrganization(ctx, { display_name: name }), /event write refused/);
    assert.equal(await db.organization.count({ where: { displayName: name } }), 0);
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON event_outbox`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
  }
});

test("request transactions take no chain lock: one that emitted and stays open does not hold up another", async () => {
  const org = await createTestOrganization("No lock");
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let emitted!: () => void;
  const didEmit = new Promise<void>((r) => (emitted = r));
  const slow = db.$transaction(async (tx) => {
    await emit(tx, "organization.updated", { organizationId: org.id, actor, data: { ...orgData(org.id), display_name: "slow" } });
    emitted();
    await held;
  }, { timeout: 20_000 });
  await didEmit;
  const started = Date.now();
  // With the old writer this waited on the chain lock the open transaction held.
  await updateOrganization(operatorContext(), org.id, { display_name: `fast ${uniq()}` });
  assert.ok(Date.now() - started < 3_000, `the second write finished while the first was open (${Date.now() - started} ms)`);
  assert.equal(await db.auditEvent.count({ where: { organizationId: org.id, action: "organization.updated" } }), 1);
  release();
  await slow;
  assert.equal(await db.auditEvent.count({ where: { organizationId: org.id, action: "organization.updated" } }), 2);
});

test("positions follow commit order: a reader following them does not skip an event that committed late", async () => {
  const org = await createTestOrganization("Ordering");
  const operator = { kind: "operator" as const, id: "opr_reader", email: "reader@portico.test", role: "auditor" as const };
  const start = await listEvents(operator, { organizationId: org.id });
  let cursor = start.next_cursor;
  // T1 inserts into the outbox first (lower outbox seq) but commits after T2.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let t1Emitted!: () => void;
  const t1Ready = new Promise<void>((r) => (t1Emitted = r));
  const t1 = db.$transaction(async (tx) => {
    await emit(tx, "organization.updated", { organizationId: org.id, actor, data: orgData(org.id, "first in, last out") });
    t1Emitted();
    await held;
  }, { timeout: 20_000 });
  await t1Ready;
  await db.$transaction((tx) => emit(tx, "organization.updated", { organizationId: org.id, actor, data: orgData(org.id, "second in, first out") }));
  const page1 = await listEvents(operator, { organizationId: org.id, cursor });
  assert.deepEqual(page1.events.map((e) => (e.data as { display_name: string }).display_name), ["second in, first out"]);
  cursor = page1.next_cursor;
  release();
  await t1;
  const page2 = await listEvents(operator, { organizationId: org.id, cursor });
  assert.deepEqual(page2.events.map((e) => (e.data as { display_name: string }).display_name), ["first in, last out"], "the late commit comes after the cursor, not behind it");
  // An outbox-seq cursor would have been past T1's seq already.
  const [a, b] = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "organization.updated" }, orderBy: { seq: "asc" } });
  assert.ok(a!.id > b!.id, "T1's id (made first) is smaller, yet it was chained after T2");
});

test("a chain pass that dies half-way loses nothing: the events stay in the outbox and the next pass chains them once", async () => {
  const org = await createTestOrganization("Crash");
  // Keep the background flushes out of the way: write straight to the outbox in a plain transaction.
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const id = newId("evt");
    ids.push(id);
    await db.eventOutbox.create({
      data: { id, type: "organization.updated", occurredAt: new Date(), organizationId: org.id, data: orgData(org.id, `crash ${i}`), webhook: true, actorType: "system", action: "organization.updated" },
    });
  }
  // The pass writes the chain, the event store and the deliveries, then dies before it commits.
  await assert.rejects(chainPass("wait", async () => { throw new Error("killed"); }), /killed/);
  assert.equal(await db.eventOutbox.count({ where: { id: { in: ids } } }), 5, "still in the outbox");
  assert.equal(await db.auditEvent.count({ where: { id: { in: ids } } }), 0, "nothing half-chained");
  await chainer().flush();
  assert.equal(await db.auditEvent.count({ where: { id: { in: ids } } }), 5);
  assert.equal(await db.event.count({ where: { id: { in: ids } } }), 5);
  assert.equal(await db.eventOutbox.count({ where: { id: { in: ids } } }), 0);
  await chainer().flush();
  assert.equal(await db.auditEvent.count({ where: { id: { in: ids } } }), 5, "chained exactly once");
  assert.equal((await verifyAuditChain()).ok, true);
});

test("concurrent writers share chain passes and keep one unbroken chain", async () => {
  const orgs = await Promise.all(Array.from({ length: 4 }, () => createTestOrganization("Concurrent")));
  await Promise.all(orgs.flatMap((o) => Array.from({ length: 5 }, (_, i) => updateOrganization(operatorContext(), o.id, { display_name: `c ${i} ${uniq()}` }))));
  for (const o of orgs) assert.equal(await db.auditEvent.count({ where: { organizationId: o.id, action: "organization.updated" } }), 5);
  // Two passes at once (two instances): the lock serialises them, nothing is chained twice.
  await Promise.all([chainPass(), chainPass(), chainPass("try")]);
  assert.equal((await verifyAuditChain()).ok, true);
});
