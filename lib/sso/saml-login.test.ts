import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { publishedJwks } from "@/lib/keys/jwks";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { authorizeRequest } from "@/lib/oauth/authorize";
import { closeTokenPool } from "@/lib/oauth/pg";
import type { OAuthHttpRequest } from "@/lib/oauth/request";
import { stopTokenService } from "@/lib/oauth/runtime";
import { authorizationCodeRequestSchema, userTokenResponseSchema } from "@/lib/oauth/schemas";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { createTestOrganization, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { startSamlIdp, type Forgery, type IdpUser, type TestSamlIdp } from "@/lib/test-support/saml-idp";
import { systemContext } from "@/lib/http/request-context";
import { randomSecret } from "@/lib/crypto/secrets";
import { createConnection, enableConnection, getConnection, spMetadataFor, updateConnection } from "./connections";
import { completeSamlLogin, prepareConnectionTest, startConnectionTest, type IdpAction } from "./login";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);

process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
const ops = operatorContext();
let idp: TestSamlIdp;

before(async () => {
  await ensureSigningKeys();
  idp = await startSamlIdp();
});
after(async () => {
  await idp.close();
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

async function samlSetup() {
  const org = await createTestOrganization("SAML org");
  await db.organization.update({ where: { id: org.id }, data: { features: ["sso", "api_clients"] } });
  const redirectUri = `https://app-${uniq()}.example.com/auth/callback`;
  const { client, plainSecret } = await createEnvironmentClient(ops, { name: `Host app ${uniq()}`, scopes: [], redirect_uris: [redirectUri] });
  const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_url: idp.metadataUrl }, allowed_domains: ["acme.test"] });
  idp.trust((await spMetadataFor(conn.id))!);
  return { org, client, secret: plainSecret, redirectUri, conn };
}

function redirectUrl(action: IdpAction): string {
  assert.equal(action.kind, "redirect");
  return action.url;
}

async function runTest(connId: string, orgId: string, user: IdpUser, forgery?: Forgery) {
  const row = await db.ssoConnection.findUniqueOrThrow({ where: { id: connId } });
  const { requestId, startToken } = await prepareConnectionTest(row, ops.actor);
  const browserKey = randomSecret();
  const action = await startConnectionTest(requestId, startToken, browserKey);
  assert.ok(action, "the start token works once");
  assert.equal(await startConnectionTest(requestId, startToken, browserKey), null, "and only once");
  const request = await idp.parseRequest({ redirectUrl: redirectUrl(action) });
  const samlResponse = await idp.respond(request.id, user, forgery);
  const result = await completeSamlLogin({ connectionId: connId, samlResponse, relayState: requestId, browserKey, context: systemContext() });
  assert.equal(result.kind, "redirect");
  const id = /\/sso\/test\/(tst_\d+)$/.exec((result as { url: string }).url)?.[1];
  assert.ok(id, `a test result page, got ${(result as { url: string }).url}`);
  void orgId;
  return db.ssoTestResult.findUniqueOrThrow({ where: { id } });
}

