import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createEnvironmentClient as createEnvironmentClientTyped, updateEnvironmentClient } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { createConnection, enableConnection } from "@/lib/sso/connections";
import { operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { startOidcIdp, type TestOidcIdp } from "@/lib/test-support/oidc-idp";
import { startSamlIdp, type TestSamlIdp } from "@/lib/test-support/saml-idp";
import { bearer, managementToken } from "./support/management";
import { createTestOrganization, hostEvents, portalLink, withEmbeddedPortal } from "./support/portal";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { startSsoHost, type SsoHost } from "./support/sso-host";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);

// Single sign-on end to end, against real peers on localhost: a SAML IdP scripted with samlify, an
// OIDC provider (oidc-provider with devInteractions), and a host app that is a stock openid-client.

// This process plays the host app's backend and calls the domain directly for set-up; its IdPs are local.
process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
const ops = operatorContext("owner");
let samlIdp: TestSamlIdp;
let oidcIdp: TestOidcIdp;
let host: SsoHost;
let hostClientId: string;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  [samlIdp, oidcIdp] = await Promise.all([startSamlIdp(), startOidcIdp()]);
  host = await startSsoHost(process.env.BASE_URL!);
  const { client, plainSecret } = await createEnvironmentClient(ops, { name: `SSO host app ${uniq()}`, scopes: [], redirect_uris: [host.redirectUri] });
  hostClientId = client.client_id;
  host.setClient(client.client_id, plainSecret);
});
test.afterAll(async () => {
  await updateEnvironmentClient(ops, hostClientId, { default_redirect_uri: null }).catch(() => {});
  await Promise.all([samlIdp?.close(), oidcIdp?.close(), host?.stop()]);
  await db.$disconnect();
});

const SSO_FEATURES = ["sso", "api_clients", "activity"];

async function samlConnection(orgId: string, options: { binding?: "HTTP-POST"; idpInitiated?: boolean } = {}) {
  const saml = options.binding
    ? { idp_entity_id: samlIdp.entityId, idp_sso_url: samlIdp.ssoUrl, idp_sso_binding: options.binding, idp_certificates: [samlIdp.certificate] }
    : { metadata_url: samlIdp.metadataUrl };
  const conn = await createConnection(ops, orgId, { provider: "OKTA", saml, idp_initiated_login: options.idpInitiated ?? false });
  await enableConnection(ops, orgId, conn.id, { skip_test: true });
  return conn;
}

/** Waits until the host's iframe has taken the portal's height (PORTAL_RESIZE, applied by embed.js): nothing scrolls inside it. */
async function frameSettled(page: Page) {
  const frame = page.frames().find((f) => new URL(f.url()).pathname.startsWith("/portal"))!;
  await expect.poll(() => frame.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight)).toBeLessThanOrEqual(1);
}

/** Both widths of the embedding page, each once the frame has resized itself to the portal. */
const shootPortal = (page: Page, name: string) => shootBothWidths(page, name, { beforeShot: () => frameSettled(page) });

