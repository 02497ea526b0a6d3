import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { operatorContext, uniq } from "@/lib/test-support/fixtures";
import { queryAuditEvents } from "./query";
import { verifyAuditChain } from "./verify";
import { eventHash, GENESIS_HASH, recordAudit, type HashedFields } from "./writer";

after(() => db.$disconnect());

const reader = operatorContext("auditor").principal;
const actor = { type: "operator" as const, id: "opr_search", label: "search@portico.test" };

/** Appends n chained events in one statement (valid hashes, so the chain stays intact for later tests). */
async function appendMany(n: number, make: (i: number) => Partial<HashedFields>) {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x706f7274})`;
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true, time: true } });
    let prev = last?.hash ?? GENESIS_HASH;
    const base = Math.max(Date.now(), last?.time.getTime() ?? 0);
    const rows = [];
    for (let i = 0; i < n; i++) {
      const fields: HashedFields = {
        id: newId("evt"), time: new Date(base + i), organizationId: null, actorType: "operator", actorId: actor.id, actorLabel: actor.label,
        action: "organization.updated", targetType: "organization", targetId: `org_filler_${i}`, before: null, after: null, metadata: null,
        ip: null, userAgent: null, requestId: null, prevHash: prev, ...make(i),
      };
      const hash = eventHash(fields);
      rows.push({ ...fields, before: undefined, after: undefined, metadata: undefined, hash });
      prev = hash;
    }
    await tx.auditEvent.createMany({ data: rows });
  }, { timeout: 60_000 });
}

test("free text finds a rare term older than the recent window, and pages through every match", async () => {
  const term = `needle${uniq()}`;
  await recordAudit(db, { action: "client_secret.revoked", actor, target: { type: "client_secret", id: `sks_${term}_old` } });
  await appendMany(5_200, (i) => (i === 100 ? { targetId: `m2morg_${term}_mid` } : {}));
  await recordAudit(db, { action: "client_secret.created", actor, target: { type: "client_secret", id: `sks_${term}_new` } });

  const page1 = await queryAuditEvents(reader, { search: term.toUpperCase(), limit: 2 });
  assert.deepEqual(page1.events.map((e) => e.target?.id), [`sks_${term}_new`, `m2morg_${term}_mid`]);
  const page2 = await queryAuditEvents(reader, { search: term, limit: 2, cursor: page1.next_cursor });
  assert.deepEqual(page2.events.map((e) => e.target?.id), [`sks_${term}_old`]);
  assert.equal(page2.next_cursor, null);

  // Combined with another filter, and a term nobody has.
  const withAction = await queryAuditEvents(reader, { search: term, action: "client_secret.*" });
  assert.deepEqual(withAction.events.map((e) => e.action), ["client_secret.created", "client_secret.revoked"]);
  assert.equal((await queryAuditEvents(reader, { search: `${term}-absent` })).events.length, 0);
  // A literal % is a character, not a wildcard.
  assert.equal((await queryAuditEvents(reader, { search: `needle%${term.slice(6)}` })).events.length, 0);
  assert.equal((await verifyAuditChain()).ok, true);
});

test("time ranges select exactly the events inside them, and time never goes backwards along the chain", async () => {
  const start = new Date();
  await appendMany(30, (i) => ({ targetId: `org_timed_${i}`, time: new Date(start.getTime() + 60_000 + i * 1000) }));
  const inside = await queryAuditEvents(reader, { since: new Date(start.getTime() + 70_000), until: new Date(start.getTime() + 80_000), limit: 100 });
  assert.deepEqual(inside.events.map((e) => e.target?.id), Array.from({ length: 10 }, (_, i) => `org_timed_${19 - i}`));
  assert.equal((await queryAuditEvents(reader, { since: new Date(start.getTime() + 10 * 86_400_000) })).events.length, 0);

  // Those events are "in the future"; the next one written now still sorts after them in time.
  const { id } = await recordAudit(db, { action: "organization.updated", actor });
  const latest = await db.auditEvent.findUniqueOrThrow({ where: { id } });
  assert.ok(latest.time.getTime() >= start.getTime() + 60_000 + 29_000);
});
