import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { actorFor, type MutationContext } from "@/lib/mutation";
import { db } from "@/lib/db";
import { DomainError, parseInput } from "@/lib/errors";
import { systemContext, type RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { acceptInvitation as acceptInvitationTyped, describeInvitation, inviteOperator as inviteOperatorTyped, listInvitations, revokeInvitation } from "./invitations";
import { changeOperatorRole, removeOperator, signOutEverywhere } from "./manage";
import { hashPassword } from "./passwords";
import { signInWithPassword } from "./sign-in";

after(() => db.$disconnect());

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

async function operator(role: "owner" | "admin" | "auditor") {
  const row = await db.operator.create({ data: { id: newId("opr"), email: unique(role), role, passwordHash: await hashPassword("a password of length") } });
  const principal: Principal = { kind: "operator", id: row.id, email: row.email, role };
  const ctx: MutationContext = { principal, actor: actorFor(principal), request: systemContext() };
  return { row, principal, ctx };
}

const tokenOf = (url: string) => url.slice(url.indexOf("#") + 1);

test("an owner invites an auditor; the link works once, before it expires, and the token is stored hashed", async () => {
  const owner = await operator("owner");
  const email = unique("invitee");
  const { invitation, url } = await inviteOperator(owner.ctx, { email: email.toUpperCase(), role: "auditor" });
  assert.equal(invitation.email, email);
  assert.equal(invitation.status, "pending");
  assert.match(url, /\/console\/accept-invitation#pinv_[A-Za-z0-9_-]{43}$/);
  const token = tokenOf(url);
  const stored = await db.operatorInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
  assert.notEqual(stored.tokenHash, token);
  const events = await db.auditEvent.findMany({ where: { targetId: invitation.id }, select: { before: true, after: true, metadata: true } });
  assert.ok(events.length === 1 && !JSON.stringify(events).includes(token), "the token is not in the audit log");
  assert.ok(stored.expiresAt.getTime() - Date.now() > 6 * 86_400_000);

  assert.deepEqual((await describeInvitation(token)).role, "auditor");
  await assert.rejects(acceptInvitation({ token, name: "Aud", password: "short" }, systemContext()), /at least 12/);
  const created = await acceptInvitation({ token, name: "Aud Itor", password: "auditor password 1" }, systemContext());
  assert.equal(created.role, "auditor");
  assert.equal(created.email, email);
  assert.equal((await signInWithPassword({ email, password: "auditor password 1" }, systemContext())).id, created.id);

  await assert.rejects(acceptInvitation({ token, name: "Again", password: "auditor password 2" }, systemContext()), /not valid/);
  await assert.rejects(describeInvitation(token), /not valid/);
  assert.equal((await listInvitations(owner.principal)).find((i) => i.id === invitation.id)?.status, "accepted");
});

test("expired, revoked and replaced invitations cannot be accepted", async () => {
  const owner = await operator("owner");
  const email = unique("late");
  const first = await inviteOperator(owner.ctx, { email, role: "admin" });
  const second = await inviteOperator(owner.ctx, { email, role: "admin" });
  await assert.rejects(describeInvitation(tokenOf(first.url)), /not valid/, "a newer invitation replaces the older one");
  await revokeInvitation(owner.ctx, second.invitation.id);
  await assert.rejects(acceptInvitation({ token: tokenOf(second.url), password: "a long password!" }, systemContext()), /not valid/);

  const third = await inviteOperator(owner.ctx, { email, role: "admin" });
  await db.operatorInvitation.update({ where: { id: third.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await assert.rejects(acceptInvitation({ token: tokenOf(third.url), password: "a long password!" }, systemContext()), /not valid/);
  await assert.rejects(describeInvitation("pinv_made-up-token"), /not valid/);
  assert.equal(await db.operator.count({ where: { email } }), 0);
});

test("inviting an existing operator's email is refused on the email field", async () => {
  const owner = await operator("owner");
  const admin = await operator("admin");
  await assert.rejects(inviteOperator(owner.ctx, { email: admin.row.email, role: "auditor" }), (e: DomainError) => e.code === "conflict" && e.field === "email");
});

test("admins and auditors cannot manage operators; nothing changes", async () => {
  const admin = await operator("admin");
  const auditor = await operator("auditor");
  const target = await operator("admin");
  for (const who of [admin, auditor]) {
    await assert.rejects(inviteOperator(who.ctx, { email: unique("x"), role: "owner" }), (e: DomainError) => e.code === "forbidden");
    await assert.rejects(changeOperatorRole(who.ctx, target.row.id, "owner"), (e: DomainError) => e.code === "forbidden");
    await assert.rejects(removeOperator(who.ctx, target.row.id), (e: DomainError) => e.code === "forbidden");
    await assert.rejects(signOutEverywhere(who.ctx, target.row.id), (e: DomainError) => e.code === "forbidden");
  }
  const unchanged = await db.operator.findUniqueOrThrow({ where: { id: target.row.id } });
  assert.equal(unchanged.role, "admin");
  assert.equal(unchanged.sessionVersion, 0);
});

test("the last owner can be neither demoted nor removed, even by concurrent requests", async () => {
  // Leave exactly two owners, then try to demote both at once: one must remain.
  const a = await operator("owner");
  const b = await operator("owner");
  await db.operator.updateMany({ where: { role: "owner", id: { notIn: [a.row.id, b.row.id] } }, data: { role: "admin" } });
  const results = await Promise.allSettled([changeOperatorRole(a.ctx, b.row.id, "admin"), changeOperatorRole(b.ctx, a.row.id, "auditor")]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  assert.equal(await db.operator.count({ where: { role: "owner" } }), 1);
  const lastOwner = await db.operator.findFirstOrThrow({ where: { role: "owner" } });
  const ctx = lastOwner.id === a.row.id ? a.ctx : b.ctx;
  await assert.rejects(removeOperator(ctx, lastOwner.id), /last owner/);
  await assert.rejects(changeOperatorRole(ctx, lastOwner.id, "admin"), /last owner/);
});

test("owners change roles and remove operators, audited; anyone may sign themselves out everywhere", async () => {
  const owner = await operator("owner");
  const auditor = await operator("auditor");
  const changed = await changeOperatorRole(owner.ctx, auditor.row.id, "admin");
  assert.equal(changed.role, "admin");
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.role_changed", targetId: auditor.row.id } });
  assert.equal((event.before as { role: string }).role, "auditor");
  assert.equal((event.after as { role: string }).role, "admin");

  await signOutEverywhere(auditor.ctx, auditor.row.id);
  assert.equal((await db.operator.findUniqueOrThrow({ where: { id: auditor.row.id } })).sessionVersion, 1);
  await signOutEverywhere(owner.ctx, auditor.row.id);
  assert.equal((await db.operator.findUniqueOrThrow({ where: { id: auditor.row.id } })).sessionVersion, 2);

  await removeOperator(owner.ctx, auditor.row.id);
  assert.equal(await db.operator.count({ where: { id: auditor.row.id } }), 0);
  assert.equal(await db.auditEvent.count({ where: { action: "operator.removed", targetId: auditor.row.id } }), 1);
});
import { acceptInvitationSchema, inviteOperatorSchema } from "./schemas";

/** As the invite action calls it: the input parsed with the shared schema (which lower-cases the email) first. */
const inviteOperator = async (ctx: MutationContext, input: unknown) => inviteOperatorTyped(ctx, parseInput(inviteOperatorSchema, input));
/** As the accept-invitation action calls it: the input parsed with the shared schema first. */
const acceptInvitation = async (input: unknown, context: RequestContext) => acceptInvitationTyped(parseInput(acceptInvitationSchema, input), context);