async function trustConnection(page: Page, connectionId: string) {
  const res = await page.request.get(`/sso/saml/${connectionId}/metadata`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/samlmetadata+xml");
  samlIdp.trust(await res.text());
}

test("portal: an admin sets up Okta by metadata URL, runs Test connection in a new window, reads the result and enables SSO", async ({ page }) => {
  const orgId = await createTestOrganization("Acme SSO", SSO_FEATURES);
  await withEmbeddedPortal(page, orgId, { makeLink: async (id) => (await portalLink(id, { features: SSO_FEATURES })).location }, async (portal) => {
    await portal.getByRole("link", { name: "Single sign-on" }).click();
    await expect(portal.getByRole("heading", { name: "Single sign-on is not set up" })).toBeVisible();
    await shootPortal(page, "portal-sso-empty");
    await portal.getByRole("button", { name: "Set up single sign-on" }).click();
    await portal.getByRole("button", { name: /^Okta/ }).click();
    await expect(portal.getByTestId("sso-status")).toHaveText("Not set up");

    // Okta's own labels for Portico's values, with copy buttons.
    await expect(portal.getByText("Single sign-on URL", { exact: true })).toBeVisible();
    await expect(portal.getByText("Audience URI (SP Entity ID)", { exact: true })).toBeVisible();
    const acs = (await portal.getByTestId("sp-acs_url").textContent())!;
    const connectionId = /\/sso\/saml\/(conn_\d+)\/acs$/.exec(acs)![1]!;
    expect(acs).toBe(`${process.env.BASE_URL}/sso/saml/${connectionId}/acs`);
    await expect(portal.getByRole("button", { name: "Copy Single sign-on URL" })).toBeVisible();
    await trustConnection(page, connectionId);

    await portal.getByLabel("Metadata URL", { exact: true }).fill(`${samlIdp.baseUrl}/no-such-metadata`);
    await portal.getByRole("button", { name: "Save identity provider" }).click();
    await expect(portal.getByText("The metadata URL answered HTTP 404")).toBeVisible();
    await portal.getByLabel("Metadata URL", { exact: true }).fill(samlIdp.metadataUrl);
    await portal.getByRole("button", { name: "Save identity provider" }).click();
    await expect(portal.getByTestId("sso-status")).toHaveText("Ready to test");
    await expect(portal.getByRole("list", { name: "Signing certificates" })).toContainText("Valid until");

    // A first test with a user the IdP sends without an email: it fails and says why.
    samlIdp.setUser({ firstName: "No", lastName: "Mail", nameId: "user-77" });
    const failing = page.waitForEvent("popup");
    await portal.getByRole("button", { name: "Test connection" }).click();
    const popup = await failing;
    await popup.getByRole("button", { name: "Sign in" }).click();
    await expect(popup.getByTestId("sso-test-verdict")).toHaveText("Failed");
    await expect(popup.getByTestId("check-attribute_mapping")).toHaveAttribute("data-status", "fail");
    await shootBothWidths(popup, "sso-test-window-failed");
    await popup.close();
    await expect(portal.getByTestId("sso-last-test")).toContainText("failed (mandatory_attribute_missing)");
    await expect(portal.getByRole("button", { name: "Enable" })).toBeDisabled();

    samlIdp.setUser({ email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", groups: ["Engineering"] });
    const passing = page.waitForEvent("popup");
    await portal.getByRole("button", { name: "Test connection" }).click();
    const popup2 = await passing;
    await popup2.getByRole("button", { name: "Sign in" }).click();
    await expect(popup2.getByTestId("sso-test-verdict")).toHaveText("Passed");
    await popup2.close();
    await expect(portal.getByTestId("sso-status")).toHaveText("Tested");
    await shootPortal(page, "portal-sso-tested");
    expect(await hasNoHorizontalOverflow(page)).toBe(true);

    // The admin's detailed result, inside the portal.
    await portal.getByRole("link", { name: "View result" }).click();
    await expect(portal.getByTestId("sso-test-verdict")).toHaveText("Passed");
    for (const check of ["signature", "audience", "recipient", "destination", "time_window", "in_response_to", "replay", "attribute_mapping"]) {
      await expect(portal.getByTestId(`check-${check}`)).toHaveAttribute("data-status", "pass");
    }
    await expect(portal.getByTestId("check-signature")).toContainText("SHA-256 fingerprint");
    await expect(portal.getByText("ada@acme.test").first()).toBeVisible();
    await shootPortal(page, "portal-sso-test-result");
    await portal.getByRole("link", { name: "← Single sign-on" }).click();

    await portal.getByRole("button", { name: "Enable" }).click();
    await expect(portal.getByTestId("sso-status")).toHaveText("Enabled");
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("ORGANIZATION_SSO_ENABLED");
    // From the server's event log, in Scalekit's shape (compat.md §3.4): the connection, nothing more.
    const enabledEvent = (await hostEvents(page)).find((e) => e.event_type === "ORGANIZATION_SSO_ENABLED")!;
    expect(enabledEvent.data).toEqual({ connection_type: "SSO", id: connectionId, type: "SAML", provider: "OKTA", enabled: true, organization_id: orgId });
    const audit = await db.auditEvent.findMany({ where: { targetId: connectionId }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["connection.created", "connection.updated", "connection.tested", "connection.tested", "connection.enabled"]);

    // The Activity tab tells the set-up in the admin's words.
    await portal.getByRole("link", { name: "Activity" }).click();
    await portal.getByTestId("activity-filter").selectOption("sso");
    // The filtered list replaces the full one once the address says so.
    await expect.poll(() => new URL(page.frames().find((f) => new URL(f.url()).pathname.startsWith("/portal"))!.url()).searchParams.get("kind")).toBe("sso");
    await expect(portal.getByText("Opened the admin portal")).toHaveCount(0);
    await expect(portal.getByText("SSO connection enabled")).toBeVisible();
    await expect(portal.getByText("SSO connection Okta (SAML)").first()).toBeVisible();
    const tested = portal.getByRole("button", { name: /SSO connection tested/ });
    await expect(tested).toHaveCount(2);
    await tested.last().click();
    await expect(portal.getByTestId("activity-details")).toContainText("The test sign-in failed (mandatory_attribute_missing): The identity provider did not send a required user attribute.");
    await shootPortal(page, "portal-sso-activity");
  });
});

test("SP-initiated SAML (redirect binding): the host app's stock openid-client gets a verified ID token and the profile", async ({ page }) => {
  const orgId = await createTestOrganization("Redirect binding", SSO_FEATURES);
  const conn = await samlConnection(orgId);
  await trustConnection(page, conn.id);
  samlIdp.setUser({ email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", groups: ["Engineering"] });
  await page.goto(`${host.origin}/login?organization_id=${orgId}`);
  await expect(page.getByRole("heading", { name: "Test IdP sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#email")).toHaveText("ada@acme.test");
  const signIn = host.signIns.at(-1)!;
  expect(signIn.claims).toMatchObject({ sub: `${conn.id};ada@acme.test`, oid: orgId, amr: [conn.id], name: "Ada Lovelace", connection_type: "SAML" });
  expect(signIn.userinfo).toMatchObject({ email: "ada@acme.test", given_name: "Ada" });
  expect(await db.auditEvent.count({ where: { targetId: conn.id, action: "sso.login_succeeded" } })).toBe(1);
});

test("SP-initiated SAML (POST binding)", async ({ page }) => {
  const orgId = await createTestOrganization("POST binding", SSO_FEATURES);
  const conn = await samlConnection(orgId, { binding: "HTTP-POST" });
  await trustConnection(page, conn.id);
  await page.goto(`${host.origin}/login?connection_id=${conn.id}`);
  await expect(page.getByText("(POST binding)")).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#connection")).toHaveText(conn.id);
});

test("IdP-initiated SAML: idp_initiated_login at the default redirect URI, turned into an SP-initiated login", async ({ page }) => {
  await updateEnvironmentClient(ops, hostClientId, { default_redirect_uri: host.redirectUri });
  const orgId = await createTestOrganization("IdP-initiated", SSO_FEATURES);
  const conn = await samlConnection(orgId, { idpInitiated: true });
  await trustConnection(page, conn.id);
  samlIdp.setUser({ email: "grace@acme.test", firstName: "Grace", lastName: "Hopper" });
  const before = host.signIns.length;
  await page.goto(`${samlIdp.baseUrl}/idp-init?RelayState=${encodeURIComponent("/reports")}`);
  // The host verified the JWT and started a normal login: the IdP is asked again.
  await expect(page.getByRole("heading", { name: "Test IdP sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#email")).toHaveText("grace@acme.test");
  expect(host.signIns.length).toBe(before + 1);
  expect(host.signIns.at(-1)!.idpInitiated).toBe(true);
});

test("OIDC connection: oidc-provider sign-in, then the host app's code exchange", async ({ page }) => {
  const orgId = await createTestOrganization("OIDC org", SSO_FEATURES);
  const draft = await createConnection(ops, orgId, { provider: "GENERIC_OIDC", oidc: { issuer: oidcIdp.issuer } });
  const registered = await oidcIdp.registerClient(draft.oidc!.redirect_uri);
  const { updateConnection } = await import("@/lib/sso/connections");
  await updateConnection(ops, orgId, draft.id, { oidc: { client_id: registered.clientId, client_secret: registered.clientSecret } });
  await enableConnection(ops, orgId, draft.id, { skip_test: true });
  oidcIdp.users.set("grace", { email: "grace@acme.test", given_name: "Grace", family_name: "Hopper", groups: ["Navy"] });
  await page.goto(`${host.origin}/login?organization_id=${orgId}`);
  await page.locator('input[name="login"]').fill("grace");
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#email")).toHaveText("grace@acme.test");
  expect(host.signIns.at(-1)!.claims).toMatchObject({ sub: `${draft.id};grace`, connection_type: "OIDC", groups: ["Navy"] });
});

test("errors: an unknown client or an unregistered redirect URI stays on a Portico page; other errors reach the redirect URI", async ({ page, request }) => {
  for (const query of [`client_id=skc_1&redirect_uri=${encodeURIComponent(host.redirectUri)}`, `client_id=${hostClientId}&redirect_uri=${encodeURIComponent("https://evil.example.com/cb")}`]) {
    const res = await request.get(`/oauth/authorize?response_type=code&scope=openid&${query}`, { maxRedirects: 0 });
    expect(res.status()).toBe(400);
    expect(res.headers().location).toBeUndefined();
    expect(await res.text()).toContain("This sign-in link is not valid");
  }
  await page.goto(`/oauth/authorize?response_type=code&scope=openid&client_id=${hostClientId}&redirect_uri=${encodeURIComponent("https://evil.example.com/cb")}`);
  await expect(page.getByRole("heading", { name: "This sign-in link is not valid" })).toBeVisible();
  await shootBothWidths(page, "sso-error-page");

  await page.goto(`${host.origin}/login?organization_id=org_404`);
  await expect(page.locator("#error")).toHaveText("invalid_organization_id");
  const orgId = await createTestOrganization("No connections", SSO_FEATURES);
  await page.goto(`${host.origin}/login?organization_id=${orgId}`);
  await expect(page.locator("#error")).toHaveText("no_configured_connections");
  await page.goto(`${host.origin}/login?login_hint=someone@unverified.test`);
  await expect(page.locator("#error")).toHaveText("domain_not_found");
});

test("management API: connections CRUD, enable only after a test (or skip_test, audited), scopes connections:read/write", async ({ request }) => {
  const orgId = await createTestOrganization("API org", SSO_FEATURES);
  const token = await managementToken(request);
  const created = await request.post(`/api/v1/organizations/${orgId}/connections`, { headers: bearer(token), data: { provider: "OKTA", saml: { metadata_url: samlIdp.metadataUrl }, allowed_domains: ["acme.test"] } });
  expect(created.status(), await created.text()).toBe(201);
  const conn = (await created.json()).connection;
  expect(conn).toMatchObject({ type: "SAML", provider: "OKTA", enabled: false, status: "configured", connection_type: "SSO" });
  expect(conn.saml.acs_url).toBe(`${process.env.BASE_URL}/sso/saml/${conn.id}/acs`);

  const bad = await request.post(`/api/v1/organizations/${orgId}/connections`, { headers: bearer(token), data: { provider: "OKTA", saml: { idp_certificates: ["not a certificate"] } } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).details[0].field).toBe("saml.idp_certificates.0");

  const refused = await request.patch(`/api/v1/organizations/${orgId}/connections/${conn.id}:enable`, { headers: bearer(token) });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error_description).toMatch(/Test connection/);
  const forced = await request.patch(`/api/v1/organizations/${orgId}/connections/${conn.id}:enable`, { headers: bearer(token), data: { skip_test: true } });
  expect(forced.status(), await forced.text()).toBe(200);
  expect((await forced.json()).connection.enabled).toBe(true);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: conn.id, action: "connection.enabled" } });
  expect(audit.metadata).toMatchObject({ skip_test: true });

  const patched = await request.patch(`/api/v1/organizations/${orgId}/connections/${conn.id}`, { headers: bearer(token), data: { attribute_mapping: { email: "mail" } } });
  expect((await patched.json()).connection.attribute_mapping).toEqual({ email: "mail" });
  const list = await request.get(`/api/v1/organizations/${orgId}/connections`, { headers: bearer(token) });
  expect((await list.json()).connections.map((c: { id: string }) => c.id)).toEqual([conn.id]);

  const readOnly = await managementToken(request, { scope: "connections:read" });
  expect((await request.get(`/api/v1/organizations/${orgId}/connections/${conn.id}`, { headers: bearer(readOnly) })).status()).toBe(200);
  const noWrite = await request.delete(`/api/v1/organizations/${orgId}/connections/${conn.id}`, { headers: bearer(readOnly) });
  expect(noWrite.status()).toBe(403);
  expect((await noWrite.json()).error).toBe("insufficient_scope");
  expect((await request.patch(`/api/v1/organizations/${orgId}/connections/${conn.id}:disable`, { headers: bearer(token) })).status()).toBe(200);
  expect((await request.delete(`/api/v1/organizations/${orgId}/connections/${conn.id}`, { headers: bearer(token) })).status()).toBe(204);
  expect((await request.get(`/api/v1/organizations/${orgId}/connections/${conn.id}`, { headers: bearer(token) })).status()).toBe(404);
});

test("management API: a host app's backend registers its own redirect URIs (exact, validated, audited)", async ({ request }) => {
  const { client, plainSecret } = await createEnvironmentClient(ops, { name: `Backend ${uniq()}`, scopes: ["clients:read", "clients:write"], audience: undefined });
  const token = await managementToken(request, { clientId: client.client_id, secret: plainSecret });
  const bad = await request.put("/api/v1/redirect_uris", { headers: bearer(token), data: { redirect_uris: ["https://app.example.com/cb?next=1"] } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).details[0]).toMatchObject({ field: "redirect_uris.0", message: expect.stringMatching(/query/) });
  const put = await request.put("/api/v1/redirect_uris", { headers: bearer(token), data: { redirect_uris: ["https://app.example.com/auth/callback"] } });
  expect(put.status(), await put.text()).toBe(200);
  expect(await (await request.get("/api/v1/redirect_uris", { headers: bearer(token) })).json()).toEqual({ client_id: client.client_id, redirect_uris: ["https://app.example.com/auth/callback"], default_redirect_uri: null });
  const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: client.client_id, action: "environment_client.updated" }, orderBy: { seq: "desc" } });
  expect(audit.actorType).toBe("management_client");
});
