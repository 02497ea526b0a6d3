import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { authorizationServerMetadata } from "@/lib/oauth/discovery";
import type { Principal } from "@/lib/authz";
import { createEnvironmentClient as createEnvironmentClientTyped, updateEnvironmentClient as updateEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema, updateEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { contextFor, createTestOrganization, isDomainError, managementContext, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { startSamlIdp, type TestSamlIdp } from "@/lib/test-support/saml-idp";
import {
  createConnection as createConnectionTyped, deleteConnection, disableConnection, enableConnection as enableConnectionTyped, getConnection, listConnections,
  updateConnection as updateConnectionTyped,
} from "./connections";
import { pruneSsoState, refreshDueMetadata } from "./housekeeping";
import { createConnectionSchema, enableConnectionSchema, updateConnectionSchema } from "./schemas";

// Input arrives as the edges send it: through the shared schemas, so invalid fields fail as they would there.
const createConnection = viaSchema(createConnectionSchema, createConnectionTyped);
const updateConnection = viaSchema(updateConnectionSchema, updateConnectionTyped);
const enableConnection = (ctx: Parameters<typeof enableConnectionTyped>[0], org: string, conn: string, options: unknown = {}) => viaSchema(enableConnectionSchema, enableConnectionTyped)(ctx, org, conn, options);
const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
const updateEnvironmentClient = viaSchema(updateEnvironmentClientSchema, updateEnvironmentClientTyped);

process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
const ops = operatorContext();
let idpA: TestSamlIdp;
let idpB: TestSamlIdp;

before(async () => {
  [idpA, idpB] = await Promise.all([startSamlIdp(), startSamlIdp()]);
});
after(async () => {
  await Promise.all([idpA.close(), idpB.close()]);
  await db.$disconnect();
});

function portal(organizationId: string, features = ["sso"]): ReturnType<typeof contextFor> {
  const principal: Principal = { kind: "portal", sessionId: `pss_${uniq()}`, linkId: "l", organizationId, features, actor: { id: "usr_1", email: "admin@acme.test", name: "Admin" } };
  return contextFor(principal);
}

test("tenant isolation: other organizations' connections are not found; portal sessions need the sso feature; auditors only read", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const conn = await createConnection(ops, a.id, { provider: "OKTA", saml: { metadata_xml: idpA.metadataXml } });
  await assert.rejects(getConnection(managementContext([b.id]).principal, a.id, conn.id), isDomainError("not_found"));
  await assert.rejects(listConnections(portal(b.id).principal, a.id), isDomainError("not_found"));
  await assert.rejects(getConnection(ops.principal, b.id, conn.id), isDomainError("not_found"), "a connection is found only under its own organization");
  await assert.rejects(updateConnection(ops, b.id, conn.id, { allowed_domains: ["x.test"] }), isDomainError("not_found"));
  await assert.rejects(listConnections(portal(a.id, ["api_clients"]).principal, a.id), isDomainError("forbidden"));
  assert.equal((await listConnections(portal(a.id).principal, a.id)).length, 1);
  await assert.rejects(createConnection(operatorContext("auditor"), a.id, { provider: "OKTA" }), isDomainError("forbidden"));
  assert.equal((await getConnection(operatorContext("auditor").principal, a.id, conn.id)).id, conn.id);
  await assert.rejects(createConnection(managementContext([a.id], ["connections:read"]), a.id, { provider: "OKTA" }), isDomainError("forbidden", "scope"));
  // A portal admin may not skip the test; an operator may, and it is audited as an override.
  await assert.rejects(enableConnection(portal(a.id), a.id, conn.id, { skip_test: true }), isDomainError("forbidden", "skip_test"));
  await assert.rejects(enableConnection(portal(a.id), a.id, conn.id), isDomainError("conflict", "enabled", /Test connection/));
  const enabled = await enableConnection(ops, a.id, conn.id, { skip_test: true });
  assert.equal(enabled.status, "enabled");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: conn.id, action: "connection.enabled" } });
  assert.deepEqual(audit.metadata, { skip_test: true, reason: "enabled without a passing test at the current settings" });
  await disableConnection(portal(a.id), a.id, conn.id);
  assert.equal((await db.auditEvent.findFirstOrThrow({ where: { targetId: conn.id, action: "connection.disabled" } })).actorId, "usr_1");
  await deleteConnection(ops, a.id, conn.id);
  assert.equal(await db.ssoConnection.count({ where: { id: conn.id } }), 0);
});

