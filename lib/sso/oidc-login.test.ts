import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { publicUrl } from "@/lib/config/env";
import { randomSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { systemContext } from "@/lib/http/request-context";
import { publishedJwks } from "@/lib/keys/jwks";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { authorizeRequest } from "@/lib/oauth/authorize";
import { closeTokenPool } from "@/lib/oauth/pg";
import type { OAuthHttpRequest } from "@/lib/oauth/request";
import { stopTokenService } from "@/lib/oauth/runtime";
import { userinfoResponseSchema } from "@/lib/oauth/schemas";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";
import { userinfoEndpoint } from "@/lib/oauth/userinfo";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { createTestOrganization, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { signInAt, startOidcIdp, type TestOidcIdp } from "@/lib/test-support/oidc-idp";
import { createConnection, enableConnection, updateConnection } from "./connections";
import { completeOidcCallback, prepareConnectionTest, startConnectionTest, type IdpAction } from "./login";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);

process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
const ops = operatorContext();
let op: TestOidcIdp;

before(async () => {
  await ensureSigningKeys();
  op = await startOidcIdp();
});
after(async () => {
  await op.close();
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

async function setup(wrongSecret = false) {
  const org = await createTestOrganization("OIDC org");
  await db.organization.update({ where: { id: org.id }, data: { features: ["sso"] } });
  const redirectUri = `http://localhost:${4000 + crypto.randomInt(1000)}/callback`;
  const host = await createEnvironmentClient(ops, { name: `Host ${uniq()}`, scopes: [], redirect_uris: [redirectUri] });
  // The discovery URL is accepted as the issuer and normalized.
  const draft = await createConnection(ops, org.id, { provider: "GENERIC_OIDC", oidc: { issuer: `${op.issuer}/.well-known/openid-configuration` } });
  const registered = await op.registerClient(draft.oidc!.redirect_uri);
  const conn = await updateConnection(ops, org.id, draft.id, { oidc: { client_id: registered.clientId, client_secret: wrongSecret ? "not-the-secret" : registered.clientSecret } });
  return { org, conn, host, redirectUri, registered };
}

const callbackOf = (connId: string) => `${publicUrl()}/sso/oidc/${connId}/callback`;

function form(params: Record<string, string>): OAuthHttpRequest {
  return { method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null, body: new URLSearchParams(params).toString(), context: { requestId: "req_t", ip: `10.7.${crypto.randomInt(250)}.${crypto.randomInt(250)}`, userAgent: "test" } };
}

test("OIDC: issuer discovery, a passing test, then a login with PKCE, state and nonce; profile from ID token and userinfo", async () => {
  const { org, conn, host, redirectUri, registered } = await setup();
  assert.equal(conn.oidc!.issuer, op.issuer);
  assert.equal(conn.oidc!.client_secret_set, true);
  assert.equal(conn.oidc!.client_secret_suffix, registered.clientSecret.slice(-4));
  assert.ok(!JSON.stringify(conn).includes(registered.clientSecret), "the secret is never returned");
  const row = await db.ssoConnection.findUniqueOrThrow({ where: { id: conn.id } });
  assert.ok(!row.oidcClientSecretEnc!.includes(registered.clientSecret), "stored encrypted");
  op.users.set("grace", { email: "grace@acme.test", given_name: "Grace", family_name: "Hopper", groups: ["Navy"] });

  const { requestId, startToken } = await prepareConnectionTest(row, ops.actor);
  const browserKey = randomSecret();
  const start = (await startConnectionTest(requestId, startToken, browserKey)) as IdpAction & { url: string };
  const authUrl = new URL(start.url);
  assert.equal(authUrl.searchParams.get("code_challenge_method"), "S256");
  assert.ok(authUrl.searchParams.get("nonce"));
  assert.equal(authUrl.searchParams.get("state"), requestId);
  const back = await signInAt(start.url, "grace", callbackOf(conn.id));
  const tested = await completeOidcCallback({ connectionId: conn.id, url: back, browserKey, context: systemContext() });
  const testId = /\/sso\/test\/(tst_\d+)$/.exec((tested as { url: string }).url)![1]!;
  const result = await db.ssoTestResult.findUniqueOrThrow({ where: { id: testId } });
  assert.equal(result.passed, true, JSON.stringify(result.checks));
  assert.equal((result.profile as { email: string }).email, "grace@acme.test", "email came from userinfo");
  await enableConnection(ops, org.id, conn.id);

  const verifier = randomSecret();
  const loginKey = randomSecret();
  const outcome = await authorizeRequest(new URLSearchParams({
    response_type: "code", client_id: host.client.client_id, redirect_uri: redirectUri, scope: "openid email profile", state: "xyz", nonce: "n-1",
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", connection_id: conn.id,
  }), loginKey, systemContext());
  assert.equal(outcome.kind, "idp");
  const idpUrl = ((outcome as { action: IdpAction }).action as { url: string }).url;
  const callback = await signInAt(idpUrl, "grace", callbackOf(conn.id));
  const done = await completeOidcCallback({ connectionId: conn.id, url: callback, browserKey: loginKey, context: systemContext() });
  const hostBack = new URL((done as { url: string }).url);
  assert.equal(hostBack.searchParams.get("state"), "xyz");
  const code = hostBack.searchParams.get("code")!;
  const res = await tokenEndpoint(form({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier, client_id: host.client.client_id, client_secret: host.plainSecret }));
  assert.equal(res.status, 200, res.body);
  const json = JSON.parse(res.body);
  const { payload } = await jwtVerify(json.id_token, createLocalJWKSet(await publishedJwks()), { issuer: publicUrl(), audience: host.client.client_id });
  assert.equal(payload.sub, `${conn.id};grace`);
  assert.equal(payload.email, "grace@acme.test");
  assert.equal(payload.email_verified, true);
  assert.equal(payload.given_name, "Grace");
  assert.equal(payload.nonce, "n-1");
  assert.equal(payload.connection_type, "OIDC");
  assert.ok((payload.session as { absolute_timeout_sec: number }).absolute_timeout_sec > 0, "the organization's session limits are in the ID token");
  assert.deepEqual(json.user.groups, ["Navy"]);

  const info = await userinfoEndpoint({ method: "GET", contentType: null, authorization: `Bearer ${json.access_token}`, body: "", context: systemContext() });
  assert.equal(info.status, 200, info.body);
  assert.equal(JSON.parse(info.body).email, "grace@acme.test");
  assert.ok(userinfoResponseSchema.safeParse(JSON.parse(info.body)).success, info.body);
  const noToken = await userinfoEndpoint({ method: "GET", contentType: null, authorization: null, body: "", context: systemContext() });
  assert.equal(noToken.status, 401);
});

test("OIDC negatives: wrong client secret → failed_to_exchange_token; missing email → mandatory_attribute_missing; state from elsewhere → plain page", async () => {
  const { org, conn, host, redirectUri, registered } = await setup(true);
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  const go = async () => {
    const key = randomSecret();
    const outcome = await authorizeRequest(new URLSearchParams({ response_type: "code", client_id: host.client.client_id, redirect_uri: redirectUri, scope: "openid", state: "s", organization_id: org.id }), key, systemContext());
    const url = ((outcome as { action: IdpAction }).action as { url: string }).url;
    return { key, url };
  };
  const first = await go();
  const cb = await signInAt(first.url, "ada", callbackOf(conn.id));
  const failed = new URL(((await completeOidcCallback({ connectionId: conn.id, url: cb, browserKey: first.key, context: systemContext() })) as { url: string }).url);
  assert.equal(failed.searchParams.get("error"), "failed_to_exchange_token", failed.searchParams.get("error_description") ?? "");
  assert.equal(await db.oAuthAuthorizationCode.count({ where: { connectionId: conn.id } }), 0);

  await updateConnection(ops, org.id, conn.id, { oidc: { client_secret: registered.clientSecret } });
  op.users.set("nomail", { given_name: "No", family_name: "Mail" });
  const second = await go();
  const cb2 = await signInAt(second.url, "nomail", callbackOf(conn.id));
  const missing = new URL(((await completeOidcCallback({ connectionId: conn.id, url: cb2, browserKey: second.key, context: systemContext() })) as { url: string }).url);
  assert.equal(missing.searchParams.get("error"), "mandatory_attribute_missing");

  const third = await go();
  const cb3 = await signInAt(third.url, "ada", callbackOf(conn.id));
  const elsewhere = await completeOidcCallback({ connectionId: conn.id, url: cb3, browserKey: randomSecret(), context: systemContext() });
  assert.deepEqual([elsewhere.kind, (elsewhere as { code?: string }).code], ["error_page", "wrong_browser"]);
});

test("OIDC: an issuer that is not an OpenID provider is refused with a field error; private addresses need the test flag", async () => {
  const org = await createTestOrganization("OIDC bad");
  await assert.rejects(createConnection(ops, org.id, { provider: "GENERIC_OIDC", oidc: { issuer: "http://127.0.0.1:9/nothing", client_id: "x", client_secret: "y" } }),
    (err: { field?: string; message?: string }) => err.field === "oidc.issuer" && /could not be read/.test(err.message ?? ""));
  delete process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES;
  try {
    await assert.rejects(createConnection(ops, org.id, { provider: "GENERIC_OIDC", oidc: { issuer: "https://127.0.0.1:9", client_id: "x", client_secret: "y" } }),
      (err: { field?: string; message?: string }) => err.field === "oidc.issuer" && /private|loopback/.test(err.message ?? ""));
  } finally {
    process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
  }
  assert.equal(await db.ssoConnection.count({ where: { organizationId: org.id } }), 0, "nothing stored");
});
