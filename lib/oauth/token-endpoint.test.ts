import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { publishedJwks } from "@/lib/keys/jwks";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { closeTokenPool } from "./pg";
import type { OAuthHttpRequest } from "./request";
import { stopTokenService, tokenService } from "./runtime";
import { createTestClient, createTestOrganization, type TestClient } from "./test-fixtures";
import { tokenEndpoint } from "./token-endpoint";
import { introspectionEndpoint, revocationEndpoint } from "./introspection";
import { TokenVerificationError, verifyPorticoAccessToken } from "./verify";

before(async () => {
  await ensureSigningKeys();
});
after(async () => {
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

let ipCounter = 0;
function form(params: Record<string, string>, { auth, ip }: { auth?: string; ip?: string } = {}): OAuthHttpRequest {
  return {
    method: "POST",
    contentType: "application/x-www-form-urlencoded",
    authorization: auth ?? null,
    body: new URLSearchParams(params).toString(),
    context: { requestId: "req_test", ip: ip ?? `10.0.0.${++ipCounter % 250}`, userAgent: "node-test" },
  };
}
const basic = (c: TestClient) => `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.secret)}`).toString("base64")}`;
const post = (c: TestClient, extra: Record<string, string> = {}) => form({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret, ...extra });

async function token(req: OAuthHttpRequest) {
  const res = await tokenEndpoint(req);
  return { ...res, json: JSON.parse(res.body) as Record<string, unknown> };
}

async function claimsOf(accessToken: string) {
  const jwks = createLocalJWKSet(await publishedJwks());
  const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, { issuer: publicUrl(), typ: "at+jwt" });
  return { payload, protectedHeader };
}

test("a service principal gets a signed at+jwt with Portico's claims (client_secret_post)", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org, customClaims: [{ key: "environment", value: "prod" }] });
  const res = await token(post(c));
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers["Cache-Control"], "no-store");
  assert.equal(res.headers.Pragma, "no-cache");
  assert.deepEqual(Object.keys(res.json).sort(), ["access_token", "expires_in", "scope", "token_type"]);
  assert.equal(res.json.token_type, "Bearer");
  assert.equal(res.json.expires_in, 3600);
  assert.equal(res.json.scope, "invoices:read invoices:write");
  const { payload, protectedHeader } = await claimsOf(res.json.access_token as string);
  assert.equal(protectedHeader.typ, "at+jwt");
  assert.match(protectedHeader.kid!, /^snk_/);
  assert.equal(protectedHeader.alg, (await publishedJwks()).keys.find((k) => k.kid === protectedHeader.kid)?.alg);
  assert.equal(payload.sub, c.clientId);
  assert.equal(payload.client_id, c.clientId);
  assert.equal(payload.aud, "https://api.example.com");
  assert.equal(payload.oid, org);
  assert.equal(payload.org_id, org);
  assert.deepEqual(payload.scopes, ["invoices:read", "invoices:write"]);
  assert.equal(payload.scope, "invoices:read invoices:write");
  assert.deepEqual(payload.custom_claims, { environment: "prod" });
  assert.equal(payload.gty, "client-credentials");
  assert.match(payload.jti!, /^tkn_/);
  assert.equal(payload.exp! - payload.iat!, 3600);
  assert.equal(payload.nbf, payload.iat);
});

test("client_secret_basic works, JSON bodies work, and both authentication methods at once are refused", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const viaBasic = await token(form({ grant_type: "client_credentials" }, { auth: basic(c) }));
  assert.equal(viaBasic.status, 200, viaBasic.body);

  const viaJson = await token({ ...post(c), contentType: "application/json", body: JSON.stringify({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret }) });
  assert.equal(viaJson.status, 200, viaJson.body);

  const both = await token(form({ grant_type: "client_credentials", client_secret: c.secret }, { auth: basic(c) }));
  assert.equal(both.status, 400);
  assert.equal(both.json.error, "invalid_request");
  assert.match(String(both.json.error_description), /one client authentication method/);
});

test("bad credentials get invalid_client 401 with WWW-Authenticate, whatever the reason", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const cases: [string, OAuthHttpRequest][] = [
    ["wrong secret", post({ ...c, secret: `${c.secret}x` })],
    ["unknown client", post({ ...c, clientId: "m2morg_1" })],
    ["no credentials", form({ grant_type: "client_credentials" })],
    ["malformed Basic", form({ grant_type: "client_credentials" }, { auth: "Basic !!!" })],
  ];
  for (const [name, req] of cases) {
    const res = await token(req);
    assert.equal(res.status, 401, name);
    assert.equal(res.json.error, "invalid_client", name);
    assert.match(res.headers["WWW-Authenticate"] ?? "", /^Basic realm="portico"/, name);
  }
});

test("revoked and expired secrets, disabled principals and deleted organizations fail at once", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  assert.equal((await token(post(c))).status, 200);

  await db.clientSecret.update({ where: { id: c.secretId }, data: { status: "INACTIVE" } });
  assert.equal((await token(post(c))).json.error, "invalid_client", "revoked secret");
  await db.clientSecret.update({ where: { id: c.secretId }, data: { status: "ACTIVE", expiresAt: new Date(Date.now() - 1000) } });
  assert.equal((await token(post(c))).json.error, "invalid_client", "expired secret");
  await db.clientSecret.update({ where: { id: c.secretId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
  assert.equal((await token(post(c))).status, 200, "secret expiring later still works");

  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } });
  assert.equal((await token(post(c))).json.error, "invalid_client", "disabled principal");
  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "active" } });
  assert.equal((await token(post(c))).status, 200, "re-enabled");

  // Deleting the organization deletes its principals with it (foreign key cascade).
  await db.organization.delete({ where: { id: org } });
  assert.equal((await token(post(c))).json.error, "invalid_client", "deleted organization");
});

test("an environment client's tokens for an organization die with that organization", async () => {
  const org = await createTestOrganization();
  const env = await createTestClient({ organizationId: null, organizationUsage: "allow", allowedOrganizationIds: [org] });
  const minted = await token(post(env, { organization: org }));
  assert.equal(minted.status, 200, minted.body);
  const accessToken = minted.json.access_token as string;
  const introspect = async () => JSON.parse((await introspectionEndpoint(form({ client_id: env.clientId, client_secret: env.secret, token: accessToken }))).body);
  assert.equal((await introspect()).active, true);
  assert.equal((await introspect()).oid, org);

  await db.organization.delete({ where: { id: org } });
  assert.deepEqual(await introspect(), { active: false });
  await assert.rejects(verifyPorticoAccessToken(accessToken), (err: unknown) => err instanceof TokenVerificationError && err.reason === "organization_deleted");
  const again = await token(post(env, { organization: org }));
  assert.equal(again.status, 400);
  assert.match(String(again.json.error_description), new RegExp(`${org} does not exist`));
});

test("scope narrows to a held subset; anything else is invalid_scope", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const narrowed = await token(post(c, { scope: "invoices:read" }));
  assert.equal(narrowed.json.scope, "invoices:read");
  assert.deepEqual((await claimsOf(narrowed.json.access_token as string)).payload.scopes, ["invoices:read"]);
  const bad = await token(post(c, { scope: "invoices:read admin:all" }));
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error, "invalid_scope");
  assert.match(String(bad.json.error_description), /admin:all/);
});

test("audience or resource must be one of the client's audiences", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org, audience: ["https://a.example.com", "https://b.example.com"] });
  const all = await token(post(c));
  assert.deepEqual((await claimsOf(all.json.access_token as string)).payload.aud, ["https://a.example.com", "https://b.example.com"]);
  const one = await token(post(c, { audience: "https://b.example.com" }));
  assert.equal((await claimsOf(one.json.access_token as string)).payload.aud, "https://b.example.com");
  const viaResource = await token(post(c, { resource: "https://a.example.com" }));
  assert.equal((await claimsOf(viaResource.json.access_token as string)).payload.aud, "https://a.example.com");
  const unknown = await token(post(c, { audience: "https://evil.example.com" }));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.error, "invalid_target");
});

test("without a configured audience, the token names the catalog APIs its scopes belong to", async () => {
  const org = await createTestOrganization();
  const resource = `res_${Date.now()}`;
  await db.apiResource.create({ data: { id: resource, name: "Billing", audience: `https://billing-${resource}.example.com`, scopes: { create: [{ id: `scp_${resource}`, name: `billing-${resource}:read` }] } } });
  const c = await createTestClient({ organizationId: org, audience: [], scopes: [`billing-${resource}:read`] });
  const res = await token(post(c));
  assert.equal((await claimsOf(res.json.access_token as string)).payload.aud, `https://billing-${resource}.example.com`);
});

