import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { accentRgb, getBranding } from "@/lib/settings/branding";
import { revokePortalLink } from "@/lib/portal/links";
import { PORTAL_LINK_OPEN_FAILED } from "@/lib/portal/link-failures";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, operatorContext } from "@/lib/test-support/fixtures";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { clientToken } from "./support/management";
import { swapIdsInServerActions } from "./support/server-actions";
import { ageSession, createTestOrganization, hostCtx, hostEvents, portalLink, withEmbeddedPortal } from "./support/portal";

// The admin portal reached through links: standalone, link states, session settings, isolation between
// organizations, CSRF and expiry. Embedding in another origin is in portal-embedding.spec.ts.

test.afterAll(() => db.$disconnect());

const warningsSent = async (page: Page) => (await hostEvents(page)).filter((e) => e.event_type === "PORTAL_SESSION_WARNING").length;
/** Resolves once the portal page's session watch runs (so moving the page's clock reaches it). */
const watching = (frame: Page | FrameLocator) => expect(frame.locator("html")).toHaveAttribute("data-portal-session-watch", "on");
/** The portal's next answer from its session check (GET /portal/session). */
const sessionCheck = (page: Page) => page.waitForResponse((r) => new URL(r.url()).pathname === "/portal/session", { timeout: 15_000 });
/**
 * Moves the page's clock once its session watch is idle (a check still being read would take the tick's
 * place) and returns the server's answer to the check the tick makes.
 */
async function advance(page: Page, frame: Page | FrameLocator, step: string): Promise<{ remaining_ms: number }> {
  await watching(frame);
  const check = sessionCheck(page);
  await page.clock.fastForward(step);
  return (await check).json();
}

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
  await expect(page.getByRole("heading", { level: 1, name: "This portal link has already been used" })).toBeVisible();
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
  await expect(page.getByRole("heading", { level: 1, name: "Your portal session has ended" })).toBeVisible();
  await expect(page.getByText("go back to your app and open the admin portal again")).toBeVisible();
  await shootBothWidths(page, "portal-session-ended");
  await page.goto(shared.location);
  await expect(page.getByRole("heading", { level: 1, name: "This portal link has been revoked" })).toBeVisible();
  await expect(page.getByText("by your app or by whoever shared it with you")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Globex");
  await shootBothWidths(page, "portal-link-revoked");

  await page.goto("/portal/l/ptl_forged");
  await expect(page.getByRole("heading", { level: 1, name: "This portal link is not valid" })).toBeVisible();

  // Each failed open of a stored link is in the organization's audit trail with its reason, IP and
  // user agent (the forged token names no link, so nothing is written for it).
  const userAgent = await page.evaluate(() => navigator.userAgent);
  await expect.poll(async () => (await db.auditEvent.findMany({ where: { organizationId: orgId, action: PORTAL_LINK_OPEN_FAILED }, orderBy: { seq: "asc" } }))
    .map((e) => [e.targetId, (e.metadata as { reason: string }).reason, e.ip, e.userAgent])).toEqual([
    [link.id, "used", "127.0.0.1", userAgent],
    [stale.id, "expired", "127.0.0.1", userAgent],
    [shared.id, "revoked", "127.0.0.1", userAgent],
  ]);
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
  // The deployment's 12-hour lifetime is not what a portal session gets: it is capped at 6 hours.
  await expect(page.getByText("In effect now: 6 hours for admin portal sessions (they last 6 hours at most), 12 hours for other sessions")).toBeVisible();
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
  // The host app's user by the name it passed (the audit trail keeps their email).
  await expect(list.getByRole("listitem").first()).toContainText("by Host Admin");
  await expect(list).toContainText("Opened the admin portal");
  await shootBothWidths(page, "portal-activity");
  await expectNoOverflowAt360(page);
});

