import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { db, type Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { canonicalJson } from "./canonical";
import { verifyAuditChain, verifyAuditChainExclusive, VERIFICATION_RUNNING_MESSAGE } from "./verify";
import { eventHash, GENESIS_HASH, legacyEventHash, sealAuditChainHead, type HashedFields } from "./writer";

after(() => db.$disconnect());

const actor = { type: "operator" as const, id: "opr_1", label: "ops@example.com" };

/** Runs `fn` in a transaction that is always rolled back, so a test can wreck the chain and leave it intact. */
async function inRolledBackTransaction(fn: (tx: Tx) => Promise<void>): Promise<void> {
  const ROLLBACK = new Error("rollback");
  await assert.rejects(db.$transaction(async (tx) => { await fn(tx); throw ROLLBACK; }, { timeout: 120_000 }), (err) => err === ROLLBACK);
}

test("secret material never reaches the audit log", async () => {
  const id = newId("m2morg");
  await appendTestAuditEvent(db, { action: "client_secret.created", actor, target: { type: "client_secret", id }, after: { id, plain_secret: "test_abc", secretHash: "h", suffix: "wxyz" } });
  const row = await db.auditEvent.findFirstOrThrow({ where: { targetId: id } });
  const text = JSON.stringify(row.after);
  assert.ok(!text.includes("test_abc"));
  assert.ok(!text.includes('"h"'));
  assert.ok(text.includes("wxyz"));
});

test("concurrent writers keep one unbroken chain, and tampering is pinpointed", async () => {
  await Promise.all(Array.from({ length: 20 }, (_, i) =>
    appendTestAuditEvent(db, { action: "test.concurrent", actor, metadata: { i } })));
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

test("the chain is keyed: an edit with the whole chain recomputed, without the audit key, is caught at the edited event", async () => {
  for (let i = 0; i < 5; i++) await appendTestAuditEvent(db, { action: "test.keyed", actor, metadata: { i } });
  await inRolledBackTransaction(async (tx) => {
    const rows = await tx.auditEvent.findMany({ where: { seq: { gte: (await tx.auditEvent.findFirstOrThrow({ where: { action: "test.keyed" }, orderBy: { seq: "desc" }, skip: 4 })).seq } }, orderBy: { seq: "asc" } });
    const [victim, ...rest] = rows;
    // What an attacker with database access could do before: edit, then recompute every later hash,
    // with plain SHA-256 or with an HMAC under a key they made up.
    for (const recompute of [legacyEventHash, (e: HashedFields) => crypto.createHmac("sha256", "guessed key").update(e.prevHash).update("\n").update(canonicalJson(e)).digest("hex")]) {
      let prev = victim!.prevHash;
      for (const row of [{ ...victim!, actorLabel: "someone-else" }, ...rest]) {
        const hash = recompute({ ...row, prevHash: prev });
        await tx.auditEvent.update({ where: { seq: row.seq }, data: { actorLabel: row.actorLabel, prevHash: prev, hash } });
        prev = hash;
      }
      const result = await verifyAuditChain({ client: tx });
      assert.deepEqual(!result.ok && result.brokenAt, { seq: victim!.seq.toString(), id: victim!.id, reason: "hash_mismatch" });
    }
  });
  assert.equal((await verifyAuditChain()).ok, true);
});

test("events written before keyed hashing (plain SHA-256) still verify, and cannot stand in for keyed ones", async () => {
  await inRolledBackTransaction(async (tx) => {
    // A database as it was before the upgrade: three events with v1 hashes from the start of the chain.
    await tx.$executeRaw`DELETE FROM audit_events`;
    await tx.$executeRaw`DELETE FROM audit_chain_head`;
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const fields: HashedFields = {
        id: newId("evt"), time: new Date(Date.now() - 60_000 + i), organizationId: null, actorType: "system", actorId: null, actorLabel: "system",
        action: "legacy.event", targetType: null, targetId: null, before: null, after: null, metadata: { i }, ip: null, userAgent: null, requestId: null, prevHash: prev,
      };
      const hash = legacyEventHash(fields);
      await tx.auditEvent.create({ data: { ...fields, before: undefined, after: undefined, metadata: { i }, hash } });
      prev = hash;
    }
    // The migration's statement, then the writer carries on with keyed events.
    await tx.$executeRaw`INSERT INTO audit_chain_head (id, keyed_since_seq) SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM audit_events`;
    // Unsigned, that head would let anyone rewrite the log as "legacy" events: it is not trusted...
    const unsealed = await verifyAuditChain({ client: tx });
    assert.equal(!unsealed.ok && unsealed.brokenAt.reason, "head_mismatch");
    // ...until start-up seals it, which the log records.
    assert.equal(await sealAuditChainHead(tx), true);
    assert.equal(await sealAuditChainHead(tx), false, "once");
    assert.deepEqual(await verifyAuditChain({ client: tx }), { ok: true, checked: 4, legacy: 3 });
    const keyedSince = (await tx.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).keyedSinceSeq;
    assert.deepEqual((await tx.auditEvent.findFirstOrThrow({ where: { action: "audit_chain.sealed" } })).metadata, { legacy_events: 3, keyed_since_seq: keyedSince.toString() });
    await appendTestAuditEvent(tx, { action: "after.upgrade", actor });
    await appendTestAuditEvent(tx, { action: "after.upgrade", actor });
    assert.deepEqual(await verifyAuditChain({ client: tx }), { ok: true, checked: 6, legacy: 3 });

    // A keyed event rewritten as a v1 one (recomputable without the key) is caught.
    const keyed = await tx.auditEvent.findFirstOrThrow({ where: { action: "after.upgrade" }, orderBy: { seq: "desc" } });
    await tx.auditEvent.update({ where: { seq: keyed.seq }, data: { actorLabel: "forged", hash: legacyEventHash({ ...keyed, actorLabel: "forged" }) } });
    const result = await verifyAuditChain({ client: tx });
    assert.deepEqual(!result.ok && result.brokenAt, { seq: keyed.seq.toString(), id: keyed.id, reason: "hash_mismatch" });
  });
});

test("deleting the newest events is caught by the signed chain head, and stays caught after the next event", async () => {
  for (let i = 0; i < 3; i++) await appendTestAuditEvent(db, { action: "test.newest", actor, metadata: { i } });
  await inRolledBackTransaction(async (tx) => {
    const newest = await tx.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 2 });
    await tx.auditEvent.deleteMany({ where: { seq: { in: newest.map((e) => e.seq) } } });
    const gone = await verifyAuditChain({ client: tx });
    assert.deepEqual(!gone.ok && gone.brokenAt, { seq: newest[0]!.seq.toString(), id: newest[0]!.id, reason: "newest_events_missing" });

    // The writer links the next event to the event the head names, so the gap stays visible.
    const { id } = await appendTestAuditEvent(tx, { action: "test.after_gap", actor });
    const later = await verifyAuditChain({ client: tx });
    assert.deepEqual(!later.ok && later.brokenAt && { id: later.brokenAt.id, reason: later.brokenAt.reason }, { id, reason: "prev_hash_mismatch" });
  });
  assert.equal((await verifyAuditChain()).ok, true);
});