test("settings are validated with field errors and nothing is stored by a refused change", async () => {
  const org = await createTestOrganization("Validation");
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", saml: { idp_certificates: ["-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"] } }), isDomainError("invalid", "saml.idp_certificates.0", /private key/));
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_xml: "<x/>" } }), isDomainError("invalid", "saml.metadata_xml", /EntityDescriptor/));
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_xml: `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${idpA.metadataXml}` } }), isDomainError("invalid", "saml.metadata_xml", /DOCTYPE/));
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", oidc: { issuer: "https://x.test" } }), isDomainError("invalid", "oidc"));
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", type: "OIDC" }), isDomainError("invalid", "type"));
  await assert.rejects(createConnection(ops, org.id, { provider: "GENERIC_OIDC", idp_initiated_login: true }), isDomainError("invalid", "idp_initiated_login"));
  await assert.rejects(createConnection(ops, org.id, { provider: "OKTA", allowed_domains: ["not a domain"] }), isDomainError("invalid", "allowed_domains.0"));
  assert.equal(await db.ssoConnection.count({ where: { organizationId: org.id } }), 0);

  const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_url: idpA.metadataUrl } });
  await assert.rejects(updateConnection(ops, org.id, conn.id, { saml: { idp_sso_url: "https://elsewhere.test/sso" } }), isDomainError("invalid", "saml.metadata_url", /clear the metadata URL/));
  await assert.rejects(updateConnection(ops, org.id, conn.id, { provider: "GENERIC_OIDC" }), isDomainError("invalid", "provider"));
  await assert.rejects(updateConnection(ops, org.id, conn.id, { saml: { metadata_url: `${idpA.baseUrl}/nothing` } }), isDomainError("invalid", "saml.metadata_url", /HTTP 404/));
  const unchanged = await getConnection(ops.principal, org.id, conn.id);
  assert.equal(unchanged.saml?.metadata_url, idpA.metadataUrl, "the refused change left the connection as it was");
  // Switching to manual fields, then an SSO URL that is not https.
  const manual = await updateConnection(ops, org.id, conn.id, { saml: { metadata_url: null, idp_entity_id: "urn:idp", idp_sso_url: "https://idp.example.com/sso" } });
  assert.equal(manual.saml?.metadata_url, null);
  delete process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES;
  try {
    await assert.rejects(updateConnection(ops, org.id, conn.id, { saml: { idp_sso_url: "http://idp.example.com/sso" } }), isDomainError("invalid", "saml.idp_sso_url", /https/));
  } finally {
    process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
  }
});