test("Activity shows only the organization's own events, pages with Load more, and never what only operators see", async ({ page }) => {
  const orgId = await createTestOrganization("Paged Org", ["activity"]);
  const other = await createTestOrganization("Other Org", ["activity"]);
  const actor = { type: "system" as const, id: null, label: "system" };
  // Every event carries what operators see and tenant admins must not: IP, user agent, request id,
  // before/after and metadata with a portal session id. The oldest ones come on page 2.
  const context = { requestId: "req_operatorsonly", ip: "198.51.100.23", userAgent: "OperatorsOnly/1.0" };
  for (let i = 0; i < 30; i++) {
    await appendTestAuditEvent(db, {
      action: "session_settings.updated", actor, organizationId: orgId, target: { type: "organization", id: `${orgId}` },
      before: { display_name: "before_value_x" }, after: { display_name: "after_value_x" }, metadata: { n: i, portal_session_id: "pls_operatorsonly" }, context,
    });
  }
  await appendTestAuditEvent(db, { action: "session_settings.updated", actor, organizationId: other, target: { type: "organization", id: "target_of_other_org" } });
  await page.goto((await portalLink(orgId)).location);
  await expect(page).toHaveURL(/\/portal\/activity$/);
  const items = page.getByTestId("activity-list").getByRole("listitem");
  await expect(items).toHaveCount(25);
  const leaks = ["198.51.100.23", "OperatorsOnly", "req_operatorsonly", "pls_", "before_value_x", "after_value_x", "user_agent", "request_id"];
  const firstPage = await page.content(); // the HTML with the page's server data
  for (const leak of leaks) expect(firstPage, leak).not.toContain(leak);

  // The "Load more" server action's answer, as the browser receives it.
  let secondPage = "";
  await page.route("**/portal/activity", async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.continue();
    const response = await route.fetch();
    const text = await response.text();
    await route.fulfill({ response, body: text });
    secondPage = text;
  });
  await page.getByRole("button", { name: "Load more" }).click();
  await expect.poll(() => secondPage.length).toBeGreaterThan(0);
  expect(secondPage).toContain('"next_cursor":null');
  expect(secondPage).toContain('"action":"session_settings.updated"');
  for (const leak of leaks) expect(secondPage, leak).not.toContain(leak);
  for (const field of ['"ip"', '"metadata"', '"before"', '"after"']) expect(secondPage, field).not.toContain(field);
  await expect(items).toHaveCount(31); // 30 updates + the link being used (its making is the host app's, not shown)
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await expect(page.getByTestId("activity-list")).not.toContainText("target_of_other_org");
});

const operatorCtx = operatorContext("owner");

