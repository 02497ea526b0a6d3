import assert from "node:assert/strict";
import { after, before, mock, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { systemContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { actorFor } from "@/lib/mutation";
import { changeOperatorRole, removeOperator } from "./manage";
import { pruneOperatorState } from "./housekeeping";
import { ensureBootstrapOwner, needsOwnerSetup, setupFirstOwner } from "./owner-setup";
import { hashPassword } from "./passwords";
import { endOperatorSession, newSessionId, refreshOperatorToken } from "./session-token";
import { FAILURES_PER_EMAIL, FAILURES_PER_SOURCE, SIGN_IN_FAILED, SIGN_IN_FAILED_MESSAGE, SIGN_IN_LIMITED_MESSAGE, signInFailures, signInWithPassword } from "./sign-in";
import { newId } from "@/lib/ids";
import { awayFromWindowEdge } from "@/lib/test-support/clock";

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

test("re-creating a removed bootstrap owner or re-promoting a demoted one at start-up is logged as a warning", async () => {
  const warnings: string[] = [];
  const spy = mock.method(log, "warn", (...args: unknown[]) => { warnings.push(String(args.find((a) => typeof a === "string"))); });
  try {
    const email = uniqueEmail("boot-warn");
    // Other operators exist already (earlier tests): a new owner from the environment is worth a warning too.
    assert.equal(await ensureBootstrapOwner(email, "bootstrap password 1"), "created");
    assert.match(warnings.at(-1)!, new RegExp(`${email} had no operator account although the deployment has \\d+ other operator\\(s\\): created it as an owner`));
    const other = await makeOperator("owner");
    const principal: Principal = { kind: "operator", id: other.id, email: other.email, role: "owner" };
    const ctx = { principal, actor: actorFor(principal), request: systemContext() };
    const bootstrapped = await db.operator.findUniqueOrThrow({ where: { email } });

    await changeOperatorRole(ctx, bootstrapped.id, "auditor");
    assert.equal(await ensureBootstrapOwner(email, "bootstrap password 1"), "promoted");
    assert.match(warnings.at(-1)!, new RegExp(`${email} was an operator with the role auditor: promoted back to owner.*Unset BOOTSTRAP_ADMIN_EMAIL`));

    await removeOperator(ctx, bootstrapped.id);
    assert.equal(await ensureBootstrapOwner(email, "bootstrap password 1"), "created");
    assert.match(warnings.at(-1)!, new RegExp(`${email} had been removed from the console: created it again as an owner.*Unset BOOTSTRAP_ADMIN_EMAIL`));
    const recreated = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.created", actorType: "system" }, orderBy: { seq: "desc" } });
    assert.deepEqual(recreated.metadata, { via: "bootstrap", recreated: true });
  } finally {
    spy.mock.restore();
  }
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
  const time = async (email: string, ip: string) => {
    const t = process.hrtime.bigint();
    await signInWithPassword({ email, password: "wrong password here" }, ctx(ip)).catch(() => null);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  await time(uniqueEmail("warm"), "10.3.0.1"); // the dummy hash is made on first use
  // Interleaved pairs and medians: a busy machine slows both sides alike, and one slow run does not decide.
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 7; i++) {
    known.push(await time(op.email, `10.3.1.${i}`));
    unknown.push(await time(uniqueEmail(`x${i}`), `10.3.2.${i}`));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // Both verify one argon2id hash (tens of ms); an early return would be a few ms at most.
  assert.ok(median(unknown) > median(known) * 0.5, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`);
});

test("a parallel burst gets at most the limit's password checks; the rest are refused, and the audit log gets one event per reason plus summaries", async () => {
  const op = await makeOperator("admin");
  const ip = "10.6.0.1";
  const perMinute = FAILURES_PER_SOURCE[0]!.limit;
  await signInFailures().flush({ all: true });
  await awayFromWindowEdge(60_000, 20_000); // the burst, its counters and its summaries in one window
  const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => signInWithPassword({ email: op.email, password: `wrong password ${i}` }, ctx(ip))));
  const messages = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "signed in"));
  assert.equal(messages.filter((m) => m === SIGN_IN_FAILED_MESSAGE).length, perMinute, "exactly the per-minute limit reached the password check");
  assert.equal(messages.filter((m) => m === SIGN_IN_LIMITED_MESSAGE).length, 30 - perMinute);
  await assert.rejects(signInWithPassword({ email: op.email, password: op.password }, ctx(ip)), { message: SIGN_IN_LIMITED_MESSAGE });

  const events = () => db.auditEvent.findMany({ where: { action: SIGN_IN_FAILED, ip }, orderBy: { seq: "asc" } });
  assert.deepEqual((await events()).map((e) => (e.metadata as { reason: string }).reason).sort(), ["invalid_credentials", "source_limited"], "the first of each reason at once");
  await signInFailures().flush({ all: true });
  const summaries = (await events()).slice(2).map((e) => e.metadata as { reason: string; repeated: number; window_start: string; email: string });
  assert.deepEqual(summaries.map((m) => [m.reason, m.repeated]).sort(), [["invalid_credentials", perMinute - 1], ["source_limited", 30 - perMinute]]);
  assert.ok(summaries.every((m) => m.email === op.email && /^\d{4}-.*:00\.000Z$/.test(m.window_start)));
  assert.ok((await events()).every((e) => e.targetId === op.id));
});

test("old sign-in counters and expired session revocations are pruned; other counters are left alone", async () => {
  const now = new Date("2031-03-03T12:00:00Z");
  const old = new Date(now.getTime() - 26 * 3_600_000); // past the longest window (a day) and an hour
  const recent = new Date(now.getTime() - 5 * 60_000);
  const tag = uniqueEmail("prune");
  await db.rateLimitCounter.createMany({
    data: [
      { key: `sign-in:email:${tag}`, windowStart: old, count: 3 },
      { key: `sign-in:email:${tag}`, windowStart: recent, count: 1 },
      { key: `token:client:${tag}`, windowStart: old, count: 9 },
    ],
  });
  const op = await makeOperator("auditor");
  await db.operatorSessionRevocation.createMany({
    data: [
      { sessionId: newSessionId(), operatorId: op.id, expiresAt: new Date(now.getTime() - 1000) },
      { sessionId: newSessionId(), operatorId: op.id, expiresAt: new Date(now.getTime() + 86_400_000) },
    ],
  });
  const pruned = await pruneOperatorState(now);
  assert.ok(pruned.signInCounters >= 1 && pruned.sessionRevocations >= 1);
  assert.deepEqual((await db.rateLimitCounter.findMany({ where: { key: { contains: tag } }, orderBy: { windowStart: "asc" } })).map((r) => [r.key.split(":")[0], r.windowStart.toISOString()]),
    [["token", old.toISOString()], ["sign-in", recent.toISOString()]]);
  assert.equal(await db.operatorSessionRevocation.count({ where: { operatorId: op.id } }), 1);
});

test("one attacker guessing the owner's password cannot lock the owner out: only its own address is slowed down", async () => {
  const op = await makeOperator("owner");
  const attacker = ctx("203.0.113.66");
  const start = new Date("2031-04-04T10:00:00Z").getTime();
  const at = (sec: number) => new Date(start + sec * 1000);
  await signInFailures().flush({ all: true });
  // Far more attempts than the old per-email limit of 10, in bursts over ten minutes, from one address.
  for (let burst = 0; burst < 10; burst++) {
    await Promise.allSettled(Array.from({ length: 20 }, (_, i) => signInWithPassword({ email: op.email, password: `guess ${burst}-${i}` }, attacker, at(burst * 60))));
  }
  await assert.rejects(signInWithPassword({ email: op.email, password: op.password }, attacker, at(600)), { message: SIGN_IN_LIMITED_MESSAGE }, "the attacker's address stays refused, right password or not");
  // The owner, from their own address, signs in at once.
  assert.equal((await signInWithPassword({ email: op.email, password: op.password }, ctx("198.51.100.20"), at(601))).id, op.id);
  await signInFailures().flush({ all: true });
  const reasons = new Set((await db.auditEvent.findMany({ where: { action: SIGN_IN_FAILED, targetId: op.id, ip: "203.0.113.66" } })).map((e) => (e.metadata as { reason: string }).reason));
  assert.deepEqual([...reasons].sort(), ["invalid_credentials", "source_limited"], "the throttling is audited");
});

test("waits grow: 5 failures a minute, 10 a quarter hour, 30 a day for one email from one address", async () => {
  const op = await makeOperator("admin");
  const from = ctx("203.0.113.77");
  const day = new Date("2031-05-05T00:00:00Z").getTime(); // a fixed day, so the windows are known
  const at = (min: number) => new Date(day + min * 60_000 + 1_000);
  const attempt = (min: number) => signInWithPassword({ email: op.email, password: "wrong password" }, from, at(min)).then(() => "ok", (e: Error) => e.message);
  for (let i = 0; i < 5; i++) assert.equal(await attempt(0), SIGN_IN_FAILED_MESSAGE);
  assert.equal(await attempt(0), SIGN_IN_LIMITED_MESSAGE, "6th in the first minute: wait for the next minute");
  for (let i = 0; i < 4; i++) assert.equal(await attempt(1), SIGN_IN_FAILED_MESSAGE, "the next minute allows more");
  // 10 attempts in this quarter hour (9 checked, 1 refused: refused attempts count too).
  assert.equal(await attempt(2), SIGN_IN_LIMITED_MESSAGE, "then wait for the next quarter hour");
  let attempts = 11;
  // Later quarter hours: 5 a minute go through, until the day's 30 attempts are used up.
  for (let quarter = 1; attempts < 30; quarter++) {
    for (let i = 0; i < 5 && attempts < 30; i++, attempts++) assert.equal(await attempt(quarter * 15), SIGN_IN_FAILED_MESSAGE, `attempt ${attempts + 1}`);
  }
  assert.equal(await attempt(23 * 60), SIGN_IN_LIMITED_MESSAGE, "30 in a day: wait for the next day");
  assert.equal(await attempt(24 * 60 + 1), SIGN_IN_FAILED_MESSAGE, "a new day starts afresh");
});

test("a distributed attack meets the email's ceiling across addresses; that refusal is audited as email_limited", async () => {
  const op = await makeOperator("owner");
  const now = new Date("2031-06-06T00:05:00Z");
  // 100 failures from 20 addresses, 5 each (each within its own per-minute limit).
  for (let a = 0; a < FAILURES_PER_EMAIL.limit / 5; a++) {
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => signInWithPassword({ email: op.email, password: `guess ${a}-${i}` }, ctx(`10.9.${a}.1`), now)));
    assert.ok(results.every((r) => r.status === "rejected" && (r.reason as Error).message === SIGN_IN_FAILED_MESSAGE));
  }
  await assert.rejects(signInWithPassword({ email: op.email, password: op.password }, ctx("10.9.200.1"), now), { message: SIGN_IN_LIMITED_MESSAGE });
  await signInFailures().flush({ all: true });
  const limited = await db.auditEvent.findFirstOrThrow({ where: { action: SIGN_IN_FAILED, targetId: op.id, ip: "10.9.200.1" } });
  assert.equal((limited.metadata as { reason: string }).reason, "email_limited");
  // Another operator is unaffected.
  const other = await makeOperator("admin");
  assert.equal((await signInWithPassword({ email: other.email, password: other.password }, ctx("10.9.201.1"), now)).id, other.id);
});

test("sessions end at the absolute and idle timeouts, on sign-out everywhere and when the operator is removed", async () => {
  const op = await makeOperator("auditor");
  const policy = { absoluteTimeoutSec: 3600, idleTimeoutSec: 600 };
  const now = 1_900_000_000;
  const token = { sub: op.id, email: op.email, role: "auditor" as const, sv: 0, sid: newSessionId(), auth_time: now - 100, last_seen: now - 100 };
  const fresh = await refreshOperatorToken(token, policy, now);
  assert.equal(fresh.last_seen, now);
  assert.equal(fresh.role, "auditor");
  assert.equal(fresh.sid, token.sid);

  await assert.rejects(refreshOperatorToken({ ...token, auth_time: now - 3601, last_seen: now - 10 }, policy, now), /absolute/);
  await assert.rejects(refreshOperatorToken({ ...token, last_seen: now - 601 }, policy, now), /idle/);
  await assert.rejects(refreshOperatorToken({ sub: op.id }, policy, now), /malformed/);
  const { sid: _sid, ...withoutSid } = token;
  await assert.rejects(refreshOperatorToken(withoutSid, policy, now), /malformed/, "sessions from before session ids end once");

  await db.operator.update({ where: { id: op.id }, data: { role: "admin" } });
  assert.equal((await refreshOperatorToken(token, policy, now)).role, "admin", "a role change applies to existing sessions");

  await db.operator.update({ where: { id: op.id }, data: { sessionVersion: { increment: 1 } } });
  await assert.rejects(refreshOperatorToken(token, policy, now), /signed out everywhere/);

  await db.operator.delete({ where: { id: op.id } });
  await assert.rejects(refreshOperatorToken({ ...token, sv: 1 }, policy, now), /removed/);
});

test("signing out ends that one session on the server: a copy of its token stops working, other sessions go on", async () => {
  const op = await makeOperator("admin");
  const policy = { absoluteTimeoutSec: 3600, idleTimeoutSec: 600 };
  const now = Math.floor(Date.now() / 1000);
  const laptop = { sub: op.id, email: op.email, role: "admin" as const, sv: 0, sid: newSessionId(), auth_time: now - 50, last_seen: now - 10 };
  const phone = { ...laptop, sid: newSessionId() };
  await refreshOperatorToken(laptop, policy, now);

  assert.equal(await endOperatorSession(laptop, ctx("10.7.0.1")), true);
  await assert.rejects(refreshOperatorToken(laptop, policy, now), /signed out/);
  assert.equal((await refreshOperatorToken(phone, policy, now)).sid, phone.sid, "another session of the same operator is not affected");
  assert.equal(await endOperatorSession(laptop, ctx("10.7.0.1")), false, "signing out twice records it once");
  const events = await db.auditEvent.findMany({ where: { action: "operator.signed_out", targetId: op.id } });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.ip, "10.7.0.1");
  const revocation = await db.operatorSessionRevocation.findUniqueOrThrow({ where: { sessionId: laptop.sid } });
  assert.ok(revocation.expiresAt.getTime() >= (laptop.auth_time + 30 * 86_400) * 1000, "kept as long as any session could last");
});