test("grant_type, body format and size are checked", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const wrongGrant = await token(post(c, { grant_type: "password" }));
  assert.equal(wrongGrant.json.error, "unsupported_grant_type");
  const noGrant = await token(form({ client_id: c.clientId, client_secret: c.secret }));
  assert.equal(noGrant.json.error, "invalid_request");
  const badJson = await token({ ...post(c), contentType: "application/json", body: "{nope" });
  assert.equal(badJson.status, 400);
  assert.equal(badJson.json.error, "invalid_request");
  const badType = await token({ ...post(c), contentType: "text/plain" });
  assert.equal(badType.json.error, "invalid_request");
  const dup = await token({ ...post(c), body: `${post(c).body}&scope=a&scope=b` });
  assert.match(String(dup.json.error_description), /more than once/);
  const huge = await token({ ...post(c), body: `${post(c).body}&pad=${"x".repeat(20_000)}` });
  assert.equal(huge.status, 413);
  assert.equal(huge.json.error, "invalid_request");
});

test("environment-level clients name an organization per organization_usage", async () => {
  const orgA = await createTestOrganization("A");
  const orgB = await createTestOrganization("B");
  const deny = await createTestClient({ organizationId: null, organizationUsage: "deny" });
  const denied = await token(post(deny, { organization: orgA }));
  assert.equal(denied.json.error, "unauthorized_client");
  const plain = await token(post(deny));
  assert.equal(plain.status, 200);
  assert.equal((await claimsOf(plain.json.access_token as string)).payload.oid, undefined);

  const allow = await createTestClient({ organizationId: null, organizationUsage: "allow", allowedOrganizationIds: [orgA] });
  const forA = await token(post(allow, { organization: orgA }));
  assert.equal(forA.status, 200, forA.body);
  const a = (await claimsOf(forA.json.access_token as string)).payload;
  assert.equal(a.oid, orgA);
  assert.equal(a.org_id, orgA);
  assert.equal((await token(post(allow, { organization: orgB }))).json.error, "unauthorized_client");
  assert.equal((await token(post(allow))).status, 200, "allow: organization is optional");

  const require = await createTestClient({ organizationId: null, organizationUsage: "require", allowAnyOrganization: true });
  assert.equal((await token(post(require))).json.error, "invalid_request");
  assert.equal((await token(post(require, { organization: orgB }))).status, 200);
  const missing = await token(post(require, { organization: "org_404" }));
  assert.equal(missing.json.error, "invalid_request");
  assert.match(String(missing.json.error_description), /does not exist/);

  const owned = await createTestClient({ organizationId: orgA });
  assert.equal((await token(post(owned, { organization: orgB }))).json.error, "invalid_request", "an org-owned client cannot switch organizations");
  assert.equal((await token(post(owned, { organization: orgA }))).status, 200);
});

