import assert from "node:assert/strict";
import { viaSchema } from "@/lib/test-support/fixtures";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import { updateOrganizationSessionSettings } from "@/lib/session-settings";
import { createPortalLink as createPortalLinkTyped, listShareableLinks, openPortalLink, revokePortalLink } from "./links";
import { csrfTokenFor, resolvePortalSession, verifyCsrfToken } from "./sessions";
import { assertPortalMutation } from "./csrf";
import { flushLinkOpenFailures, PORTAL_LINK_OPEN_FAILED } from "./link-failures";
import { awayFromWindowEdge } from "@/lib/test-support/clock";

after(() => db.$disconnect());

const request = { requestId: "req_links", ip: "203.0.113.9", userAgent: "test" };
const host: Principal = { kind: "management_client", clientId: "skc_host", name: "Host app", scopes: ["portal_links:write", "organizations:read"], organizations: "any" };
const hostCtx: MutationContext = { principal: host, actor: actorFor(host), request };
const owner: Principal = { kind: "operator", id: "opr_links", email: "owner@example.com", role: "owner" };
const ownerCtx: MutationContext = { principal: owner, actor: actorFor(owner), request };

async function org(features = ["api_clients", "session_settings", "activity"]) {
  const id = newId("org");
  await db.organization.create({ data: { id, displayName: `Org ${id}`, features } });
  return id;
}
const tokenOf = (location: string) => location.split("/portal/l/")[1]!;
const invalidField = (field: string) => (e: unknown) => e instanceof DomainError && e.code === "invalid" && e.field === field;

test("an embedded link is random, stored hashed, opens once within a minute and starts a session", async () => {
  const orgId = await org();
  const link = await createPortalLink(hostCtx, orgId, { actor: { id: "usr_1", email: "admin@acme.test", name: "Ada" } });
  assert.equal(link.kind, "embedded");
  assert.match(link.id, /^[0-9a-f-]{36}_p$/);
  assert.match(link.location, /\/portal\/l\/ptl_[A-Za-z0-9_-]{43}$/);
  const expiresIn = Date.parse(link.expire_time) - Date.now();
  assert.ok(expiresIn > 55_000 && expiresIn <= 60_000, `expires in ${expiresIn} ms`);
  const row = await db.portalLink.findUniqueOrThrow({ where: { id: link.id } });
  assert.ok(!JSON.stringify(row).includes(tokenOf(link.location)), "the token is not stored");
  assert.deepEqual(row.features, ["api_clients", "session_settings", "activity"]);

  const opened = await openPortalLink(tokenOf(link.location), request);
  assert.ok(opened.ok);
  const session = await resolvePortalSession(opened.session.token);
  assert.equal(session?.organizationId, orgId);
  assert.deepEqual(session?.actor, { id: "usr_1", email: "admin@acme.test", name: "Ada" });
  assert.deepEqual(await openPortalLink(tokenOf(link.location), request), { ok: false, reason: "used" });

  const used = await db.auditEvent.findFirstOrThrow({ where: { action: "portal_link.used", targetId: link.id } });
  assert.equal(used.actorType, "portal_user");
  assert.equal(used.actorId, "usr_1");
  assert.equal(used.actorLabel, "admin@acme.test");
});

test("two simultaneous opens of one embedded link: exactly one wins", async () => {
  const orgId = await org();
  const link = await createPortalLink(hostCtx, orgId, {});
  const results = await Promise.all([openPortalLink(tokenOf(link.location)), openPortalLink(tokenOf(link.location)), openPortalLink(tokenOf(link.location))]);
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.equal(await db.portalSession.count({ where: { linkId: link.id } }), 1);
});

test("an embedded link not opened within a minute is expired; unknown tokens are invalid", async () => {
  const orgId = await org();
  const link = await createPortalLink(hostCtx, orgId, {});
  assert.deepEqual(await openPortalLink(tokenOf(link.location), null, new Date(Date.now() + 61_000)), { ok: false, reason: "expired" });
  assert.deepEqual(await openPortalLink("ptl_notarealtoken"), { ok: false, reason: "invalid" });
  assert.deepEqual(await openPortalLink("garbage"), { ok: false, reason: "invalid" });
});

