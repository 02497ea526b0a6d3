import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import { addAllowedOrigin, allowedOrigins, environmentOrigins, listAllowedOrigins, originMatches, removeAllowedOrigin, validateOrigin } from "./origins";
import { eventTargets } from "./events";

after(() => db.$disconnect());

const owner: Principal = { kind: "operator", id: "opr_origins", email: "owner@example.com", role: "owner" };
const ctx: MutationContext = { principal: owner, actor: actorFor(owner), request: { requestId: "req_t", ip: null, userAgent: null } };

function rejects(input: string, pattern: RegExp) {
  assert.throws(() => validateOrigin(input), (err: unknown) => err instanceof DomainError && err.field === "origin" && pattern.test(err.message), input);
}

test("origins are normalized: lower-case host, default port dropped, one trailing slash tolerated", () => {
  assert.equal(validateOrigin("https://App.Example.com/"), "https://app.example.com");
  assert.equal(validateOrigin("https://app.example.com:443"), "https://app.example.com");
  assert.equal(validateOrigin("https://app.example.com:8443"), "https://app.example.com:8443");
  assert.equal(validateOrigin("https://*.Example.com"), "https://*.example.com");
  assert.equal(validateOrigin("http://localhost:3001"), "http://localhost:3001");
  assert.equal(validateOrigin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
});

test("anything but an origin or the documented subdomain wildcard is refused with the reason", () => {
  rejects("", /required/);
  rejects("app.example.com", /https:\/\//);
  rejects("ftp://app.example.com", /https/);
  rejects("javascript://alert(1)", /https/);
  rejects("https://app.example.com/path", /path/);
  rejects("https://app.example.com?x=1", /path, query/);
  rejects("https://app.example.com#x", /path, query/);
  rejects("https://user:pw@app.example.com", /credentials/);
  rejects("http://app.example.com", /plain http/);
  rejects("*", /https/);
  rejects("https://*", /wildcard|valid/);
  rejects("https://*.com", /two labels/);
  rejects("https://app.*.example.com", /first label/);
  rejects("https://*app.example.com", /first label/);
  rejects("http://*.example.com", /https/);
  rejects("https://exa mple.com", /valid|invalid/);
});

test("matching: exact origins and subdomains of a wildcard, never the bare domain or another scheme", () => {
  const allowed = ["https://app.example.com", "https://*.tenant.io", "http://127.0.0.1:4000"];
  assert.ok(originMatches("https://app.example.com", allowed));
  assert.ok(originMatches("https://a.tenant.io", allowed));
  assert.ok(originMatches("https://b.a.tenant.io", allowed));
  assert.ok(originMatches("http://127.0.0.1:4000", allowed));
  assert.ok(!originMatches("https://tenant.io", allowed));
  assert.ok(!originMatches("https://eviltenant.io", allowed));
  assert.ok(!originMatches("http://a.tenant.io", allowed));
  assert.ok(!originMatches("https://a.tenant.io:8443", allowed));
  assert.ok(!originMatches("https://app.example.com.evil.com", allowed));
  assert.ok(!originMatches("http://127.0.0.1:4001", allowed));
  // Events go to the one parent origin when known and allowed; never to a wildcard pattern or "*".
  assert.deepEqual(eventTargets("https://a.tenant.io", allowed), ["https://a.tenant.io"]);
  assert.deepEqual(eventTargets("https://evil.com", allowed), []);
  assert.deepEqual(eventTargets(null, allowed), ["https://app.example.com", "http://127.0.0.1:4000"]);
});

test("PORTAL_ALLOWED_ORIGINS entries are validated; bad ones are skipped", () => {
  assert.deepEqual(environmentOrigins(" https://a.example.com , https://bad.example.com/path,https://*.b.example.com,"), ["https://a.example.com", "https://*.b.example.com"]);
});

test("operators add, list and remove origins; each change is audited and seen by the frame-ancestors cache", async () => {
  const origin = `https://host-${Date.now()}.example.com`;
  await addAllowedOrigin(ctx, `${origin}/`);
  await assert.rejects(addAllowedOrigin(ctx, origin), (e: unknown) => e instanceof DomainError && e.code === "conflict");
  assert.ok((await listAllowedOrigins(owner)).some((o) => o.origin === origin && o.source === "console" && o.created_by === "owner@example.com"));
  assert.ok((await allowedOrigins()).includes(origin));
  await removeAllowedOrigin(ctx, origin);
  assert.ok(!(await allowedOrigins()).includes(origin));
  await assert.rejects(removeAllowedOrigin(ctx, origin), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  const actions = (await db.auditEvent.findMany({ where: { targetId: origin }, orderBy: { seq: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["allowed_origin.added", "allowed_origin.removed"]);
});

test("auditors and portal sessions cannot change allowed origins", async () => {
  const auditor: Principal = { kind: "operator", id: "opr_a", email: "a@example.com", role: "auditor" };
  await assert.rejects(addAllowedOrigin({ ...ctx, principal: auditor, actor: actorFor(auditor) }, "https://x.example.com"), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  const portal: Principal = { kind: "portal", sessionId: "pls_1", linkId: "l", organizationId: "org_1", features: ["api_clients", "session_settings"], actor: null };
  await assert.rejects(addAllowedOrigin({ ...ctx, principal: portal, actor: actorFor(portal) }, "https://x.example.com"), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
});
