import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { systemContext } from "@/lib/http/request-context";
import { ensureBootstrapOwner, needsOwnerSetup, setupFirstOwner } from "./owner-setup";
import { hashPassword } from "./passwords";
import { refreshOperatorToken } from "./session-token";
import { FAILURES_PER_EMAIL, SIGN_IN_FAILED_MESSAGE, SIGN_IN_LIMITED_MESSAGE, signInWithPassword } from "./sign-in";
import { newId } from "@/lib/ids";

after(() => db.$disconnect());

const ctx = (ip: string) => ({ ...systemContext(), ip, userAgent: "operators.test" });
const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

async function makeOperator(role: "owner" | "admin" | "auditor", password = "correct horse battery") {
  const email = uniqueEmail(role);
  const op = await db.operator.create({ data: { id: newId("opr"), email, role, passwordHash: await hashPassword(password) } });
  return { ...op, password };
}

// Owner set-up needs an empty operators table; the files of this suite run one at a time, so start clean.
before(async () => {
  await db.operatorInvitation.deleteMany({});
  await db.operator.deleteMany({});
});

test("first-visit set-up creates exactly one owner even when two requests race", async () => {
  assert.equal(await needsOwnerSetup(), true);
  const attempts = await Promise.allSettled([
    setupFirstOwner({ name: "Ada", email: "Ada@Example.test", password: "first owner password" }, ctx("10.0.0.1")),
    setupFirstOwner({ name: "Eve", email: "eve@example.test", password: "second owner password" }, ctx("10.0.0.2")),
  ]);
  const created = attempts.filter((a) => a.status === "fulfilled");
  const refused = attempts.filter((a) => a.status === "rejected");
  assert.equal(created.length, 1);
  assert.equal(refused.length, 1);
  const reason = (refused[0] as PromiseRejectedResult).reason;
  assert.ok(reason instanceof DomainError && reason.code === "conflict", String(reason));
  assert.equal(await db.operator.count(), 1);
  const owner = await db.operator.findFirstOrThrow();
  assert.equal(owner.role, "owner");
  assert.match(owner.passwordHash, /^\$argon2id\$/);
  assert.equal(await needsOwnerSetup(), false);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.created", targetId: owner.id } });
  assert.ok(!JSON.stringify(audit.after).includes("argon2"), "the password hash is not in the audit log");

  await assert.rejects(setupFirstOwner({ name: "", email: "late@example.test", password: "a late password!!" }, ctx("10.0.0.3")), /already has an owner/);
});

test("the bootstrap owner is created once, and an existing operator with that email is promoted", async () => {
  const email = uniqueEmail("boot");
  assert.equal(await ensureBootstrapOwner(email, "bootstrap password 1"), "created");
  assert.equal(await ensureBootstrapOwner(email, "bootstrap password 1"), "unchanged");
  const admin = await makeOperator("admin");
  assert.equal(await ensureBootstrapOwner(admin.email, "ignored password!"), "promoted");
  const promoted = await db.operator.findUniqueOrThrow({ where: { id: admin.id } });
  assert.equal(promoted.role, "owner");
  assert.equal(promoted.passwordHash, admin.passwordHash, "an existing password is left alone");
  await assert.rejects(ensureBootstrapOwner("not-an-email", "bootstrap password 1"));
});

test("sign-in succeeds with the right password, is audited and records the time", async () => {
  const op = await makeOperator("admin");
  const view = await signInWithPassword({ email: op.email.toUpperCase(), password: op.password }, ctx("10.1.0.1"));
  assert.equal(view.id, op.id);
  assert.ok(!("passwordHash" in view));
  const row = await db.operator.findUniqueOrThrow({ where: { id: op.id } });
  assert.ok(row.lastSignInAt);
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.signed_in", actorId: op.id } });
  assert.equal(event.ip, "10.1.0.1");
});

