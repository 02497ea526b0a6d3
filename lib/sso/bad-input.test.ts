import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/http/request-context";
import { authorizeRequest } from "@/lib/oauth/authorize";
import { createOrganization } from "@/lib/organizations";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { isDomainError, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { createConnection as createConnectionTyped, getConnection, spMetadataFor, updateConnection as updateConnectionTyped } from "./connections";
import { completeOidcCallback, completeSamlLogin, startConnectionTest } from "./login";
import { createConnectionSchema, customAttributesSchema, updateConnectionSchema } from "./schemas";
import { selectConnection } from "./selection";
import { getTestResult } from "./tests";

// Bad input at SSO's boundaries (issue 10's rules): text PostgreSQL cannot hold (NUL, unpaired surrogates)
// and ids that cannot exist never reach a query. Each of these was a failed query (a 500) before.

const createConnection = viaSchema(createConnectionSchema, createConnectionTyped);
const updateConnection = viaSchema(updateConnectionSchema, updateConnectionTyped);
const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
const ops = operatorContext();
const context: RequestContext = { requestId: "req_bad_input", ip: null, userAgent: null };
const ssoOrganization = () => createOrganization(ops, { display_name: `SSO bad input ${uniq()}`, features: ["sso"] });

after(() => db.$disconnect());

const notFoundError = (name: string) => isDomainError("not_found", undefined, new RegExp(`^${name} not found$`));

test("connection and test-result ids that cannot exist are not found, without a query", async () => {
  const org = await ssoOrganization();
  for (const id of ["conn_1\u0000", "conn_\ud800", `conn_${"9".repeat(40)}`, "%00"]) {
    await assert.rejects(getConnection(ops.principal, org.id, id), notFoundError("Connection"));
    await assert.rejects(updateConnection(ops, org.id, id, { verified_domains_only: true }), notFoundError("Connection"));
    assert.equal(await spMetadataFor(id), null);
  }
  await assert.rejects(getTestResult(ops.principal, org.id, "tst_1\u0000"), notFoundError("Test result"));
  await assert.rejects(getConnection(ops.principal, "org_1\u0000", "conn_1"), notFoundError("Organization"));
});

test("connection settings follow the text rule, naming the field", async () => {
  const org = await ssoOrganization();
  const cases: [Record<string, unknown>, string][] = [
    [{ provider: "OKTA", saml: { metadata_xml: "<EntityDescriptor>\u0000" } }, "saml.metadata_xml"],
    [{ provider: "OKTA", saml: { idp_entity_id: "https://idp.test/\ud800" } }, "saml.idp_entity_id"],
    [{ provider: "OKTA", saml: { idp_certificates: ["MIIC\u0000"] } }, "saml.idp_certificates.0"],
    [{ provider: "GENERIC_OIDC", oidc: { client_id: "abc\u0000" } }, "oidc.client_id"],
    [{ provider: "GENERIC_OIDC", oidc: { client_secret: "\ud800secret" } }, "oidc.client_secret"],
    [{ provider: "OKTA", attribute_mapping: { email: "mail\u0000" } }, "attribute_mapping.email"],
    [{ provider: "OKTA", allowed_domains: ["acme.test\u0000"] }, "allowed_domains.0"],
  ];
  for (const [input, field] of cases) {
    await assert.rejects(createConnection(ops, org.id, input), isDomainError("invalid", field, /must not contain NUL characters or invalid Unicode/));
  }
  const labels = customAttributesSchema.safeParse([{ key: "employee_number", label: "Employee \u0000" }]);
  assert.equal(labels.success, false);
  assert.equal(await db.ssoConnection.count({ where: { organizationId: org.id } }), 0, "nothing was stored");
});

test("the login flow: hostile ids and parameters end on the SSO error page or at the redirect URI, never in a failed query", async () => {
  const org = await ssoOrganization();
  const redirectUri = `https://app-${uniq()}.example/callback`;
  const { client } = await createEnvironmentClient(ops, { name: `Bad input host ${uniq()}`, scopes: [], redirect_uris: [redirectUri] });

  // /oauth/authorize: a client_id that cannot be one is shown on Portico's page, not redirected.
  const page = await authorizeRequest(new URLSearchParams({ client_id: "skc_1\u0000", redirect_uri: redirectUri, response_type: "code", scope: "openid" }), "browser", context);
  assert.deepEqual([page.kind, page.kind === "page" && page.code], ["page", "invalid_client"]);
  // Past the client and redirect URI, an unstorable parameter goes back as invalid_request naming it (the state not echoed when it is the one).
  for (const name of ["state", "nonce", "login_hint", "domain"]) {
    const params = new URLSearchParams({ client_id: client.client_id, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "s", organization_id: org.id, [name]: "a\u0000b" });
    const outcome = await authorizeRequest(params, "browser", context);
    assert.equal(outcome.kind, "redirect", name);
    const url = new URL((outcome as { url: string }).url);
    assert.equal(url.origin + url.pathname, redirectUri);
    assert.equal(url.searchParams.get("error"), "invalid_request", name);
    assert.match(url.searchParams.get("error_description")!, new RegExp(`^${name} must not contain NUL`));
    assert.equal(url.searchParams.get("state"), name === "state" ? null : "s");
  }
  await assert.rejects(selectConnection({ connectionId: "conn_1\u0000" }), (err: unknown) => (err as { code?: string }).code === "invalid_connection_id");

  // The ACS, the OIDC callback and Test connection's start.
  const conn = await createConnection(ops, org.id, { provider: "GENERIC_OIDC", oidc: { client_id: "x" } });
  const acs = await completeSamlLogin({ connectionId: "conn_1\u0000", samlResponse: "PHg+", relayState: null, browserKey: null, context });
  assert.deepEqual(acs, { kind: "error_page", code: "invalid_acs_url", requestId: context.requestId });
  const callback = await completeOidcCallback({ connectionId: conn.id, url: new URL(`https://portico.test/sso/oidc/${conn.id}/callback?state=a%00b&code=c`), browserKey: null, context });
  assert.equal(callback.kind === "error_page" && callback.code, "sign_in_expired");
  const badConn = await completeOidcCallback({ connectionId: "conn_\ud800", url: new URL("https://portico.test/cb?state=s"), browserKey: null, context });
  assert.equal(badConn.kind === "error_page" && badConn.code, "sign_in_expired");
  assert.equal(await startConnectionTest("a\u0000b", "t", "browser"), null);
});
