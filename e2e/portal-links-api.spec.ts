import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { bearer, managementToken } from "./support/management";
import { createTestOrganization } from "./support/portal";
import { shootBothWidths } from "./support/screens";

// The management API for portal links, over HTTP with tokens from the real token endpoint.

test.afterAll(() => db.$disconnect());

test("PUT portal_links makes an embedded link by default; shareable links are listed and revoked", async ({ request, page }) => {
  const token = await managementToken(request);
  const orgId = await createTestOrganization("API Links Org");

  const embedded = await request.put(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token), data: { actor: { id: "u1", email: "it@api.test", name: "IT" } } });
  expect(embedded.status(), await embedded.text()).toBe(200);
  const link = await embedded.json();
  expect(Object.keys(link).sort()).toEqual(["expire_time", "id", "kind", "location"]);
  expect(link.kind).toBe("embedded");
  expect(link.id).toMatch(/_p$/);
  expect(Date.parse(link.expire_time) - Date.now()).toBeLessThanOrEqual(60_000);
  const stored = await db.portalLink.findUniqueOrThrow({ where: { id: link.id } });
  expect(stored.tokenHash).not.toContain(link.location.split("/").pop());
  expect(stored.createdByType).toBe("management_client");

  // Without a body at all, too.
  expect((await request.put(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token) })).status()).toBe(200);

  const shareable = await (await request.put(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token), data: { kind: "shareable", features: ["session_settings"] } })).json();
  expect(Date.parse(shareable.expire_time) - Date.now()).toBeGreaterThan(6.9 * 86400_000);
  await page.goto(shareable.location);
  await expect(page.getByTestId("portal-organization")).toHaveText("API Links Org");

  const listed = await (await request.get(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token) })).json();
  expect(listed.portal_links).toHaveLength(1);
  expect(listed.portal_links[0]).toMatchObject({ id: shareable.id, kind: "shareable", features: ["session_settings"], status: "active" });
  expect(listed.portal_links[0].created_by.type).toBe("management_client");
  expect(listed.portal_links[0].last_used_time).not.toBeNull();
  expect(JSON.stringify(listed)).not.toContain("ptl_");

  const revoked = await request.delete(`/api/v1/organizations/${orgId}/portal_links/${shareable.id}`, { headers: bearer(token) });
  expect(revoked.status()).toBe(204);
  expect((await (await request.get(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token) })).json()).portal_links).toEqual([]);
  await page.reload();
  await expect(page.getByTestId("portal-session-ended")).toBeVisible();
  expect((await request.delete(`/api/v1/organizations/${orgId}/portal_links/nope_p`, { headers: bearer(token) })).status()).toBe(404);
});

test("portal_links input errors name the field; scope and organization are enforced", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await createTestOrganization("API Links Errors", ["api_clients"]);
  const put = (data: unknown, t = token, id = orgId) => request.put(`/api/v1/organizations/${id}/portal_links`, { headers: bearer(t), data: data as Record<string, unknown> });

  const badKind = await put({ kind: "forever" });
  expect(badKind.status()).toBe(422);
  expect((await badKind.json()).details[0].field).toBe("kind");
  const missingFeature = await put({ features: ["activity"] });
  expect(missingFeature.status()).toBe(422);
  expect(await missingFeature.json()).toMatchObject({ error: "validation_failed", details: [{ field: "features" }] });
  // A feature the deployment does not know is refused by name, never a link to an empty portal.
  const unknown = await put({ features: ["sso_plus"] });
  expect(unknown.status()).toBe(422);
  expect(await unknown.json()).toMatchObject({ error: "validation_failed", details: [{ field: "features.0", message: expect.stringContaining("must be one of") }] });
  expect((await (await put({ actor: { email: "nope" } })).json()).details[0].field).toBe("actor.email");
  expect((await put({}, token, "org_1")).status()).toBe(404);

  const readOnly = await managementToken(request, { scope: "organizations:read" });
  const noScope = await put({}, readOnly);
  expect(noScope.status()).toBe(403);
  expect((await noScope.json()).error).toBe("insufficient_scope");
  expect((await request.put(`/api/v1/organizations/${orgId}/portal_links`)).status()).toBe(401);

  const other = await createTestOrganization("API Links Other");
  // A token limited to another organization: this one does not exist for it.
  const limited = await managementToken(request, { organization: other });
  const outOfReach = await put({}, limited);
  expect(outOfReach.status()).toBe(404);
  expect((await outOfReach.json()).error).toBe("not_found");
  expect(await db.portalLink.count({ where: { organizationId: orgId } })).toBe(0);
});

test("the example host page served by Portico gets a link from its server route and shows the portal's events", async ({ page }) => {
  const orgId = await createTestOrganization("Example Host Org", ["session_settings", "activity"]);
  // A 5-minute session, so the portal sends PORTAL_SESSION_WARNING straight away.
  await db.organizationSessionSettings.create({ data: { organizationId: orgId, absoluteTimeoutSec: 300 } });
  await page.goto(`/examples/embed?organization_id=${orgId}`);
  const portal = page.frameLocator('iframe[title="Admin portal"]');
  await expect(portal.getByTestId("portal-organization")).toHaveText("Example Host Org");
  await expect(page.locator('iframe[title="Admin portal"]')).toHaveAttribute("allow", "clipboard-write");
  const used = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "portal_link.used" } });
  expect(used).toMatchObject({ actorType: "portal_user", actorId: "usr_example" });
  const created = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "portal_link.created" } });
  expect(created.actorType).toBe("management_client");
  await expect(page.locator("#portico-events")).toContainText("PORTAL_SESSION_WARNING: The admin portal session will expire in 5 minutes");
  await shootBothWidths(page, "example-host-page");
  // The route refuses junk and never runs for an unknown organization.
  expect((await page.request.post("/examples/portal-link", { data: { organization_id: "nope" } })).status()).toBe(422);
  expect((await page.request.post("/examples/portal-link", { data: { organization_id: "org_1" } })).status()).toBe(404);

  // Only callers on Portico's own machine: a request that reaches it through a (trusted, loopback) proxy
  // for a client elsewhere is refused, page and route, and no link is made.
  const links = await db.portalLink.count({ where: { organizationId: orgId } });
  const remote = { "X-Forwarded-For": "203.0.113.50" };
  const refused = await page.request.post("/examples/portal-link", { headers: remote, data: { organization_id: orgId } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: "forbidden" });
  expect((await page.request.get(`/examples/embed?organization_id=${orgId}`, { headers: remote })).status()).toBe(404);
  expect(await db.portalLink.count({ where: { organizationId: orgId } })).toBe(links);
  // The same requests from this machine work.
  expect((await page.request.get(`/examples/embed?organization_id=${orgId}`)).status()).toBe(200);
  expect((await page.request.post("/examples/portal-link", { data: { organization_id: orgId } })).status()).toBe(200);
});