test("the lifetime is the client's expiry, capped by the organization's and the deployment's limits", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org, expiry: 7200 });
  assert.equal((await token(post(c))).json.expires_in, 7200);
  await db.organizationSessionSettings.create({ data: { organizationId: org, accessTokenLifetimeSec: 1800 } });
  const capped = await token(post(c));
  assert.equal(capped.json.expires_in, 1800);
  const { payload } = await claimsOf(capped.json.access_token as string);
  assert.equal(payload.exp! - payload.iat!, 1800);
  await db.deploymentSetting.upsert({ where: { key: "session_defaults" }, create: { key: "session_defaults", value: { access_token_lifetime_sec: 900 } }, update: { value: { access_token_lifetime_sec: 900 } } });
  try {
    assert.equal((await token(post(c))).json.expires_in, 900);
  } finally {
    await db.deploymentSetting.delete({ where: { key: "session_defaults" } });
  }
});

test("verifyPorticoAccessToken checks signature, issuer, type, audience, revocation and the client", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const access = (await token(post(c))).json.access_token as string;
  const claims = await verifyPorticoAccessToken(access, { audience: "https://api.example.com" });
  assert.equal(claims.client_id, c.clientId);
  assert.equal(claims.oid, org);

  const reason = async (t: string, opts = {}) => {
    try {
      await verifyPorticoAccessToken(t, opts);
      return "accepted";
    } catch (err) {
      assert.ok(err instanceof TokenVerificationError);
      return err.reason;
    }
  };
  assert.equal(await reason(access, { audience: "https://other.example.com" }), "wrong_audience");
  assert.equal(await reason("not a token"), "malformed");
  const [h, p, s] = access.split(".");
  const tampered = JSON.parse(Buffer.from(p!, "base64url").toString());
  tampered.scopes = ["admin"];
  assert.equal(await reason(`${h}.${Buffer.from(JSON.stringify(tampered)).toString("base64url")}.${s}`), "bad_signature");
  const header = decodeProtectedHeader(access);
  assert.equal(await reason(`${Buffer.from(JSON.stringify({ ...header, kid: "snk_unknown" })).toString("base64url")}.${p}.${s}`), "unknown_key");

  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } });
  assert.equal(await reason(access), "client_inactive");
  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "active" } });
  await db.revokedToken.create({ data: { jti: claims.jti!, clientId: c.clientId, expiresAt: new Date(claims.exp! * 1000) } });
  assert.equal(await reason(access), "revoked");
});