test("a portal session of organization A is refused organization B's service principals through every server action", async ({ page }) => {
  const api = await createTestApi();
  const a = await createTestOrganization("Org A", ["api_clients", "session_settings", "activity"]);
  const b = await createTestOrganization("Org B", ["api_clients", "session_settings", "activity"]);
  const mine = (await createServicePrincipal(operatorCtx, a, { name: "Ours", scopes: [api.read] })).client;
  const { client: theirs, plainSecret: theirSecret } = await createServicePrincipal(operatorCtx, b, { name: "Theirs of B", scopes: [api.read] });
  const theirToken = await clientToken(page.request, theirs.client_id, theirSecret);
  await page.goto((await portalLink(a)).location);
  const card = page.getByTestId("service-principal").filter({ hasText: "Ours" });
  await expect(card).toBeVisible();

  // The portal's own UI sends each action; on the way, A's ids in the request are swapped for B's, as an
  // attacker holding A's session would. The portal's CSRF token and cookie stay A's (the checks pass), so
  // what refuses is the organization boundary.
  // The list (and scope catalog) calls, which carry only the organization id, are left alone until the
  // list step, so the refetch after each refused change keeps A's list on screen to drive the next one.
  const swapper = await swapIdsInServerActions(page, a);
  const answers = swapper.answers;
  async function refused(what: string, send: () => Promise<unknown>, code = "not_found", message = /Organization not found|Service principal not found/) {
    const before = answers.length;
    await send();
    await expect.poll(() => answers.length, { message: what }).toBeGreaterThan(before);
    const { status, text } = answers[before]!;
    expect(status, what).toBe(200);
    expect(text, what).toContain(`"ok":false,"error":{"code":"${code}"`);
    expect(text, what).toMatch(message);
    expect(text, what).not.toContain("Theirs of B");
    expect(text, what).not.toContain(theirs.client_id);
    // The portal shows the refusal; then the dialog it came from (if the step opened one) is closed.
    await expect(page.getByText(message).first(), what).toBeVisible();
    const dialog = page.getByRole("dialog").or(page.getByRole("alertdialog"));
    if ((await dialog.count()) > 0) await dialog.getByRole("button", { name: /^(Cancel|Close)$/ }).click();
    await expect(dialog, what).toHaveCount(0);
  }
  const toB: [string, string][] = [[a, b], [mine.client_id, theirs.client_id], [mine.secrets[0]!.id, theirs.secrets[0]!.id]];
  // Also "my organization, their principal": A's organization id with B's client and secret ids.
  const theirIdsInMyOrg: [string, string][] = [[mine.client_id, theirs.client_id], [mine.secrets[0]!.id, theirs.secrets[0]!.id]];

  for (const [label, ids] of [["B's ids", toB], ["B's principal under A", theirIdsInMyOrg]] as const) {
    swapper.swap = [...ids];
    await refused(`update (${label})`, async () => {
      await card.getByRole("button", { name: "Disable" }).click();
      await page.getByRole("alertdialog", { name: "Disable “Ours”?" }).getByRole("button", { name: "Disable" }).click();
    });
    await refused(`add secret (${label})`, async () => {
      await card.getByRole("button", { name: "Add a secret to Ours" }).click();
      await page.getByRole("dialog", { name: /^Add a secret/ }).getByRole("button", { name: "Create secret" }).click();
    });
    await refused(`revoke secret (${label})`, async () => {
      await card.getByRole("button", { name: `Revoke secret ending ${mine.secrets[0]!.secret_suffix}` }).click();
      await page.getByRole("alertdialog", { name: /^Revoke secret/ }).getByRole("button", { name: "Revoke secret" }).click();
    });
    await refused(`delete (${label})`, async () => {
      await card.getByRole("button", { name: "Delete" }).click();
      const dialog = page.getByRole("alertdialog", { name: "Delete “Ours”?" });
      await dialog.getByLabel(/Type Ours to confirm/).fill("Ours");
      await dialog.getByRole("button", { name: "Delete API client" }).click();
    });
    await refused(`debug token (${label})`, async () => {
      await card.getByRole("button", { name: "Debug a token" }).click();
      const dialog = page.getByRole("dialog", { name: "Token debugger: Ours" });
      await dialog.getByLabel("Access token").fill(theirToken);
      await dialog.getByRole("button", { name: "Check token" }).click();
    });
  }
  swapper.swap = [...toB];
  await refused("create", async () => {
    await page.getByRole("button", { name: "New API client" }).click();
    const form = page.getByRole("dialog", { name: "New API client" });
    await form.getByLabel("Name", { exact: true }).fill("Planted in B");
    await form.getByRole("checkbox", { name: new RegExp(`^${api.read}`) }).check();
    await form.getByRole("button", { name: "Create API client" }).click();
  }, "not_found", /Organization not found/);
  // List (and the scope catalog) on page load: every action the tab sends is refused, the page shows the error.
  swapper.swapLists = true;
  const before = answers.length;
  await page.reload();
  await expect(page.getByText("Could not load API clients")).toBeVisible();
  await expect(page.getByText("Organization not found").first()).toBeVisible();
  // (The tab also asks for the deployment's token endpoints, which name no organization.)
  const loaded = answers.slice(before).filter((x) => x.body.includes(b));
  expect(loaded.length).toBeGreaterThan(0);
  for (const { status, text } of loaded) {
    expect(status).toBe(200);
    expect(text).toContain('"ok":false,"error":{"code":"not_found","message":"Organization not found"');
  }
  await expect(page.locator("body")).not.toContainText("Theirs of B");

  // Nothing of B changed, nothing was written in its name.
  const after = await db.servicePrincipal.findMany({ where: { organizationId: b }, include: { secrets: true } });
  expect(after.map((p) => [p.id, p.name, p.status, p.secrets.map((x) => x.id), p.secrets.map((x) => x.status)])).toEqual([[theirs.client_id, "Theirs of B", "active", [theirs.secrets[0]!.id], ["ACTIVE"]]]);
  expect(await db.auditEvent.count({ where: { organizationId: b, actorType: "portal_user" } })).toBe(0);
  // And A's own principal is untouched too (every swapped call missed it).
  const ours = await db.servicePrincipal.findUniqueOrThrow({ where: { id: mine.client_id }, include: { secrets: true } });
  expect([ours.status, ours.secrets.length]).toEqual(["active", 1]);
});