test("shareable links last 7 days, open repeatedly, are listed with their creator and last use, and revoking ends their sessions", async () => {
  const orgId = await org();
  const link = await createPortalLink(ownerCtx, orgId, { kind: "shareable", features: ["api_clients"] });
  assert.ok(Math.abs(Date.parse(link.expire_time) - (Date.now() + 7 * 86400_000)) < 5_000);
  const a = await openPortalLink(tokenOf(link.location));
  const b = await openPortalLink(tokenOf(link.location));
  assert.ok(a.ok && b.ok);
  assert.deepEqual(a.session.features, ["api_clients"]);
  const [listed, ...rest] = await listShareableLinks(owner, orgId);
  assert.equal(rest.length, 0);
  assert.equal(listed!.id, link.id);
  assert.deepEqual(listed!.created_by, { type: "operator", id: "opr_links", label: "owner@example.com" });
  assert.ok(listed!.last_used_time);
  assert.equal(listed!.status, "active");

  await revokePortalLink(hostCtx, orgId, link.id);
  assert.deepEqual(await openPortalLink(tokenOf(link.location)), { ok: false, reason: "revoked" });
  assert.equal(await resolvePortalSession(a.session.token), null, "sessions opened through a revoked link end");
  assert.deepEqual(await listShareableLinks(owner, orgId), []);
  assert.equal(await db.auditEvent.count({ where: { action: "portal_link.revoked", targetId: link.id } }), 1);
});