test("a wrong password and an unknown email fail with the same message, and both are audited", async () => {
  const op = await makeOperator("admin");
  const wrong = await signInWithPassword({ email: op.email, password: "not the password" }, ctx("10.2.0.1")).catch((e: unknown) => e);
  const unknownEmail = uniqueEmail("nobody");
  const unknown = await signInWithPassword({ email: unknownEmail, password: "whatever it is" }, ctx("10.2.0.1")).catch((e: unknown) => e);
  assert.ok(wrong instanceof DomainError && unknown instanceof DomainError);
  assert.equal(wrong.message, SIGN_IN_FAILED_MESSAGE);
  assert.equal(unknown.message, SIGN_IN_FAILED_MESSAGE);
  assert.equal(wrong.code, unknown.code);
  const failures = await db.auditEvent.findMany({ where: { action: "operator.sign_in_failed", ip: "10.2.0.1" } });
  assert.equal(failures.length, 2);
  assert.ok(failures.every((f) => !JSON.stringify({ ...f, seq: String(f.seq) }).includes("not the password")), "attempted passwords are never logged");
});

test("an unknown email costs the same argon2 work as a known one", async () => {
  const op = await makeOperator("admin");
  const time = async (email: string) => {
    const t = process.hrtime.bigint();
    await signInWithPassword({ email, password: "wrong password here" }, ctx("10.3.0.1")).catch(() => null);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  await time(uniqueEmail("warm")); // the dummy hash is made on first use
  const known = Math.min(await time(op.email), await time(op.email));
  const unknown = Math.min(await time(uniqueEmail("x")), await time(uniqueEmail("y")));
  // Both verify one argon2id hash (tens of ms); an early return would be ~1 ms.
  assert.ok(unknown > known * 0.5, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`);
});

test("after too many failures for one email, even the right password is refused for a while", async () => {
  const op = await makeOperator("owner");
  for (let i = 0; i < FAILURES_PER_EMAIL.limit; i++) {
    await assert.rejects(signInWithPassword({ email: op.email, password: `wrong ${i} password` }, ctx(`10.4.0.${i}`)), { message: SIGN_IN_FAILED_MESSAGE });
  }
  await assert.rejects(signInWithPassword({ email: op.email, password: op.password }, ctx("10.4.1.1")), { message: SIGN_IN_LIMITED_MESSAGE });
  const limited = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.sign_in_failed", targetId: op.id, ip: "10.4.1.1" } });
  assert.equal((limited.metadata as { reason: string }).reason, "rate_limited");
  // Another operator from another address is unaffected.
  const other = await makeOperator("admin");
  assert.equal((await signInWithPassword({ email: other.email, password: other.password }, ctx("10.4.2.1"))).id, other.id);
});

test("sessions end at the absolute and idle timeouts, on sign-out everywhere and when the operator is removed", async () => {
  const op = await makeOperator("auditor");
  const policy = { absoluteTimeoutSec: 3600, idleTimeoutSec: 600 };
  const now = 1_900_000_000;
  const token = { sub: op.id, email: op.email, role: "auditor" as const, sv: 0, auth_time: now - 100, last_seen: now - 100 };
  const fresh = await refreshOperatorToken(token, policy, now);
  assert.equal(fresh.last_seen, now);
  assert.equal(fresh.role, "auditor");

  await assert.rejects(refreshOperatorToken({ ...token, auth_time: now - 3601, last_seen: now - 10 }, policy, now), /absolute/);
  await assert.rejects(refreshOperatorToken({ ...token, last_seen: now - 601 }, policy, now), /idle/);
  await assert.rejects(refreshOperatorToken({ sub: op.id }, policy, now), /malformed/);

  await db.operator.update({ where: { id: op.id }, data: { role: "admin" } });
  assert.equal((await refreshOperatorToken(token, policy, now)).role, "admin", "a role change applies to existing sessions");

  await db.operator.update({ where: { id: op.id }, data: { sessionVersion: { increment: 1 } } });
  await assert.rejects(refreshOperatorToken(token, policy, now), /signed out everywhere/);

  await db.operator.delete({ where: { id: op.id } });
  await assert.rejects(refreshOperatorToken({ ...token, sv: 1 }, policy, now), /removed/);
});