test("a portal session of organization A sees only A on every portal page and route, whatever the request names", async ({ page, context }) => {
  const api = await createTestApi();
  const a = await createTestOrganization("Org A pages", ["api_clients", "session_settings", "activity"]);
  const b = await createTestOrganization("Org B pages", ["api_clients", "session_settings", "activity"]);
  await createServicePrincipal(operatorCtx, a, { name: "A's principal", scopes: [api.read] });
  await createServicePrincipal(operatorCtx, b, { name: "B's principal", scopes: [api.read] });
  await appendTestAuditEvent(db, { action: "organization.updated", actor: { type: "system", label: "system" }, organizationId: b, target: { type: "organization", id: "only_in_b" } });
  await page.goto((await portalLink(a)).location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Org A pages");

  // Pages take the organization from the session only: naming B in the URL changes nothing.
  for (const path of ["/portal", "/portal/api-clients", "/portal/session-settings", "/portal/activity"]) {
    const response = await page.goto(`${path}?organization_id=${b}&organization=${b}&org_id=${b}`);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByTestId("portal-organization"), path).toHaveText("Org A pages");
    for (const leak of ["Org B pages", "B's principal", "only_in_b"]) expect(await page.content(), `${path}: ${leak}`).not.toContain(leak);
  }
  await page.goto("/portal/api-clients");
  await expect(page.getByText("A's principal")).toBeVisible();
  await page.goto("/portal/session-settings");
  await expect(page.locator('input[name="organization_id"]')).toHaveValue(a);

  // Session settings: the form's organization id swapped for B's is refused as "not found".
  await page.locator('input[name="organization_id"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), b);
  await page.getByLabel("Idle timeout").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Organization not found" })).toBeVisible();
  expect(await db.organizationSessionSettings.findUnique({ where: { organizationId: b } })).toBeNull();

  // Routes: the session check describes only the caller's own session and names no organization.
  const session = await page.evaluate(async (orgB) => (await fetch(`/portal/session?organization_id=${orgB}`)).json(), b);
  expect(Object.keys(session).sort()).toEqual(["absolute_remaining_ms", "active", "idle_timeout_sec", "remaining_ms"]);
  expect(session.active).toBe(true);
  // The portal's session is no credential for the management API, as a cookie or as a bearer token.
  const cookie = (await context.cookies()).find((c) => c.name === "portico_portal_session")!;
  expect(cookie.value).toMatch(/^pst_/);
  const asCookie = await page.request.get(`/api/v1/organizations/${b}/clients`, { headers: { Cookie: `portico_portal_session=${cookie.value}` } });
  expect(asCookie.status()).toBe(401);
  expect(asCookie.headers()["www-authenticate"]).toBe('Bearer realm="portico"');
  const asBearer = await page.request.get(`/api/v1/organizations/${b}/clients`, { headers: { Authorization: `Bearer ${cookie.value}` } });
  expect(asBearer.status()).toBe(401);
  expect((await asBearer.json()).error).toBe("invalid_token");

  // A tab the link lacks is a 404 (a feature gate, not the organization boundary).
  const c = await createTestOrganization("Org C", ["activity"]);
  await page.goto((await portalLink(c)).location);
  expect((await page.goto("/portal/session-settings"))?.status()).toBe(404);
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

test("inside the host app: moving between tabs extends the session; the warning is sent once when really due, and again after an extension", async ({ page }) => {
  // The deployment's 60-minute idle timeout. Time passes for the server by ageing the session row, and
  // for the page with its fake clock.
  const orgId = await createTestOrganization("Browsing Co", ["session_settings", "activity"]);
  await withEmbeddedPortal(page, orgId, { beforeGoto: () => page.clock.install() }, async (portal) => {
    await expect(portal.getByTestId("portal-organization")).toHaveText("Browsing Co");
    await watching(portal);
    const session = () => db.portalSession.findFirstOrThrow({ where: { organizationId: orgId } });
    expect((await session()).idleTimeoutSec).toBe(3600);

    // 30 minutes on one tab, then another tab: the server records the activity and the page learns it.
    await ageSession(orgId, { idleFor: 30 * 60 });
    expect((await advance(page, portal, "30:00")).remaining_ms).toBeLessThan(31 * 60_000);
    await watching(portal);
    let check = sessionCheck(page);
    await portal.getByRole("link", { name: "Activity" }).click();
    await expect(portal.getByRole("heading", { name: "Activity" })).toBeVisible();
    expect((await (await check).json()).remaining_ms).toBeGreaterThan(59 * 60_000);
    expect(Date.now() - (await session()).lastSeenAt.getTime()).toBeLessThan(60_000);

    // 26 minutes later (56 since the page loaded, 26 since the last activity): no warning.
    await ageSession(orgId, { idleFor: 26 * 60 });
    expect((await advance(page, portal, "26:00")).remaining_ms).toBeGreaterThan(33 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toHaveCount(0);
    expect(await warningsSent(page)).toBe(0);

    // 57 minutes without activity: 3 minutes left. The warning is sent, once, however often the page checks.
    await ageSession(orgId, { idleFor: 57 * 60 });
    expect((await advance(page, portal, "31:00")).remaining_ms).toBeLessThan(4 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toContainText("Your session ends in about 3 minutes.");
    await expect.poll(() => warningsSent(page)).toBe(1);
    for (let i = 0; i < 4; i++) expect((await advance(page, portal, "01:05")).remaining_ms).toBeLessThan(4 * 60_000);
    await watching(portal);
    expect(await warningsSent(page)).toBe(1);
    await expect(portal.getByTestId("portal-session-warning")).toBeVisible();

    // Moving to another tab extends the session: the banner goes, and the next time the end is near
    // the warning is sent again.
    check = sessionCheck(page);
    await portal.getByRole("link", { name: "Session settings" }).click();
    expect((await (await check).json()).remaining_ms).toBeGreaterThan(59 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toHaveCount(0);
    await ageSession(orgId, { idleFor: 56 * 60 });
    expect((await advance(page, portal, "56:00")).remaining_ms).toBeLessThan(5 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toBeVisible();
    await expect.poll(() => warningsSent(page)).toBe(2);
    // "Keep working" extends it too.
    await watching(portal);
    check = sessionCheck(page);
    await portal.getByRole("button", { name: "Keep working" }).click();
    expect((await (await check).json()).remaining_ms).toBeGreaterThan(59 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toHaveCount(0);
  });
});

test("a short idle timeout does not warn on every page load: the warning comes at half the timeout", async ({ page }) => {
  const orgId = await createTestOrganization("Short Idle Co", ["session_settings"]);
  await db.organizationSessionSettings.create({ data: { organizationId: orgId, idleTimeoutSec: 120 } });
  await page.clock.install();
  await page.goto((await portalLink(orgId)).location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Short Idle Co");
  await watching(page);
  for (let i = 0; i < 3; i++) await page.clock.fastForward("00:05");
  await expect(page.getByTestId("portal-session-warning")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("portal-organization")).toHaveText("Short Idle Co");
  await expect(page.getByTestId("portal-session-warning")).toHaveCount(0);
  // A minute on the page: the server (asked once a minute) still has more than half the timeout left, so no warning.
  expect((await advance(page, page, "01:00")).remaining_ms).toBeGreaterThan(60_000);
  await expect(page.getByTestId("portal-session-warning")).toHaveCount(0);
  // 70 seconds idle of 120: now it warns.
  await ageSession(orgId, { idleFor: 70 });
  expect((await advance(page, page, "01:10")).remaining_ms).toBeLessThan(60_000);
  await expect(page.getByTestId("portal-session-warning")).toContainText("Your session ends in about 1 minute.");
  await expect(page.getByRole("button", { name: "Keep working" })).toBeVisible();
});

test("inside the host app: the absolute expiry is warned 5 minutes before the end, not at once; then the expiry event and the reopen state", async ({ page }) => {
  const orgId = await createTestOrganization("Expiring Inc", ["session_settings"]);
  // A 10-minute session: the warning is due at 5 minutes left, not when the page loads.
  await db.organizationSessionSettings.create({ data: { organizationId: orgId, absoluteTimeoutSec: 600 } });
  await withEmbeddedPortal(page, orgId, { beforeGoto: () => page.clock.install() }, async (portal) => {
    await expect(portal.getByTestId("portal-organization")).toHaveText("Expiring Inc");
    await watching(portal);
    for (let i = 0; i < 3; i++) await page.clock.fastForward("00:05");

    // 4 minutes in: 6 minutes left, still no warning.
    await ageSession(orgId, { expireIn: 6 * 60 });
    expect((await advance(page, portal, "04:00")).remaining_ms).toBeGreaterThan(5 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toHaveCount(0);
    expect(await warningsSent(page)).toBe(0);

    // 5 minutes left (a little less): the warning, with the real end, and no way to extend it.
    await ageSession(orgId, { expireIn: 4 * 60 + 50 });
    expect((await advance(page, portal, "01:10")).remaining_ms).toBeLessThanOrEqual(5 * 60_000);
    await expect(portal.getByTestId("portal-session-warning")).toHaveText("Your session ends in about 5 minutes. Reopen the portal from your app to continue after that.");
    await expect(portal.getByRole("button", { name: "Keep working" })).toHaveCount(0);
    await expect.poll(() => warningsSent(page)).toBe(1);
    const warning = (await hostEvents(page)).find((e) => e.event_type === "PORTAL_SESSION_WARNING")!;
    expect(warning).toMatchObject({ organization_id: orgId, origin: new URL(process.env.BASE_URL!).origin });
    const warnedAt = await page.evaluate(() => Date.now());
    const expiresIn = Date.parse(warning.data.expiry as string) - warnedAt;
    expect(expiresIn).toBeGreaterThan(4 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(5 * 60_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shootBothWidths(page, "portal-embedded-session-warning");

    // The session's time runs out (on the server and in the page's clock).
    await ageSession(orgId, { expireIn: -1 });
    await watching(portal);
    await page.clock.fastForward("05:10");
    await expect(portal.getByTestId("portal-session-ended")).toBeVisible();
    await expect(portal.getByRole("heading", { level: 2, name: "Your portal session has expired" })).toBeVisible();
    const events = await hostEvents(page);
    const expiry = events.find((e) => e.event_type === "PORTAL_SESSION_EXPIRY");
    expect(expiry).toMatchObject({ organization_id: orgId, origin: new URL(process.env.BASE_URL!).origin });
    expect(events.filter((e) => e.event_type === "PORTAL_SESSION_WARNING")).toHaveLength(1);
    await expect(page.getByRole("button", { name: "Reopen the admin portal" })).toBeVisible();
    await shootBothWidths(page, "portal-embedded-session-expired");
  });
});