test("a link carries only features the organization has; bad input names the field", async () => {
  const orgId = await org(["api_clients"]);
  await assert.rejects(createPortalLink(hostCtx, orgId, { features: ["api_clients", "activity"] }), invalidField("features"));
  await assert.rejects(createPortalLink(hostCtx, orgId, { features: ["nope"] }), invalidField("features.0"));
  await assert.rejects(createPortalLink(hostCtx, orgId, { kind: "forever" }), invalidField("kind"));
  await assert.rejects(createPortalLink(hostCtx, orgId, { actor: { email: "not-an-email" } }), invalidField("actor.email"));
  await assert.rejects(createPortalLink(hostCtx, orgId, { extra: 1 }), (e: unknown) => e instanceof DomainError && e.code === "invalid");
  await assert.rejects(createPortalLink(hostCtx, "org_missing", {}), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  const link = await createPortalLink(hostCtx, orgId, {});
  const opened = await openPortalLink(tokenOf(link.location));
  assert.ok(opened.ok);
  assert.deepEqual(opened.session.features, ["api_clients"]);
});

test("a portal session cannot see or manage another organization's links, and a client limited to one organization cannot either", async () => {
  const a = await org();
  const b = await org();
  const shared = await createPortalLink(hostCtx, b, { kind: "shareable" });
  const portal: Principal = { kind: "portal", sessionId: "pls_x", linkId: "l", organizationId: a, features: ["api_clients", "session_settings", "activity"], actor: null };
  await assert.rejects(listShareableLinks(portal, b), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  await assert.rejects(revokePortalLink({ ...hostCtx, principal: portal, actor: actorFor(portal) }, b, shared.id), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  await assert.rejects(createPortalLink({ ...hostCtx, principal: portal, actor: actorFor(portal) }, a, {}), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  const limited: Principal = { ...host, organizations: [a] } as Principal;
  await assert.rejects(createPortalLink({ ...hostCtx, principal: limited, actor: actorFor(limited) }, b, {}), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  await assert.rejects(revokePortalLink(hostCtx, a, shared.id), (e: unknown) => e instanceof DomainError && e.code === "not_found", "a link id under the wrong organization is not found");
});

test("sessions follow the organization's session settings, capped at 6 hours, and end when idle or expired", async () => {
  const orgId = await org();
  const defaults = await createPortalLink(hostCtx, orgId, {});
  const d = await openPortalLink(tokenOf(defaults.location));
  assert.ok(d.ok);
  const lifetime = (d.session.expiresAt.getTime() - Date.now()) / 1000;
  assert.ok(lifetime <= 6 * 3600 && lifetime > 6 * 3600 - 10, `lifetime ${lifetime}`);

  await updateOrganizationSessionSettings(ownerCtx, orgId, { absolute_timeout_sec: 900, idle_timeout_sec: 120 });
  const link = await createPortalLink(hostCtx, orgId, {});
  const opened = await openPortalLink(tokenOf(link.location));
  assert.ok(opened.ok);
  assert.equal(opened.session.idleTimeoutSec, 120);
  const token = opened.session.token;
  const t0 = Date.now();
  assert.ok(await resolvePortalSession(token, { now: new Date(t0 + 100_000) }), "active within the idle timeout");
  assert.ok(await resolvePortalSession(token, { now: new Date(t0 + 200_000) }), "activity at 100 s moved the idle deadline");
  assert.equal(await resolvePortalSession(token, { now: new Date(t0 + 200_000 + 121_000), touch: false }), null, "idle too long");
  assert.equal(await resolvePortalSession(token, { now: new Date(t0 + 901_000) }), null, "past the absolute lifetime");
  assert.equal(await resolvePortalSession("pst_unknown"), null);
  assert.equal(await resolvePortalSession(undefined), null);
});

test("CSRF: portal mutations need Portico's origin and the session's token", async () => {
  const token = csrfTokenFor("pls_1");
  assert.ok(verifyCsrfToken("pls_1", token));
  assert.ok(!verifyCsrfToken("pls_2", token));
  assert.ok(!verifyCsrfToken("pls_1", null));
  const origin = new URL(process.env.PUBLIC_URL ?? "http://localhost:3000").origin;
  const ok = new Headers({ origin, "sec-fetch-site": "same-origin", "x-portico-csrf": token, host: new URL(origin).host });
  assert.doesNotThrow(() => assertPortalMutation(ok, "pls_1"));
  const forbidden = (h: Headers) => assert.throws(() => assertPortalMutation(h, "pls_1"), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  forbidden(new Headers({ origin: "https://evil.example", "x-portico-csrf": token }));
  forbidden(new Headers({ "x-portico-csrf": token }));
  forbidden(new Headers({ origin, "sec-fetch-site": "cross-site", "x-portico-csrf": token }));
  forbidden(new Headers({ origin, "sec-fetch-site": "same-origin" }));
  forbidden(new Headers({ origin, "sec-fetch-site": "same-origin", "x-portico-csrf": csrfTokenFor("pls_2") }));
});

test("failed opens of a stored link are audited with the reason, IP and user agent; repeats are summarized; unknown tokens are not audited", async () => {
  const orgId = await org();
  const embedded = await createPortalLink(hostCtx, orgId, {});
  assert.ok((await openPortalLink(tokenOf(embedded.location), request)).ok);
  const shared = await createPortalLink(hostCtx, orgId, { kind: "shareable" });
  await revokePortalLink(hostCtx, orgId, shared.id);
  const stale = await createPortalLink(hostCtx, orgId, {});

  const loop = { ...request, ip: "198.51.100.7", userAgent: "loop/2.0" };
  await awayFromWindowEdge(); // the repeats and their first event in one minute
  for (let i = 0; i < 5; i++) assert.deepEqual(await openPortalLink(tokenOf(embedded.location), loop), { ok: false, reason: "used" });
  assert.deepEqual(await openPortalLink(tokenOf(shared.location), loop), { ok: false, reason: "revoked" });
  assert.deepEqual(await openPortalLink(tokenOf(stale.location), loop, new Date(Date.now() + 61_000)), { ok: false, reason: "expired" });
  assert.deepEqual(await openPortalLink(`ptl_${"x".repeat(43)}`, loop), { ok: false, reason: "invalid" });
  await flushLinkOpenFailures();

  const failed = await db.auditEvent.findMany({ where: { organizationId: orgId, action: PORTAL_LINK_OPEN_FAILED }, orderBy: { seq: "asc" } });
  // Each failure is recorded on its own (fire-and-forget from the page), so their order is not the opens' order.
  const byReason = (rows: [string | null, string][]) => [...rows].sort((a, b) => a[1].localeCompare(b[1]));
  assert.deepEqual(byReason(failed.map((e) => [e.targetId, (e.metadata as { reason: string }).reason])), byReason([[embedded.id, "used"], [shared.id, "revoked"], [stale.id, "expired"]]));
  for (const e of failed) {
    assert.equal(e.actorType, "anonymous");
    assert.equal(e.ip, "198.51.100.7");
    assert.equal(e.userAgent, "loop/2.0");
  }
  assert.deepEqual(failed.find((e) => e.targetId === embedded.id)!.metadata, { link_id: embedded.id, kind: "embedded", reason: "used" });
  assert.equal(await db.auditEvent.count({ where: { action: PORTAL_LINK_OPEN_FAILED, organizationId: null, ip: "198.51.100.7" } }), 0, "a token matching no link writes nothing");

  // At shutdown (or once the minute is over) the 4 repeats of the used link become one summary event.
  await flushLinkOpenFailures({ all: true });
  const summary = await db.auditEvent.findMany({ where: { organizationId: orgId, action: PORTAL_LINK_OPEN_FAILED, targetId: embedded.id }, orderBy: { seq: "asc" } });
  assert.equal(summary.length, 2);
  assert.equal((summary[1]!.metadata as { repeated: number }).repeated, 4);
});
import { createPortalLinkSchema } from "./schemas";

const createPortalLink = viaSchema(createPortalLinkSchema, createPortalLinkTyped);
