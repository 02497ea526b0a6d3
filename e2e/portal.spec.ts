import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/writer";
import { accentRgb, getBranding } from "@/lib/settings/branding";
import { revokePortalLink } from "@/lib/portal/links";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { ageSession, allowOrigin, createTestOrganization, hostCtx, portalLink, startHostApp } from "./support/portal";

// The admin portal reached through links: standalone, link states, session settings, isolation between
// organizations, CSRF and expiry. Embedding in another origin is in portal-embedding.spec.ts.

test.afterAll(() => db.$disconnect());

async function expectNoOverflowAt360(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an embedded link opens once; used, expired and revoked links each say so without naming the organization", async ({ page, request }) => {
  const orgId = await createTestOrganization("Globex Secret Division", ["session_settings", "activity"]);

  // The cookie: HttpOnly, Secure, SameSite=None, Partitioned (Chromium accepts Secure on http://localhost).
  const probe = await portalLink(orgId);
  const opened = await request.get(probe.location, { maxRedirects: 0 });
  expect(opened.status()).toBe(303);
  expect(opened.headers()["location"]).toMatch(/\/portal$/);
  const cookie = opened.headers()["set-cookie"] ?? "";
  expect(cookie).toMatch(/^portico_portal_session=pst_/);
  for (const attr of ["HttpOnly", "Secure", "SameSite=none", "Partitioned", "Path=/portal"]) expect(cookie.toLowerCase()).toContain(attr.toLowerCase());

  const link = await portalLink(orgId);
  await page.goto(link.location);
  await expect(page).toHaveURL(/\/portal\/session-settings$/);
  expect(page.url()).not.toContain("ptl_");
  await expect(page.getByTestId("portal-organization")).toHaveText("Globex Secret Division");
  await expect(page.getByRole("link", { name: "Session settings" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "API clients" })).toHaveCount(0);

  await page.goto(link.location);
  await expect(page).toHaveURL(/\/portal\/link-error\?reason=used$/);
  await expect(page.getByRole("heading", { name: "This portal link has already been used" })).toBeVisible();
  await expect(page.getByText(/open the admin portal again/)).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Globex");
  await shootBothWidths(page, "portal-link-used");
  await expectNoOverflowAt360(page);

  const stale = await portalLink(orgId);
  await db.portalLink.update({ where: { id: stale.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await page.goto(stale.location);
  await expect(page.getByRole("heading", { name: "This portal link has expired" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Globex");
  await shootBothWidths(page, "portal-link-expired");

  const shared = await portalLink(orgId, { kind: "shareable" });
  await page.goto(shared.location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Globex Secret Division");
  await revokePortalLink(hostCtx, orgId, shared.id);
  await page.reload();
  await expect(page.getByTestId("portal-session-ended")).toBeVisible();
  await expect(page.getByText("go back to your app and open the admin portal again")).toBeVisible();
  await shootBothWidths(page, "portal-session-ended");
  await page.goto(shared.location);
  await expect(page.getByRole("heading", { name: "This portal link has been revoked" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Globex");
  await shootBothWidths(page, "portal-link-revoked");

  await page.goto("/portal/l/ptl_forged");
  await expect(page.getByRole("heading", { name: "This portal link is not valid" })).toBeVisible();
});

test("the portal wears the deployment's branding: name, logo and accent colour", async ({ page }) => {
  const orgId = await createTestOrganization("Branded Org", ["session_settings"]);
  await page.goto((await portalLink(orgId)).location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Branded Org");
  // Read after the page so a concurrent settings test cannot make this flaky.
  const branding = await getBranding();
  await expect(page.getByText(`${branding.name} admin portal`)).toBeVisible();
  const accent = await page.locator("[style*='--accent']").first().evaluate((el) => getComputedStyle(el).getPropertyValue("--accent").trim());
  expect(accent).toBe(accentRgb(branding.accent_color));
  if (branding.logo_url) await expect(page.locator("header img")).toHaveAttribute("src", branding.logo_url);
});

test("session settings can only tighten the defaults, errors name the field, and changes are audited as the link's user", async ({ page }) => {
  const orgId = await createTestOrganization("Initech", ["session_settings", "activity"]);
  await page.goto((await portalLink(orgId)).location);
  await expect(page.getByRole("heading", { name: "Session settings" })).toBeVisible();
  await shootBothWidths(page, "portal-session-settings");
  await expectNoOverflowAt360(page);

  const idle = page.getByLabel("Idle timeout");
  await idle.fill("120");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#idle_timeout_sec-error")).toContainText("can only tighten it");
  await expect(idle).toHaveAttribute("aria-invalid", "true");
  await idle.fill("ten");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#idle_timeout_sec-error")).toContainText("whole number of minutes");
  await shootBothWidths(page, "portal-session-settings-error");

  await idle.fill("15");
  await page.getByLabel("Access token lifetime").fill("30");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Session settings saved" })).toBeVisible();
  await expect(page.getByText("In effect now: 15 minutes")).toBeVisible();
  const row = await db.organizationSessionSettings.findUniqueOrThrow({ where: { organizationId: orgId } });
  expect(row).toMatchObject({ idleTimeoutSec: 900, accessTokenLifetimeSec: 1800, absoluteTimeoutSec: null });
  const event = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "session_settings.updated" } });
  expect(event).toMatchObject({ actorType: "portal_user", actorId: "usr_e2e", actorLabel: "admin@host.test" });

  // The Activity tab lists it, with the host app's user as the actor.
  await page.getByRole("link", { name: "Activity" }).click();
  const list = page.getByTestId("activity-list");
  await expect(list.getByRole("listitem").first()).toContainText("Session settings updated");
  await expect(list.getByRole("listitem").first()).toContainText("by admin@host.test");
  await expect(list).toContainText("Portal link used");
  await shootBothWidths(page, "portal-activity");
  await expectNoOverflowAt360(page);
});

test("Activity shows only the organization's own events and pages with Load more", async ({ page }) => {
  const orgId = await createTestOrganization("Paged Org", ["activity"]);
  const other = await createTestOrganization("Other Org", ["activity"]);
  const actor = { type: "system" as const, id: null, label: "system" };
  for (let i = 0; i < 30; i++) await recordAudit(db, { action: "organization.updated", actor, organizationId: orgId, target: { type: "organization", id: `${orgId}` }, metadata: { n: i } });
  await recordAudit(db, { action: "organization.updated", actor, organizationId: other, target: { type: "organization", id: "target_of_other_org" } });
  await page.goto((await portalLink(orgId)).location);
  await expect(page).toHaveURL(/\/portal\/activity$/);
  const items = page.getByTestId("activity-list").getByRole("listitem");
  await expect(items).toHaveCount(25);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(32); // 30 updates + the link being created and used
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await expect(page.getByTestId("activity-list")).not.toContainText("target_of_other_org");
});

test("a portal session of organization A cannot read or change organization B", async ({ page }) => {
  const a = await createTestOrganization("Org A", ["session_settings", "activity"]);
  const b = await createTestOrganization("Org B", ["session_settings", "activity"]);
  await page.goto((await portalLink(a)).location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Org A");

  // Server action: the form's organization id swapped for B's is refused as "not found".
  await page.locator('input[name="organization_id"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), b);
  await page.getByLabel("Idle timeout").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Organization not found" })).toBeVisible();
  expect(await db.organizationSessionSettings.findUnique({ where: { organizationId: b } })).toBeNull();

  // Routes: the session check only ever describes the caller's own session, and the management API
  // does not accept the portal cookie at all.
  const routes = await page.evaluate(async (orgB) => {
    const s = await fetch("/portal/session").then((r) => r.json());
    const api = await fetch(`/api/v1/organizations/${orgB}/portal_links`, { method: "GET" });
    return { session: s, api: api.status };
  }, b);
  expect(routes.session.active).toBe(true);
  expect(routes.session).not.toHaveProperty("organization_id");
  expect([401, 404]).toContain(routes.api);

  // Pages: a tab the link lacks is a 404, not another organization's data.
  const c = await createTestOrganization("Org C", ["activity"]);
  await page.goto((await portalLink(c)).location);
  const settings = await page.goto("/portal/session-settings");
  expect(settings?.status()).toBe(404);
});

test("portal mutations are refused without the session's CSRF token", async ({ page }) => {
  const orgId = await createTestOrganization("Umbrella", ["session_settings"]);
  await page.goto((await portalLink(orgId)).location);
  await expect(page.getByRole("heading", { name: "Session settings" })).toBeVisible();
  const save = page.getByRole("button", { name: "Save settings" });
  await page.getByLabel("Idle timeout").fill("5");

  // Without the token (the cookie alone is not enough).
  await page.route("**/portal/session-settings", (route) => {
    const headers = { ...route.request().headers() };
    delete headers["x-portico-csrf"];
    return route.continue({ headers });
  });
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: "security token" })).toBeVisible();
  await page.unroute("**/portal/session-settings");

  expect(await db.organizationSessionSettings.findUnique({ where: { organizationId: orgId } })).toBeNull();
  // (The Origin check is covered in lib/portal/links.test.ts: browsers do not let a page forge Origin.)

  // The same form from the portal itself works.
  await page.reload();
  await page.getByLabel("Idle timeout").fill("5");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: "Session settings saved" })).toBeVisible();
  expect((await db.organizationSessionSettings.findUniqueOrThrow({ where: { organizationId: orgId } })).idleTimeoutSec).toBe(300);
});

test("an idle session ends, and the page says to reopen the portal from the app", async ({ page }) => {
  const orgId = await createTestOrganization("Idle Corp", ["session_settings"]);
  await db.organizationSessionSettings.create({ data: { organizationId: orgId, idleTimeoutSec: 60 } });
  await page.goto((await portalLink(orgId)).location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Idle Corp");
  const session = await db.portalSession.findFirstOrThrow({ where: { organizationId: orgId } });
  expect(session.idleTimeoutSec).toBe(60);
  await ageSession(orgId, { idleFor: 61 });
  await page.reload();
  await expect(page.getByTestId("portal-session-ended")).toBeVisible();
  await expect(page.getByTestId("portal-organization")).toHaveCount(0);
});

test("inside the host app: warning 5 minutes before the end, then the expiry event and the reopen state", async ({ page }) => {
  const orgId = await createTestOrganization("Expiring Inc", ["session_settings"]);
  // A 5-minute session (the shortest the settings allow) is inside the warning window from the start.
  await db.organizationSessionSettings.create({ data: { organizationId: orgId, absoluteTimeoutSec: 300, idleTimeoutSec: 300 } });
  const host = await startHostApp(async (id) => (await portalLink(id)).location);
  try {
    await allowOrigin(page.request, host.origin);
    await page.clock.install();
    await page.goto(`${host.origin}/?organization_id=${orgId}`);
    const portal = page.frameLocator('iframe[title="Admin portal"]');
    await expect(portal.getByTestId("portal-session-warning")).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as unknown as { porticoEvents: { event_type: string }[] }).porticoEvents.map((e) => e.event_type))).toContain("PORTAL_SESSION_WARNING");
    await shootBothWidths(page, "portal-embedded-session-warning");

    // The session's time runs out (on the server and in the page's clock).
    await ageSession(orgId, { expireIn: -1 });
    await page.clock.fastForward("05:10");
    await expect(portal.getByTestId("portal-session-ended")).toBeVisible();
    const events = await page.evaluate(() => (window as unknown as { porticoEvents: { event_type: string; origin: string; organization_id: string }[] }).porticoEvents);
    const expiry = events.find((e) => e.event_type === "PORTAL_SESSION_EXPIRY");
    expect(expiry).toMatchObject({ organization_id: orgId, origin: new URL(process.env.BASE_URL!).origin });
    await expect(page.getByRole("button", { name: "Reopen the admin portal" })).toBeVisible();
    await shootBothWidths(page, "portal-embedded-session-expired");
  } finally {
    await host.stop();
  }
});
