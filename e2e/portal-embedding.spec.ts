import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createTestApi } from "@/lib/test-support/fixtures";
import { shootBothWidths } from "./support/screens";
import { bearer, managementToken } from "./support/management";
import { allowOrigin, createTestOrganization, startHostApp, type HostApp } from "./support/portal";

// The admin portal inside another site: the host app runs on http://127.0.0.1:<port>, Portico on
// http://localhost:<port>. The host's backend gets a link over the management API (token endpoint +
// PUT portal_links) and its page is Portico's example snippet (public/examples/embed.js).

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.afterAll(() => db.$disconnect());

type HostEvent = { event_type: string; origin: string; organization_id: string; data: Record<string, unknown> };
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { porticoEvents: HostEvent[] }).porticoEvents);

async function hostBackend(request: Parameters<typeof managementToken>[0]): Promise<(orgId: string) => Promise<string>> {
  const token = await managementToken(request, { scope: "portal_links:write" });
  return async (orgId) => {
    const res = await request.put(`/api/v1/organizations/${orgId}/portal_links`, { headers: bearer(token), data: { actor: { id: "usr_host", email: "ada@customer.test", name: "Ada" } } });
    if (res.status() !== 200) throw new Error(`portal_links answered ${res.status()}: ${await res.text()}`);
    return (await res.json()).location as string;
  };
}

test("in a registered origin the portal loads, its session works, a service principal is created there, and events reach the host from Portico's origin", async ({ page, request }) => {
  const api = await createTestApi();
  const orgId = await createTestOrganization("Embedded Corp");
  const host = await startHostApp(await hostBackend(request));
  try {
    await allowOrigin(request, host.origin);
    // Portal routes name the allowed origins in frame-ancestors (no X-Frame-Options); others stay unframeable.
    const portalHeaders = (await request.get("/portal/link-error")).headers();
    expect(portalHeaders["content-security-policy"]).toMatch(new RegExp(`frame-ancestors 'self'[^;]* ${host.origin.replace(/[.]/g, "\\.")}`));
    expect(portalHeaders["x-frame-options"]).toBeUndefined();
    const consoleHeaders = (await request.get("/console/sign-in")).headers();
    expect(consoleHeaders["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(consoleHeaders["x-frame-options"]).toBe("DENY");
    await page.goto(`${host.origin}/?organization_id=${orgId}`);
    const portal = page.frameLocator('iframe[title="Admin portal"]');
    await expect(portal.getByTestId("portal-organization")).toHaveText("Embedded Corp");
    await expect(portal.getByRole("link", { name: "API clients" })).toHaveAttribute("aria-current", "page");
    await shootBothWidths(page, "portal-embedded-api-clients-empty");

    // Create a service principal inside the iframe (a server action with the session cookie + CSRF token).
    await portal.getByRole("button", { name: /^(New service principal|Create a service principal)$/ }).first().click();
    const form = portal.getByRole("dialog", { name: "New service principal" });
    await form.getByLabel("Name", { exact: true }).fill("Embedded sync");
    await form.getByRole("checkbox", { name: new RegExp(`^${api.read}`) }).check();
    await form.getByRole("button", { name: "Create service principal" }).click();
    const created = portal.getByRole("dialog", { name: "Service principal “Embedded sync” created" });
    await expect(created).toBeVisible();
    await shootBothWidths(page, "portal-embedded-credentials");
    const clientId = (await created.getByTestId("credentials-client-id").textContent())!.trim();

    const principal = await db.servicePrincipal.findFirstOrThrow({ where: { organizationId: orgId } });
    expect(principal.id).toBe(clientId);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "service_principal.created" } });
    expect(audit).toMatchObject({ actorType: "portal_user", actorId: "usr_host", actorLabel: "ada@customer.test" });

    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("SERVICE_PRINCIPAL_CREATED");
    const event = (await hostEvents(page)).find((e) => e.event_type === "SERVICE_PRINCIPAL_CREATED")!;
    expect(event.origin).toBe(new URL(process.env.BASE_URL!).origin);
    expect(event.organization_id).toBe(orgId);
    expect(JSON.stringify(event.data)).toContain(clientId);
    expect(JSON.stringify(event.data)).not.toMatch(/secret/i);

    await created.getByRole("checkbox", { name: /I have copied the client secret/ }).check();
    await created.getByRole("button", { name: "Done" }).click();

    // Deleting it sends SERVICE_PRINCIPAL_DELETED.
    const row = portal.getByTestId("service-principal").filter({ hasText: "Embedded sync" });
    await row.getByRole("button", { name: "Delete" }).click();
    const del = portal.getByRole("alertdialog", { name: "Delete “Embedded sync”?" });
    await del.getByLabel(/Type Embedded sync to confirm/).fill("Embedded sync");
    await del.getByRole("button", { name: "Delete service principal" }).click();
    await expect(del).toBeHidden();
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("SERVICE_PRINCIPAL_DELETED");
    const deleted = (await hostEvents(page)).find((e) => e.event_type === "SERVICE_PRINCIPAL_DELETED")!;
    expect(deleted).toMatchObject({ origin: new URL(process.env.BASE_URL!).origin, organization_id: orgId, data: { client_id: clientId } });
    expect(await db.auditEvent.count({ where: { organizationId: orgId, action: "service_principal.deleted", actorId: "usr_host" } })).toBe(1);

    // The other tabs work in the frame too.
    await shootBothWidths(page, "portal-embedded-api-clients");
    await portal.getByRole("link", { name: "Session settings" }).click();
    await expect(portal.getByRole("heading", { name: "Session settings" })).toBeVisible();
    await shootBothWidths(page, "portal-embedded-session-settings");
    await portal.getByRole("link", { name: "Activity" }).click();
    await expect(portal.getByRole("heading", { name: "Activity" })).toBeVisible();
    await expect(portal.getByTestId("activity-list")).toContainText("Service principal created");
    await expect(portal.getByTestId("activity-list")).toContainText("Service principal deleted");
    await shootBothWidths(page, "portal-embedded-activity");
  } finally {
    await host.stop();
  }
});

test("an origin that is not registered cannot frame the portal", async ({ page, request }) => {
  const orgId = await createTestOrganization("Unframed Corp");
  let host: HostApp | null = null;
  try {
    host = await startHostApp(await hostBackend(request));
    const refused: string[] = [];
    page.on("console", (m) => { if (/frame-ancestors/.test(m.text())) refused.push(m.text()); });
    await page.goto(`${host.origin}/?organization_id=${orgId}`);
    await expect(page.locator('iframe[title="Admin portal"]')).toBeAttached();
    await expect.poll(() => refused.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.frameLocator('iframe[title="Admin portal"]').getByTestId("portal-organization")).toHaveCount(0);
    expect(await hostEvents(page)).toEqual([]);
  } finally {
    await host?.stop();
  }
});

test("standalone screenshots of the API clients tab", async ({ page, request }) => {
  const orgId = await createTestOrganization("Standalone Corp");
  const location = await (await hostBackend(request))(orgId);
  await page.goto(location);
  await expect(page.getByRole("link", { name: "API clients" })).toHaveAttribute("aria-current", "page");
  await shootBothWidths(page, "portal-api-clients");
});
