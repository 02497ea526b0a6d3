import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, operatorContext } from "@/lib/test-support/fixtures";
import { clientToken } from "./support/management";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { createTestOrganization, hostEvents, portalLink, withEmbeddedPortal } from "./support/portal";

// The admin portal as tenant admins meet it: sized by the host page, in their words, with states that
// say what happened and an Activity tab about their own settings.

test.afterAll(() => db.$disconnect());

const resizes = async (page: Page) => (await hostEvents(page)).filter((e) => e.event_type === "PORTAL_RESIZE").map((e) => e.data.height as number);
const frameHeight = (page: Page) => page.locator('iframe[title="Admin portal"]').evaluate((f) => (f as HTMLIFrameElement).getBoundingClientRect().height);
/** How far the portal scrolls inside its frame (0: the frame shows all of it). */
const innerScroll = (portal: FrameLocator) => portal.locator("html").evaluate((html) => html.scrollHeight - html.clientHeight);

test("inside a host page the portal reports its height, the frame follows it, and a link can leave the portal's header out", async ({ page }) => {
  const api = await createTestApi();
  const orgId = await createTestOrganization("Resizing Corp", ["api_clients", "session_settings", "activity"]);
  await createServicePrincipal(operatorContext(), orgId, { name: "Nightly sync", scopes: [api.read] });
  await createServicePrincipal(operatorContext(), orgId, { name: "Billing export", scopes: [api.read] });
  await withEmbeddedPortal(page, orgId, { makeLink: async (id) => (await portalLink(id, { show_header: false })).location }, async (portal) => {
    await expect(portal.getByTestId("service-principal")).toHaveCount(2);
    // No header: the host page names the organization; the portal keeps it as its (visually hidden) heading.
    await expect(portal.getByRole("banner")).toHaveCount(0);
    await expect(portal.getByRole("heading", { level: 1 })).toContainText("Resizing Corp");
    await expect(portal.getByRole("navigation", { name: "Admin portal" })).toBeVisible();

    // PORTAL_RESIZE: the content's height, from Portico's origin; embed.js sizes the frame to it (its 1 px border drawn outside).
    await expect.poll(() => resizes(page)).not.toEqual([]);
    const events = (await hostEvents(page)).filter((e) => e.event_type === "PORTAL_RESIZE");
    expect(events.every((e) => e.origin === new URL(process.env.BASE_URL!).origin && e.organization_id === orgId)).toBe(true);
    await expect.poll(async () => Math.round(await frameHeight(page)) - (await resizes(page)).at(-1)!).toBe(2);
    await expect.poll(() => innerScroll(portal)).toBeLessThanOrEqual(1);
    const wide = (await resizes(page)).at(-1)!;
    await shootBothWidths(page, "portal-embedded-resized");
    // Back at 1280 px after the screenshots: the last height reported is the wide one again.
    await expect.poll(async () => (await resizes(page)).at(-1)!).toBe(wide);

    // At 360 px the content is taller: a new height, still one scroll area (the host page's).
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(async () => (await resizes(page)).at(-1)!).toBeGreaterThan(wide);
    await expect.poll(() => innerScroll(portal)).toBeLessThanOrEqual(1);
    expect(await hasNoHorizontalOverflow(page)).toBe(true);

    // A dialog taller than the content makes the frame tall enough for it, so nothing scrolls inside.
    await page.setViewportSize({ width: 1280, height: 800 });
    await portal.getByRole("link", { name: "Session settings" }).click();
    await expect(portal.getByRole("heading", { name: "Session settings" })).toBeVisible();
    const short = (await resizes(page)).at(-1)!;
    await portal.getByRole("link", { name: "API clients" }).click();
    await portal.getByRole("button", { name: "New API client" }).click();
    const form = portal.getByRole("dialog", { name: "New API client" });
    await expect(form).toBeVisible();
    await expect.poll(async () => (await resizes(page)).at(-1)!).toBeGreaterThan(short);
    // The whole dialog fits the frame: neither it nor the portal scrolls inside; the host page scrolls to its buttons.
    await expect.poll(() => innerScroll(portal)).toBeLessThanOrEqual(1);
    await expect.poll(() => form.locator("[data-dialog-body]").evaluate((b) => b.scrollHeight - b.clientHeight)).toBeLessThanOrEqual(1);
    await form.getByRole("button", { name: "Create API client" }).scrollIntoViewIfNeeded();
    await expect(form.getByRole("button", { name: "Create API client" })).toBeInViewport();
    await shootBothWidths(page, "portal-embedded-create-dialog");
    await page.keyboard.press("Escape");
    await expect(form).toBeHidden();
  });
});