test("metadata refresh: a new signing certificate takes effect and is audited; a failed read keeps the last good one", async () => {
  let served = idpA.metadataXml;
  let status = 200;
  const server = http.createServer((_req, res) => res.writeHead(status, { "Content-Type": "application/xml" }).end(served));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/metadata`;
  try {
    const org = await createTestOrganization("Refresh");
    const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_url: url } });
    const before = conn.saml!.idp_certificates.map((c) => c.fingerprint_sha256);
    served = idpB.metadataXml.replaceAll(idpB.entityId, idpA.entityId);
    const r = await refreshDueMetadata(new Date(), { force: true });
    assert.ok(r.certificateChanges >= 1);
    const after = await getConnection(ops.principal, org.id, conn.id);
    assert.notDeepEqual(after.saml!.idp_certificates.map((c) => c.fingerprint_sha256), before);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: conn.id, action: "connection.certificate_changed" } });
    assert.deepEqual((event.after as { certificates: string[] }).certificates, after.saml!.idp_certificates.map((c) => c.fingerprint_sha256).sort());

    status = 500;
    await refreshDueMetadata(new Date(), { force: true });
    const failed = await getConnection(ops.principal, org.id, conn.id);
    assert.match(failed.saml!.metadata_error!, /HTTP 500.*last good metadata stays in use/);
    assert.deepEqual(failed.saml!.idp_certificates, after.saml!.idp_certificates);
  } finally {
    server.close();
  }
});

test("pruning removes expired login state and test results older than 7 days", async () => {
  const org = await createTestOrganization("Prune");
  const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_xml: idpA.metadataXml } });
  const old = new Date(Date.now() - 8 * 86_400_000);
  await db.samlAssertionId.create({ data: { connectionId: conn.id, assertionId: "_old", expiresAt: old } });
  await db.samlAssertionId.create({ data: { connectionId: conn.id, assertionId: "_live", expiresAt: new Date(Date.now() + 60_000) } });
  await db.ssoTestResult.create({ data: { id: `tst_${Date.now()}`, connectionId: conn.id, organizationId: org.id, configVersion: 1, passed: true, checks: {}, createdAt: old } });
  await pruneSsoState();
  assert.deepEqual((await db.samlAssertionId.findMany({ where: { connectionId: conn.id } })).map((r) => r.assertionId), ["_live"]);
  assert.equal(await db.ssoTestResult.count({ where: { connectionId: conn.id } }), 0);
});

test("environment clients: redirect URIs are checked (exact, https or localhost, no query or fragment, at most 5) and one default per deployment", async () => {
  const bad = async (uri: string, pattern: RegExp) => assert.rejects(createEnvironmentClient(ops, { name: "x", redirect_uris: [uri] }), (err: Error) => pattern.test(err.message));
  await bad("https://app.example.com/cb?x=1", /query/);
  await bad("https://app.example.com/cb#frag", /fragment/);
  await bad("http://app.example.com/cb", /https/);
  await bad("https://*.example.com/cb", /wildcards|written as/);
  await bad("javascript:alert(1)", /https/);
  await bad(`https://app.example.com/${"a".repeat(300)}`, /256/);
  await assert.rejects(createEnvironmentClient(ops, { name: "x", redirect_uris: ["https://a.test/1", "https://a.test/2", "https://a.test/3", "https://a.test/4", "https://a.test/5", "https://a.test/6"] }), /at most 5/);
  await assert.rejects(createEnvironmentClient(ops, { name: "x", redirect_uris: ["https://a.test/cb"], default_redirect_uri: "https://b.test/cb" }), isDomainError("invalid", "default_redirect_uri"));
  const first = await createEnvironmentClient(ops, { name: `Login ${uniq()}`, redirect_uris: ["http://localhost:3001/cb", "https://app.test/cb"], default_redirect_uri: "https://app.test/cb" });
  assert.deepEqual(first.client.scopes, [], "a login-only client needs no API scopes");
  try {
    await assert.rejects(createEnvironmentClient(ops, { name: "y", redirect_uris: ["https://other.test/cb"], default_redirect_uri: "https://other.test/cb" }), isDomainError("invalid", "default_redirect_uri", /already set/));
    const cleared = await updateEnvironmentClient(ops, first.client.client_id, { redirect_uris: ["http://localhost:3001/cb"] });
    assert.equal(cleared.default_redirect_uri, null, "removing the default's URI clears the default");
  } finally {
    await updateEnvironmentClient(ops, first.client.client_id, { default_redirect_uri: null });
  }
});

test("discovery: the OIDC provider metadata a stock client needs", async () => {
  const m = await authorizationServerMetadata();
  assert.equal(m.authorization_endpoint, `${m.issuer}/oauth/authorize`);
  assert.equal(m.userinfo_endpoint, `${m.issuer}/oauth/userinfo`);
  assert.deepEqual(m.response_types_supported, ["code"]);
  assert.deepEqual(m.code_challenge_methods_supported, ["S256"]);
  assert.ok(m.id_token_signing_alg_values_supported.includes("RS256"));
  assert.deepEqual(m.subject_types_supported, ["public"]);
  assert.ok(m.grant_types_supported.includes("authorization_code") && m.grant_types_supported.includes("client_credentials"));
  assert.ok(["openid", "email", "profile"].every((s) => m.scopes_supported.includes(s)));
});
