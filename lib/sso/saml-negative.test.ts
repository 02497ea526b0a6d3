import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { randomSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { systemContext } from "@/lib/http/request-context";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { authorizeRequest } from "@/lib/oauth/authorize";
import { closeTokenPool } from "@/lib/oauth/pg";
import type { OAuthHttpRequest } from "@/lib/oauth/request";
import { stopTokenService } from "@/lib/oauth/runtime";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { createTestOrganization, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { startSamlIdp, type Forgery, type IdpUser, type TestSamlIdp } from "@/lib/test-support/saml-idp";
import { createConnection, enableConnection, spMetadataFor } from "./connections";
import { completeSamlLogin, type IdpAction } from "./login";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);

// Every bad response or request of issue 12 yields its compat.md §4.10 code at the host app's redirect
// URI (or a Portico page where there is no safe redirect), and stores nothing half-way: no code, no
// accepted assertion id, the login request used up, and sso.login_failed in the audit trail.

process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
const ops = operatorContext();
let idp: TestSamlIdp;
let otherIdp: TestSamlIdp;

before(async () => {
  await ensureSigningKeys();
  [idp, otherIdp] = await Promise.all([startSamlIdp(), startSamlIdp()]);
});
after(async () => {
  await Promise.all([idp.close(), otherIdp.close()]);
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

interface Setup { orgId: string; connId: string; clientId: string; secret: string; redirectUri: string }

async function setup(peer: TestSamlIdp, options: { allowedDomains?: string[] } = {}): Promise<Setup> {
  const org = await createTestOrganization("Negative org");
  await db.organization.update({ where: { id: org.id }, data: { features: ["sso"] } });
  const redirectUri = `https://app-${uniq()}.example.com/callback`;
  const { client, plainSecret } = await createEnvironmentClient(ops, { name: `Host ${uniq()}`, scopes: [], redirect_uris: [redirectUri] });
  const conn = await createConnection(ops, org.id, { provider: "GENERIC_SAML", saml: { metadata_xml: peer.metadataXml }, allowed_domains: options.allowedDomains ?? [] });
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  peer.trust((await spMetadataFor(conn.id))!);
  return { orgId: org.id, connId: conn.id, clientId: client.client_id, secret: plainSecret, redirectUri };
}

const ada: IdpUser = { email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace" };

async function begin(s: Setup, extra: Record<string, string> = {}) {
  const browserKey = randomSecret();
  const outcome = await authorizeRequest(new URLSearchParams({
    response_type: "code", client_id: s.clientId, redirect_uri: s.redirectUri, scope: "openid email profile", state: "st", organization_id: s.orgId, ...extra,
  }), browserKey, systemContext());
  assert.equal(outcome.kind, "idp", JSON.stringify(outcome));
  const action = (outcome as { action: IdpAction }).action as { kind: "redirect"; url: string };
  return { browserKey, url: action.url, relayState: new URL(action.url).searchParams.get("RelayState")! };
}

/** A whole login where the IdP answers with `forgery`; returns the host app's callback parameters. */
async function attempt(s: Setup, peer: TestSamlIdp, user: IdpUser, forgery: Forgery = {}, tamper?: (encoded: string) => string) {
  const { browserKey, url, relayState } = await begin(s);
  const spMetadata = (await spMetadataFor(s.connId))!;
  idp.trust(spMetadata);
  const request = await idp.parseRequest({ redirectUrl: url });
  peer.trust(spMetadata);
  let samlResponse = await peer.respond(request.id, user, forgery);
  if (tamper) samlResponse = tamper(samlResponse);
  const result = await completeSamlLogin({ connectionId: s.connId, samlResponse, relayState, browserKey, context: systemContext() });
  assert.equal(result.kind, "redirect", JSON.stringify(result));
  const back = new URL((result as { url: string }).url);
  return { params: back.searchParams, relayState };
}

async function assertNothingStored(s: Setup, relayState: string, code: string) {
  assert.equal(await db.oAuthAuthorizationCode.count({ where: { connectionId: s.connId } }), 0, "no authorization code");
  assert.equal(await db.samlAssertionId.count({ where: { connectionId: s.connId } }), 0, "no assertion id accepted");
  const request = await db.ssoLoginRequest.findUniqueOrThrow({ where: { id: relayState } });
  assert.ok(request.consumedAt, "the login request is used up");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: s.connId, action: "sso.login_failed" }, orderBy: { seq: "desc" } });
  assert.equal((audit.after as { error_code: string }).error_code, code);
  assert.ok(!JSON.stringify([audit.after, audit.metadata]).includes("Lovelace"), "no assertion content in the audit trail");
}

const cases: { name: string; code: string; user?: IdpUser; forgery?: Forgery; peer?: "other"; tamper?: (b64: string) => string; description: RegExp }[] = [
  { name: "signed with a certificate that is not the connection's", code: "signature_validation_failed", forgery: { wrongCertificate: true }, description: /signature/i },
  { name: "assertion not signed (only the Response is)", code: "signature_validation_failed", forgery: { unsigned: "assertion" }, description: /signature/i },
  { name: "nothing signed", code: "signature_validation_failed", forgery: { unsigned: "all" }, description: /signature/i },
  { name: "signature wrapping (signed assertion hidden, evil one in its place)", code: "signature_validation_failed", forgery: { signatureWrapping: true }, description: /signature/i },
  { name: "expired assertion", code: "assertion_expired", forgery: { windowShiftMs: -20 * 60_000 }, description: /expired/ },
  { name: "assertion not yet valid", code: "assertion_expired", forgery: { windowShiftMs: 20 * 60_000 }, description: /not valid yet/ },
  { name: "response issued long ago", code: "response_expired", forgery: { timeShiftMs: -30 * 60_000 }, description: /minutes ago/ },
  { name: "wrong audience", code: "invalid_saml_response", forgery: { audience: "https://other-sp.example.com" }, description: /audience/i },
  { name: "wrong recipient", code: "invalid_acs_url", forgery: { recipient: "https://other-sp.example.com/acs" }, description: /recipient/i },
  { name: "wrong destination", code: "invalid_acs_url", forgery: { destination: "https://other-sp.example.com/acs" }, description: /sent to/ },
  { name: "unknown InResponseTo", code: "invalid_saml_response", forgery: { inResponseTo: "_not_a_request_portico_sent" }, description: /another sign-in request/ },
  { name: "wrong issuer", code: "invalid_saml_response", forgery: { issuer: "https://impostor.example.com" }, description: /issuer/i },
  { name: "IdP error status", code: "invalid_status", forgery: { status: "urn:oasis:names:tc:SAML:2.0:status:Responder" }, description: /Responder/ },
  { name: "missing email", code: "mandatory_attribute_missing", user: { firstName: "No", lastName: "Mail", nameId: "user-1234" }, description: /email/ },
  { name: "an assertion from another organization's identity provider", code: "signature_validation_failed", peer: "other", description: /signature/i },
  { name: "malformed XML", code: "malformed_saml_response", tamper: (b64) => Buffer.from(Buffer.from(b64, "base64").toString("utf8").slice(0, 200)).toString("base64"), description: /well-formed/ },
  { name: "a DOCTYPE (XXE)", code: "malformed_saml_response", tamper: (b64) => Buffer.from(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${Buffer.from(b64, "base64").toString("utf8")}`).toString("base64"), description: /DOCTYPE/ },
  { name: "an oversized response", code: "malformed_saml_response", tamper: (b64) => b64 + "A".repeat(500_000), description: /larger than/ },
];

for (const c of cases) {
  test(`SAML negative: ${c.name} → ${c.code}`, async () => {
    const s = await setup(idp);
    const { params, relayState } = await attempt(s, c.peer === "other" ? otherIdp : idp, c.user ?? ada, c.forgery, c.tamper);
    assert.equal(params.get("error"), c.code, params.get("error_description") ?? "");
    assert.match(params.get("error_description") ?? "", c.description);
    assert.equal(params.get("state"), "st");
    assert.equal(params.get("code"), null);
    await assertNothingStored(s, relayState, c.code);
  });
}

test("SAML negative: a replayed assertion (same assertion id in a second login) → invalid_saml_response", async () => {
  const s = await setup(idp);
  const assertionId = `_replay${crypto.randomUUID()}`;
  const first = await attempt(s, idp, ada, { assertionId });
  assert.ok(first.params.get("code"), first.params.get("error_description") ?? "");
  const second = await attempt(s, idp, ada, { assertionId });
  assert.equal(second.params.get("error"), "invalid_saml_response");
  assert.match(second.params.get("error_description")!, /already used/);
  assert.equal(await db.oAuthAuthorizationCode.count({ where: { connectionId: s.connId } }), 1, "only the first login made a code");
});

test("SAML negative: the same response posted again finds its request used up (plain page, nothing issued)", async () => {
  const s = await setup(idp);
  const { browserKey, url, relayState } = await begin(s);
  const request = await idp.parseRequest({ redirectUrl: url });
  const samlResponse = await idp.respond(request.id, ada);
  const ok = await completeSamlLogin({ connectionId: s.connId, samlResponse, relayState, browserKey, context: systemContext() });
  assert.equal(ok.kind, "redirect");
  const again = await completeSamlLogin({ connectionId: s.connId, samlResponse, relayState, browserKey, context: systemContext() });
  assert.deepEqual({ kind: again.kind, code: (again as { code?: string }).code }, { kind: "error_page", code: "sign_in_expired" });
  assert.equal(await db.oAuthAuthorizationCode.count({ where: { connectionId: s.connId } }), 1);
});

test("SAML negative: a response arriving in another browser than the one that started the login is refused", async () => {
  const s = await setup(idp);
  const { url, relayState } = await begin(s);
  const request = await idp.parseRequest({ redirectUrl: url });
  const samlResponse = await idp.respond(request.id, ada);
  const result = await completeSamlLogin({ connectionId: s.connId, samlResponse, relayState, browserKey: randomSecret(), context: systemContext() });
  assert.deepEqual({ kind: result.kind, code: (result as { code?: string }).code }, { kind: "error_page", code: "wrong_browser" });
  assert.equal(await db.samlAssertionId.count({ where: { connectionId: s.connId } }), 0);
});

test("SAML negative: a user outside the connection's allowed domains → invalid_user_domain", async () => {
  const s = await setup(idp, { allowedDomains: ["other.test"] });
  const { params, relayState } = await attempt(s, idp, ada);
  assert.equal(params.get("error"), "invalid_user_domain");
  await assertNothingStored(s, relayState, "invalid_user_domain");
});

test("SAML negative: an unsolicited response is refused while IdP-initiated login is off", async () => {
  const s = await setup(idp);
  const samlResponse = await idp.respond(null, ada);
  const result = await completeSamlLogin({ connectionId: s.connId, samlResponse, relayState: null, browserKey: null, context: systemContext() });
  assert.deepEqual({ kind: result.kind, code: (result as { code?: string }).code }, { kind: "error_page", code: "idp_initiated_disabled" });
  assert.equal(await db.samlAssertionId.count({ where: { connectionId: s.connId } }), 0);
});

test("authorize: a connection of organization A named for organization B, unknown ids, no selector, unregistered redirect URI", async () => {
  const a = await setup(idp);
  const b = await setup(otherIdp);
  const go = async (params: Record<string, string>) => authorizeRequest(new URLSearchParams({ response_type: "code", client_id: b.clientId, redirect_uri: b.redirectUri, scope: "openid", state: "s", ...params }), randomSecret(), systemContext());
  const errorOf = (o: Awaited<ReturnType<typeof go>>) => (o.kind === "redirect" ? new URL(o.url).searchParams.get("error") : o.kind);
  assert.equal(errorOf(await go({ connection_id: a.connId, organization_id: b.orgId })), "invalid_connection_id");
  assert.equal(errorOf(await go({ connection_id: "conn_1" })), "invalid_connection_id");
  assert.equal(errorOf(await go({ organization_id: "org_1" })), "invalid_organization_id");
  assert.equal(errorOf(await go({})), "invalid_connection_selector");
  assert.equal(errorOf(await go({ provider: "google" })), "invalid_connection_selector");
  assert.equal(errorOf(await go({ domain: `${uniq()}.unverified.test` })), "domain_not_found");
  assert.equal(errorOf(await go({ login_hint: `ada@${uniq()}.unverified.test` })), "domain_not_found");
  assert.equal(errorOf(await go({ organization_id: b.orgId, scope: "email" })), "invalid_scope");
  assert.equal(errorOf(await go({ organization_id: b.orgId, code_challenge: "x".repeat(43), code_challenge_method: "plain" })), "invalid_request");
  const org = await createTestOrganization("No SSO feature");
  assert.equal(errorOf(await go({ organization_id: org.id })), "no_active_connections");
  await db.organization.update({ where: { id: org.id }, data: { features: ["sso"] } });
  assert.equal(errorOf(await go({ organization_id: org.id })), "no_configured_connections");
  const draft = await createConnection(ops, org.id, { provider: "OKTA" });
  assert.equal(errorOf(await go({ organization_id: org.id })), "no_active_connections");
  assert.equal(errorOf(await go({ connection_id: draft.id })), "connection_not_active");

  const unregistered = await authorizeRequest(new URLSearchParams({ response_type: "code", client_id: b.clientId, redirect_uri: `${b.redirectUri}/evil`, scope: "openid", organization_id: b.orgId }), randomSecret(), systemContext());
  assert.deepEqual(unregistered.kind === "page" ? unregistered.code : unregistered, "invalid_redirect_uri", "shown on a Portico page, never redirected");
  const unknownClient = await authorizeRequest(new URLSearchParams({ response_type: "code", client_id: "skc_1", redirect_uri: b.redirectUri, scope: "openid" }), randomSecret(), systemContext());
  assert.equal(unknownClient.kind === "page" ? unknownClient.code : unknownClient.kind, "invalid_client");
  const otherClientsUri = await authorizeRequest(new URLSearchParams({ response_type: "code", client_id: b.clientId, redirect_uri: a.redirectUri, scope: "openid", organization_id: b.orgId }), randomSecret(), systemContext());
  assert.equal(otherClientsUri.kind === "page" ? otherClientsUri.code : otherClientsUri.kind, "invalid_redirect_uri", "another client's redirect URI does not count");
});

function form(params: Record<string, string>): OAuthHttpRequest {
  return { method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null, body: new URLSearchParams(params).toString(), context: { requestId: "req_t", ip: `10.8.${crypto.randomInt(250)}.${crypto.randomInt(250)}`, userAgent: "test" } };
}

test("code exchange: wrong PKCE verifier, missing verifier, wrong redirect URI, another client: invalid_grant, and the code is spent", async () => {
  const s = await setup(idp);
  const verifier = randomSecret();
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const login = async () => {
    idp.trust((await spMetadataFor(s.connId))!);
    const { browserKey, url, relayState } = await begin(s, { code_challenge: challenge, code_challenge_method: "S256" });
    const request = await idp.parseRequest({ redirectUrl: url });
    const result = await completeSamlLogin({ connectionId: s.connId, samlResponse: await idp.respond(request.id, ada), relayState, browserKey, context: systemContext() });
    return new URL((result as { url: string }).url).searchParams.get("code")!;
  };
  const exchange = async (code: string, extra: Record<string, string>, client = { id: s.clientId, secret: s.secret }) => {
    const res = await tokenEndpoint(form({ grant_type: "authorization_code", code, redirect_uri: s.redirectUri, client_id: client.id, client_secret: client.secret, ...extra }));
    return { status: res.status, json: JSON.parse(res.body) as { error?: string; error_description?: string; id_token?: string } };
  };
  const wrong = await login();
  const r1 = await exchange(wrong, { code_verifier: randomSecret() });
  assert.deepEqual([r1.status, r1.json.error], [400, "invalid_grant"]);
  assert.match(r1.json.error_description!, /code_verifier does not match/);
  assert.equal((await exchange(wrong, { code_verifier: verifier })).json.error, "invalid_grant", "a code tried with a wrong verifier is spent");

  const missing = await login();
  assert.match((await exchange(missing, {})).json.error_description!, /code_verifier is required/);

  const redirect = await login();
  assert.match((await exchange(redirect, { code_verifier: verifier, redirect_uri: `${s.redirectUri}x` })).json.error_description!, /redirect_uri does not match/);

  const other = await setup(idp);
  const stolen = await login();
  assert.match((await exchange(stolen, { code_verifier: verifier }, { id: other.clientId, secret: other.secret })).json.error_description!, /another client/);

  const bad = await exchange("not-a-code", { code_verifier: verifier });
  assert.deepEqual([bad.status, bad.json.error], [400, "invalid_grant"]);
  const wrongSecret = await exchange(await login(), { code_verifier: verifier }, { id: s.clientId, secret: "wrong" });
  assert.equal(wrongSecret.status, 401);

  const good = await exchange(await login(), { code_verifier: verifier });
  assert.ok(good.json.id_token, JSON.stringify(good.json));
});