test("the portal says what happened: never opened here, a used link with a live session, no tabs because of the organization or the link", async ({ page, browser }) => {
  // A browser that never opened the portal is sent to its app, not told a session ended.
  const fresh = await browser.newContext();
  const stranger = await fresh.newPage();
  await stranger.goto(`${process.env.BASE_URL}/portal`);
  await expect(stranger.getByTestId("portal-not-opened")).toBeVisible();
  await expect(stranger.getByRole("heading", { level: 1, name: "Open the admin portal from your app" })).toBeVisible();
  await expect(stranger.getByText(/session has ended/)).toHaveCount(0);
  await shootBothWidths(stranger, "portal-not-opened");
  await fresh.close();

  // The same single-use link opened again while its session is live (a host page reloaded its frame).
  const orgId = await createTestOrganization("Reloading Corp", ["api_clients", "activity"]);
  const link = await portalLink(orgId);
  await page.goto(link.location);
  await expect(page.getByTestId("portal-organization")).toHaveText("Reloading Corp");
  await page.goto(link.location);
  await expect(page.getByRole("heading", { level: 1, name: "This portal link has already been used" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Reloading Corp");
  await shootBothWidths(page, "portal-link-used-continue");
  await page.getByRole("link", { name: "Continue to the portal" }).click();
  await expect(page.getByTestId("portal-organization")).toHaveText("Reloading Corp");
  await expect(page).toHaveURL(/\/portal\/api-clients$/);

  // No tab: the organization has no portal features (the link is not to blame)…
  const bare = await createTestOrganization("Featureless Corp", []);
  await page.goto((await portalLink(bare)).location);
  const none = page.getByTestId("portal-no-access");
  await expect(none).toContainText("Nothing to manage here yet");
  await expect(none).toContainText("Your organization has no admin portal features turned on yet");
  await expect(none).toContainText("the link you used is fine");
  await shootBothWidths(page, "portal-no-access-organization");
  // …or the link was made without the organization's features.
  await page.goto((await portalLink(orgId, { features: [] })).location);
  await expect(none).toContainText("This link opens none of your organization's settings");
  await expect(none).toContainText("API clients, Activity");
  await shootBothWidths(page, "portal-no-access-link");
});

test("Activity in tenant words: readable targets, the person's name, no vendor plumbing, a filter by kind and details", async ({ page, request }) => {
  const api = await createTestApi();
  const orgId = await createTestOrganization("Activity Corp", ["api_clients", "session_settings", "activity"]);
  // Something the vendor did: an operator in the console. Shown, but as the app's administrators.
  const { client, plainSecret } = await createServicePrincipal(operatorContext("owner"), orgId, { name: "Data warehouse export", scopes: [api.read] });
  // A refused token request of the organization's client: the tenant's business (a wrong secret).
  expect((await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: client.client_id, client_secret: `${plainSecret}x` } })).status()).toBe(401);
  await clientToken(request, client.client_id, plainSecret);
  await withEmbeddedPortal(page, orgId, {}, async (portal) => {
    // In the portal: a second secret, as the host app's user.
    const card = portal.getByTestId("service-principal").filter({ hasText: "Data warehouse export" });
    await card.getByRole("button", { name: "Add a secret to Data warehouse export" }).click();
    await portal.getByRole("dialog", { name: /^Add a secret/ }).getByRole("button", { name: "Create secret" }).click();
    const credentials = portal.getByRole("dialog", { name: "New secret for “Data warehouse export”" });
    const secret = (await credentials.getByTestId("credentials-secret").textContent())!.trim();
    await credentials.getByRole("checkbox", { name: /I have copied the client secret/ }).check();
    await credentials.getByRole("button", { name: "Done" }).click();

    await portal.getByRole("link", { name: "Activity" }).click();
    const list = portal.getByTestId("activity-list");
    const added = list.getByRole("listitem").filter({ hasText: "Secret added" }).first();
    await expect(added).toContainText(`secret ••••${secret.slice(-4)} of Data warehouse export`);
    await expect(added).toContainText("by Host Admin");
    await expect(list.getByRole("listitem").filter({ hasText: "API client created" })).toContainText("by the app's administrators");
    await expect(list.getByRole("listitem").filter({ hasText: "Token request refused" })).toContainText("API client Data warehouse export");
    await expect(list).toContainText("Opened the admin portal");
    // The vendor's own plumbing and raw ids stay in the console.
    for (const hidden of ["Portal link created", "ptl_", orgId, "owner@portico.test"]) await expect(list).not.toContainText(hidden);
    await shootBothWidths(page, "portal-embedded-activity-tenant");

    // Details on demand: who exactly, and why a token request was refused.
    await list.getByRole("listitem").filter({ hasText: "Token request refused" }).getByRole("button").click();
    await expect(portal.getByTestId("activity-details")).toContainText("Refused because the secret is wrong");
    await added.getByRole("button").click();
    await expect(added.getByTestId("activity-details")).toContainText("Host Admin (admin@host.test)");
    await shootBothWidths(page, "portal-embedded-activity-details");

    // A filter by kind, kept in the address.
    await portal.getByTestId("activity-filter").selectOption("portal_access");
    await expect(list.getByRole("listitem").first()).toContainText("Opened the admin portal");
    await expect(list).not.toContainText("Secret added");
    await portal.getByTestId("activity-filter").selectOption("api_clients");
    await expect(list).toContainText("Secret added");
    await expect(list).not.toContainText("Opened the admin portal");
    await shootBothWidths(page, "portal-embedded-activity-filtered");
  });
});
