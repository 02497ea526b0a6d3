import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { isServedFeature, ORGANIZATION_FEATURES, SERVED_FEATURES } from "@/lib/organizations/features";
import { DEFAULT_FEATURES } from "@/lib/organizations/schemas";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner } from "./support/console";
import { acknowledgeSecret } from "./support/credentials";
import { bearer, clientToken, managementToken } from "./support/management";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

// Console screens as operators use them: numbers that follow every change, the audit log on a phone,
// states that say what happened, tabs that show they scroll, and the keyboard in the token debugger.

test.afterAll(() => db.$disconnect());

/** The number in one of the organization page's summary cards. */
const summary = (page: Page, label: string) =>
  page.locator("dl > div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd > span").first();

test("an organization's summary follows every change made on its tabs, without a reload", async ({ page }) => {
  const api = await createTestApi();
  const org = await createTestOrganization("Counting Corp");
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/organizations/${org.id}/service-principals`);
  await expect(summary(page, "Service principals")).toHaveText("None yet");
  await expect(summary(page, "Active secrets")).toHaveText("0");

  await page.getByRole("button", { name: "Create a service principal" }).click();
  const form = page.getByRole("dialog", { name: "New service principal" });
  await form.getByLabel("Name", { exact: true }).fill("Counter");
  await form.getByRole("checkbox", { name: new RegExp(`^${api.read}`) }).check();
  await form.getByRole("button", { name: "Create service principal" }).click();
  await acknowledgeSecret(page);
  await expect(summary(page, "Service principals")).toHaveText("1");
  await expect(summary(page, "Active secrets")).toHaveText("1");
  await expect(page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: /Service principals/ })).toContainText("1");

  await page.getByRole("button", { name: "Add a secret to Counter" }).click();
  await page.getByRole("dialog", { name: /^Add a secret/ }).getByRole("button", { name: "Create secret" }).click();
  await acknowledgeSecret(page);
  await expect(summary(page, "Active secrets")).toHaveText("2");
  await shootBothWidths(page, "console-organization-service-principals-counts");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});

test("the audit log at 360 px: filters behind a button, active filters as chips that remove themselves, compact rows", async ({ page }) => {
  const stamp = Date.now().toString(36);
  for (let i = 0; i < 3; i++) {
    await appendTestAuditEvent(db, { action: `test_mobile.item_${i}`, actor: { type: "operator", id: "opr_mobile", label: `mobile-${stamp}@portico.test` }, target: { type: "thing", id: `thing_${stamp}_${i}` } });
  }
  await signInAsBootstrapOwner(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/console/audit?action=test_mobile.*&actor=${encodeURIComponent(`mobile-${stamp}`)}`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  // The form waits behind its button; the events are on the first screen.
  await expect(page.getByRole("button", { name: "Apply filters" })).toBeHidden();
  const toggle = page.getByRole("button", { name: "Filters (2)" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(rows.first()).toBeInViewport();
  for (const row of await rows.all()) expect((await row.boundingBox())!.height).toBeLessThan(90);
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await shootBothWidths(page, "console-audit-mobile");

  // The chips say what is filtered; removing one drops that filter only.
  const chips = page.getByRole("list", { name: "Active filters" });
  await expect(chips.getByRole("listitem")).toHaveCount(2);
  await chips.getByRole("link", { name: /Remove the filter Action/ }).click();
  await expect(page).not.toHaveURL(/action=/);
  await expect(page).toHaveURL(/actor=mobile-/);
  await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();

  // The button opens the form, which fits the screen.
  await page.getByRole("button", { name: "Filters (1)" }).click();
  await expect(page.getByRole("button", { name: "Apply filters" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Actor" })).toHaveValue(`mobile-${stamp}`);
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "e2e/screenshots/console-audit-mobile-filters-360.png" });
});

test("states say what happened: a shareable-links list that could not load offers Retry, never a raw 'Failed to fetch'", async ({ page }) => {
  const org = await createTestOrganization("Flaky Network Corp");
  await signInAsBootstrapOwner(page);
  let failNext = true;
  // The list's server action fails once at the network level, as when the server is unreachable.
  await page.route(`**/console/organizations/${org.id}/portal-links`, async (route) => {
    const r = route.request();
    if (failNext && r.method() === "POST" && r.headers()["next-action"] && r.postData() === JSON.stringify([org.id])) {
      failNext = false;
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  await page.goto(`/console/organizations/${org.id}/portal-links`);
  const panel = page.getByRole("region", { name: "Admin portal link" });
  const failed = panel.getByRole("alert").filter({ hasText: "Could not load the shareable links" });
  await expect(failed).toContainText("Could not reach the server. Check your connection and try again.");
  await expect(page.locator("body")).not.toContainText("Failed to fetch");
  await shootBothWidths(page, "console-portal-links-error");
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(panel.getByText("No shareable links")).toBeVisible();
});

test("the settings tabs show that they scroll on a phone", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/console/settings/sessions");
  const nav = page.getByRole("navigation", { name: "Settings" });
  await expect(nav.locator('[aria-current="page"]')).toHaveText("Sessions");
  const hint = page.getByTestId("tabs-scroll-hint");
  await expect(hint).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/console-settings-tabs-360.png" });
  await hint.click();
  await expect.poll(() => nav.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});

test("the token debugger keeps focus in its dialog after a check: Tab stays inside, Escape closes it", async ({ page, request }) => {
  const api = await createTestApi();
  const org = await createTestOrganization("Keyboard Debug Corp");
  const { client, plainSecret } = await createServicePrincipal(operatorContext(), org.id, { name: "Keyboard bot", scopes: [api.read] });
  const token = await clientToken(request, client.client_id, plainSecret);
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/organizations/${org.id}/service-principals`);
  const debug = page.getByTestId("service-principal").filter({ hasText: "Keyboard bot" }).getByRole("button", { name: "Debug a token" });
  await debug.click();
  const dialog = page.getByRole("dialog", { name: "Token debugger: Keyboard bot" });
  await dialog.getByLabel("Access token").fill(token);
  await dialog.getByRole("button", { name: "Check token" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("token-report")).toBeVisible();
  const inside = () => dialog.evaluate((d) => d.contains(document.activeElement) && document.activeElement !== document.body);
  expect(await inside()).toBe(true);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await inside()).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(debug).toBeFocused();
});

test("the management API takes the features this deployment serves and refuses others, naming the field", async ({ request }) => {
  const token = await managementToken(request);
  const everything = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "Wants everything served", features: SERVED_FEATURES } });
  expect(everything.status()).toBe(201);
  expect((await everything.json()).organization.features).toEqual(SERVED_FEATURES);
  const unknown = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "Wants more", features: ["api_clients", "sso_plus"] } });
  expect(unknown.status()).toBe(422);
  expect(await unknown.json()).toMatchObject({ error: "validation_failed", details: [{ field: "features.1", message: `must be one of ${SERVED_FEATURES.join(", ")}` }] });
  // A feature the API knows but this deployment does not serve yet says so (none while every feature's branch has landed).
  for (const unserved of ORGANIZATION_FEATURES.filter((f) => !isServedFeature(f))) {
    const refused = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "Wants more", features: ["api_clients", unserved] } });
    expect(refused.status()).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: "validation_failed",
      details: [{ field: "features.1", message: `${unserved} is not available on this deployment yet; available: ${SERVED_FEATURES.join(", ")}` }],
    });
  }
  expect(await db.organization.count({ where: { displayName: "Wants more" } })).toBe(0);
  const made = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "Served only" } });
  expect((await made.json()).organization.features).toEqual(DEFAULT_FEATURES);
  expect(DEFAULT_FEATURES.every(isServedFeature)).toBe(true);
});

test("the API reference: an OpenAPI 3.1 document and a page that renders it without anything from elsewhere", async ({ page, request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths["/api/v1/organizations/{id}/portal_links"].put.requestBody.content["application/json"].schema.properties).toHaveProperty("show_header");
  expect(doc.components.securitySchemes.management.flows.clientCredentials.tokenUrl).toBe(`${process.env.BASE_URL}/oauth/token`);

  const external: string[] = [];
  page.on("request", (r) => { if (new URL(r.url()).origin !== new URL(process.env.BASE_URL!).origin) external.push(r.url()); });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: /Portico API/ })).toBeVisible();
  const create = page.locator("#createServicePrincipal");
  await expect(create).toContainText("POST");
  await expect(create).toContainText("/api/v1/organizations/{id}/clients");
  await expect(create).toContainText("clients:write");
  await expect(create).toContainText("custom_claims");
  await page.getByRole("navigation", { name: "Operations" }).getByRole("link", { name: /Make a portal link/ }).click();
  await expect(page).toHaveURL(/#createPortalLink$/);
  expect(external).toEqual([]);
  await shootBothWidths(page, "api-reference");
});