const ada: IdpUser = { email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", groups: ["Engineering", "Admins"] };

function formRequest(params: Record<string, string>, auth?: string): OAuthHttpRequest {
  return { method: "POST", contentType: "application/x-www-form-urlencoded", authorization: auth ?? null, body: new URLSearchParams(params).toString(), context: { requestId: "req_t", ip: `10.9.${crypto.randomInt(250)}.${crypto.randomInt(250)}`, userAgent: "test" } };
}

test("SAML: metadata URL, a passing test, enable, then a login the host app exchanges for verified tokens", async () => {
  const { org, client, secret, redirectUri, conn } = await samlSetup();
  assert.equal(conn.saml?.idp_entity_id, idp.entityId);
  assert.equal(conn.saml?.idp_sso_url, idp.ssoUrl);
  assert.equal(conn.status, "configured");
  await assert.rejects(enableConnection(ops, org.id, conn.id), /Test connection/);

  const tested = await runTest(conn.id, org.id, ada);
  assert.equal(tested.passed, true, JSON.stringify(tested.checks));
  const checks = (tested.checks as { checks: { id: string; status: string; detail: string }[] }).checks;
  for (const id of ["format", "status", "in_response_to", "signature", "issuer", "time_window", "audience", "recipient", "destination", "replay", "attribute_mapping", "email_domain"]) {
    assert.equal(checks.find((c) => c.id === id)?.status, "pass", `${id}: ${JSON.stringify(checks)}`);
  }
  assert.match(checks.find((c) => c.id === "signature")!.detail, /fingerprint/);
  assert.equal((await getConnection(ops.principal, org.id, conn.id)).status, "tested");
  const enabled = await enableConnection(ops, org.id, conn.id);
  assert.equal(enabled.enabled, true);

  const state = randomSecret();
  const nonce = randomSecret();
  const verifier = randomSecret();
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const browserKey = randomSecret();
  const outcome = await authorizeRequest(new URLSearchParams({
    response_type: "code", client_id: client.client_id, redirect_uri: redirectUri, scope: "openid email profile", state, nonce,
    code_challenge: challenge, code_challenge_method: "S256", organization_id: org.id,
  }), browserKey, systemContext());
  assert.equal(outcome.kind, "idp");
  const action = (outcome as { action: IdpAction }).action;
  const relayState = new URL(redirectUrl(action)).searchParams.get("RelayState")!;
  const request = await idp.parseRequest({ redirectUrl: redirectUrl(action) });
  const samlResponse = await idp.respond(request.id, ada);
  const result = await completeSamlLogin({ connectionId: conn.id, samlResponse, relayState, browserKey, context: systemContext() });
  assert.equal(result.kind, "redirect");
  const back = new URL((result as { url: string }).url);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  assert.equal(back.searchParams.get("state"), state);
  const code = back.searchParams.get("code")!;
  assert.ok(code);

  // The request as the OpenAPI document describes it, and the answer as it says.
  const exchange = authorizationCodeRequestSchema.parse({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier, client_id: client.client_id, client_secret: secret });
  const res = await tokenEndpoint(formRequest(exchange as Record<string, string>));
  const json = JSON.parse(res.body);
  assert.equal(res.status, 200, res.body);
  assert.ok(userTokenResponseSchema.safeParse(json).success, res.body);
  const jwks = createLocalJWKSet(await publishedJwks());
  const { payload } = await jwtVerify(json.id_token, jwks, { issuer: publicUrl(), audience: client.client_id });
  assert.equal(payload.sub, `${conn.id};ada@acme.test`);
  assert.equal(payload.email, "ada@acme.test");
  assert.equal(payload.email_verified, true, "acme.test is an allowed domain");
  assert.equal(payload.nonce, nonce);
  assert.equal(payload.oid, org.id);
  assert.deepEqual(payload.amr, [conn.id]);
  assert.match(String(payload.sid), /^ses_\d+$/);
  assert.equal(payload.name, "Ada Lovelace");
  assert.deepEqual(payload.groups, ["Engineering", "Admins"]);
  assert.equal(json.user.email, "ada@acme.test");
  assert.equal(json.user.identities[0].connection_type, "SAML");

  const again = await tokenEndpoint(formRequest({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier, client_id: client.client_id, client_secret: secret }));
  assert.equal(again.status, 400);
  assert.equal(JSON.parse(again.body).error, "invalid_grant");
  assert.ok(await db.revokedToken.findUnique({ where: { jti: (JSON.parse(Buffer.from(json.access_token.split(".")[1], "base64url").toString()) as { jti: string }).jti } }), "a reused code revokes the token issued for it");

  const audits = await db.auditEvent.findMany({ where: { targetId: conn.id }, orderBy: { seq: "asc" }, select: { action: true } });
  assert.deepEqual(audits.map((a) => a.action), ["connection.created", "connection.tested", "connection.enabled", "sso.login_succeeded"]);
});

test("SAML: an encrypted assertion (AES-256, RSA-OAEP to the connection's SP certificate) is decrypted, then its signature checked", async () => {
  const { org, conn } = await samlSetup();
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  const sample = Buffer.from(await idp.respond("_x", ada, { encrypt: true }), "base64").toString("utf8");
  assert.match(sample, /EncryptedAssertion/);
  assert.ok(!sample.includes("ada@acme.test"), "nothing of the assertion is readable in transit");
  const tested = await runTest(conn.id, org.id, ada, { encrypt: true });
  assert.equal(tested.passed, true, JSON.stringify(tested.checks));
  assert.equal((tested.profile as { email: string }).email, "ada@acme.test");
  const spMetadata = (await spMetadataFor(conn.id))!;
  assert.match(spMetadata, /<KeyDescriptor use="encryption">/, "the SP metadata offers the encryption certificate");
});

test("SAML IdP-initiated: allowed per connection, it yields idp_initiated_login at the default redirect URI and uses the assertion up", async () => {
  const { org, client, redirectUri, conn } = await samlSetup();
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  const unsolicited = await idp.respond(null, ada);
  const refused = await completeSamlLogin({ connectionId: conn.id, samlResponse: unsolicited, relayState: "/dashboard", browserKey: null, context: systemContext() });
  assert.deepEqual([refused.kind, (refused as { code?: string }).code], ["error_page", "idp_initiated_disabled"]);

  await updateConnection(ops, org.id, conn.id, { idp_initiated_login: true });
  const { updateEnvironmentClient } = await import("@/lib/service-principals");
  await updateEnvironmentClient(ops, client.client_id, { default_redirect_uri: redirectUri });
  try {
    const samlResponse = await idp.respond(null, ada);
    const result = await completeSamlLogin({ connectionId: conn.id, samlResponse, relayState: "/dashboard", browserKey: null, context: systemContext() });
    assert.equal(result.kind, "redirect");
    const back = new URL((result as { url: string }).url);
    assert.equal(`${back.origin}${back.pathname}`, redirectUri);
    const token = back.searchParams.get("idp_initiated_login")!;
    const { payload } = await jwtVerify(token, createLocalJWKSet(await publishedJwks()), { issuer: publicUrl(), audience: client.client_id });
    assert.equal(payload.organization_id, org.id);
    assert.equal(payload.connection_id, conn.id);
    assert.equal(payload.login_hint, "ada@acme.test");
    assert.equal(payload.relay_state, "/dashboard");
    assert.equal(await db.oAuthAuthorizationCode.count({ where: { connectionId: conn.id } }), 0, "no login by itself: no code");
    // The same assertion again is a replay; an absolute RelayState is not passed on.
    const again = await completeSamlLogin({ connectionId: conn.id, samlResponse, relayState: "https://evil.example.com/", browserKey: null, context: systemContext() });
    assert.equal(new URL((again as { url: string }).url).searchParams.get("error"), "invalid_saml_response");
    const other = await completeSamlLogin({ connectionId: conn.id, samlResponse: await idp.respond(null, ada), relayState: "//evil.example.com", browserKey: null, context: systemContext() });
    const claims = JSON.parse(Buffer.from(new URL((other as { url: string }).url).searchParams.get("idp_initiated_login")!.split(".")[1]!, "base64url").toString());
    assert.equal(claims.relay_state, null, "only same-origin paths pass as relay_state");
  } finally {
    await updateEnvironmentClient(ops, client.client_id, { default_redirect_uri: null });
  }
});

test("home-realm discovery: login_hint and domain route through the organization's verified domains; verified_domains_only refuses the rest", async () => {
  const { addDomain, verifyDomainManually } = await import("@/lib/domains");
  const { org, client, redirectUri, conn } = await samlSetup();
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  const domain = `sso-${uniq()}.de`;
  const go = (params: Record<string, string>) => authorizeRequest(new URLSearchParams({ response_type: "code", client_id: client.client_id, redirect_uri: redirectUri, scope: "openid email", state: "s", ...params }), randomSecret(), systemContext());
  const errorOf = (o: Awaited<ReturnType<typeof go>>) => (o.kind === "redirect" ? new URL(o.url).searchParams.get("error") : o.kind);
  assert.equal(errorOf(await go({ login_hint: `ada@${domain}` })), "domain_not_found", "a domain nobody verified does not route");
  const added = await addDomain(operatorContext("owner"), org.id, { name: domain });
  assert.equal(errorOf(await go({ domain })), "domain_not_found", "a pending domain does not route");
  await verifyDomainManually(operatorContext("owner"), org.id, added.id, { reason: "test: verified by hand" });
  assert.equal(errorOf(await go({ login_hint: `ada@${domain.toUpperCase()}` })), "idp");
  assert.equal(errorOf(await go({ domain })), "idp");

  // Only verified domains: ada@acme.test (not verified) is refused, a user of the verified domain passes with a verified email.
  await updateConnection(ops, org.id, conn.id, { verified_domains_only: true, allowed_domains: [] });
  const refused = await runTest(conn.id, org.id, ada);
  assert.equal(refused.errorCode, "invalid_user_domain");
  const passed = await runTest(conn.id, org.id, { ...ada, email: `grace@${domain}` });
  assert.equal(passed.passed, true, JSON.stringify(passed.checks));
  assert.equal((passed.profile as { email_verified: boolean }).email_verified, true, "an email on a verified domain counts as verified");
});