test("an edited or deleted chain head is reported, and appending does not make it go away", async () => {
  await appendTestAuditEvent(db, { action: "test.head", actor });
  await inRolledBackTransaction(async (tx) => {
    const newest = await tx.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    // Someone "fixes" the head to hide deletions: they cannot sign it.
    await tx.$executeRaw`UPDATE audit_chain_head SET last_hash = ${GENESIS_HASH}`;
    const edited = await verifyAuditChain({ client: tx });
    assert.deepEqual(!edited.ok && edited.brokenAt, { seq: newest.seq.toString(), id: newest.id, reason: "head_mismatch" });
    await appendTestAuditEvent(tx, { action: "test.head", actor });
    assert.equal((await verifyAuditChain({ client: tx })).ok, false, "still reported after another event");

    await tx.$executeRaw`DELETE FROM audit_chain_head`;
    assert.equal((await verifyAuditChain({ client: tx })).ok, false);
    await appendTestAuditEvent(tx, { action: "test.head", actor });
    const deleted = await verifyAuditChain({ client: tx });
    assert.equal(!deleted.ok && deleted.brokenAt.reason, "head_mismatch");
  });
  assert.equal((await verifyAuditChain()).ok, true);
});

test("one chain verification at a time: a second one meanwhile is told one is running", async () => {
  const first = verifyAuditChainExclusive({ batchSize: 100 });
  await assert.rejects(verifyAuditChainExclusive(), { message: VERIFICATION_RUNNING_MESSAGE });
  assert.equal((await first).ok, true);
  assert.equal((await verifyAuditChainExclusive()).ok, true, "free again once the first has finished");
});

test("the stored hash is the keyed one: HMAC-SHA-256 over the previous hash and the canonical event", async () => {
  const { id, hash } = await appendTestAuditEvent(db, { action: "test.format", actor, metadata: { n: 1 } });
  const row = await db.auditEvent.findUniqueOrThrow({ where: { id } });
  assert.equal(row.hash, hash);
  assert.equal(eventHash(row), hash);
  assert.notEqual(legacyEventHash(row), hash);
});