test("token usage and the secret's last use are written in one batch, not per token", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  await tokenService().usage.flush();
  for (let i = 0; i < 5; i++) assert.equal((await token(post(c))).status, 200);
  assert.equal(await db.tokenUsage.count({ where: { clientId: c.clientId } }), 0, "nothing written per token");
  assert.equal((await db.clientSecret.findUniqueOrThrow({ where: { id: c.secretId } })).lastUsedAt, null);
  await tokenService().usage.flush();
  const rows = await db.tokenUsage.findMany({ where: { clientId: c.clientId } });
  assert.equal(rows.reduce((n, r) => n + r.count, 0), 5);
  assert.equal(rows[0]!.organizationId, org);
  const used = (await db.clientSecret.findUniqueOrThrow({ where: { id: c.secretId } })).lastUsedAt;
  assert.ok(used && Date.now() - used.getTime() < 60_000);
});

test("failed client authentications reach the audit trail with client id, reason and IP", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const res = await token({ ...post({ ...c, secret: "wrong" }), context: { requestId: "req_fail", ip: "203.0.113.9", userAgent: "attacker/1.0" } });
  assert.equal(res.status, 401);
  await tokenService().authFailures.flush();
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "client_authentication.failed", targetId: c.clientId } });
  assert.deepEqual(event.metadata, { client_id: c.clientId, reason: "wrong_secret" });
  assert.equal(event.ip, "203.0.113.9");
  assert.equal(event.userAgent, "attacker/1.0");
  assert.equal(event.organizationId, org);
});

test("hostile client ids fail only their own requests, each with invalid_client, audited like any failed authentication", async () => {
  const org = await createTestOrganization();
  const legit = await Promise.all(Array.from({ length: 6 }, () => createTestClient({ organizationId: org })));
  const json = (body: Record<string, unknown>, ip: string): OAuthHttpRequest => ({
    method: "POST", contentType: "application/json", authorization: null, body: JSON.stringify(body), context: { requestId: "req_hostile", ip, userAgent: "fuzz" },
  });
  // A 200-character id ending in an emoji: the emoji's second half is the 201st code unit.
  const emojiId = `m2morg_${"9".repeat(192)}😀`;
  const hostileIds = ["x\u0000", "m2morg_1\u0000", "\ud800", "m2morg_\udfff", "a".repeat(201), emojiId];
  const hostile = (id: string, i: number) => (i % 2
    ? json({ grant_type: "client_credentials", client_id: id, client_secret: "s" }, "198.51.100.7")
    : form({ grant_type: "client_credentials", client_id: id, client_secret: "s" }, { ip: "198.51.100.7" }));
  const requests: { req: OAuthHttpRequest; legit: boolean }[] = [];
  for (let round = 0; round < 5; round++) {
    for (const c of legit) requests.push({ req: post(c), legit: true }); // 30 legitimate
    hostileIds.forEach((id, i) => requests.push({ req: hostile(id, i + round), legit: false })); // 30 hostile
  }
  const answers = await Promise.all(requests.map(async ({ req, legit }) => ({ legit, res: await token(req) })));
  assert.equal(answers.length, 60);
  for (const { legit, res } of answers) {
    if (legit) assert.equal(res.status, 200, JSON.stringify(res.json));
    else assert.deepEqual([res.status, res.json.error], [401, "invalid_client"]);
  }
  // Introspection and revocation the same way.
  for (const endpoint of [introspectionEndpoint, revocationEndpoint]) {
    const [bad, good] = await Promise.all([endpoint(form({ token: "x", client_id: "x\u0000", client_secret: "s" })), endpoint(form({ token: "x", client_id: legit[0]!.clientId, client_secret: legit[0]!.secret }))]);
    assert.equal(bad.status, 401);
    assert.equal(good.status, 200);
  }
  await tokenService().authFailures.flush();
  const events = await db.auditEvent.findMany({ where: { action: "client_authentication.failed", ip: "198.51.100.7" } });
  const audited = new Set(events.map((e) => `${(e.metadata as { client_id: string }).client_id}|${(e.metadata as { reason: string }).reason}`));
  assert.ok(audited.has("x\ufffd|malformed_client_id"), "NUL recorded as U+FFFD");
  assert.ok(audited.has("\ufffd|malformed_client_id"), "a lone surrogate (sent in JSON) too");
  assert.ok(audited.has(`m2morg_${"9".repeat(192)}|malformed_client_id`), "cut before the emoji, not through it");
  assert.ok(audited.has(`${"a".repeat(200)}|malformed_client_id`));
});

test("an organization parameter the database could not hold is invalid_request", async () => {
  const env = await createTestClient({ organizationId: null, organizationUsage: "allow", allowAnyOrganization: true });
  for (const organization of ["org_1\u0000", "\ud800"]) {
    const body = JSON.stringify({ grant_type: "client_credentials", client_id: env.clientId, client_secret: env.secret, organization });
    const res = await token({ ...post(env), contentType: "application/json", body });
    assert.equal(res.status, 400);
    assert.equal(res.json.error, "invalid_request");
    assert.match(String(res.json.error_description), /organization/);
  }
});
