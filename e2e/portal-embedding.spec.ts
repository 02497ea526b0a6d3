import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium, expect, test, type BrowserContext } from "@playwright/test";
import { db } from "@/lib/db";
import { createTestApi } from "@/lib/test-support/fixtures";
import { shootBothWidths } from "./support/screens";
import { bearer, clientToken, managementToken } from "./support/management";
import { createTestOrganization, hostEvents, portalLink, startHostApp, stopServer, withEmbeddedPortal, type HostApp } from "./support/portal";

// The admin portal inside another site: the host app runs on http://127.0.0.1:<port>, Portico on
// http://localhost:<port>. The host's backend gets a link over the management API (token endpoint +
// PUT portal_links) and its page is Portico's example snippet (public/examples/embed.js).

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.afterAll(() => db.$disconnect());

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
  // Portal routes name the allowed origins in frame-ancestors (no X-Frame-Options); others stay unframeable.
  const checkHeaders = async (host: HostApp) => {
    const portalHeaders = (await request.get("/portal/link-error")).headers();
    expect(portalHeaders["content-security-policy"]).toMatch(new RegExp(`frame-ancestors 'self'[^;]* ${host.origin.replace(/[.]/g, "\\.")}`));
    expect(portalHeaders["x-frame-options"]).toBeUndefined();
    const consoleHeaders = (await request.get("/console/sign-in")).headers();
    expect(consoleHeaders["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(consoleHeaders["x-frame-options"]).toBe("DENY");
  };
  await withEmbeddedPortal(page, orgId, { makeLink: await hostBackend(request), beforeGoto: checkHeaders }, async (portal) => {
    await expect(portal.getByTestId("portal-organization")).toHaveText("Embedded Corp");
    await expect(portal.getByRole("link", { name: "API clients" })).toHaveAttribute("aria-current", "page");
    await shootBothWidths(page, "portal-embedded-api-clients-empty");

    // Create a service principal inside the iframe (a server action with the session cookie + CSRF token).
    await portal.getByRole("button", { name: /^(New API client|Create an API client)$/ }).first().click();
    const form = portal.getByRole("dialog", { name: "New API client" });
    await form.getByLabel("Name", { exact: true }).fill("Embedded sync");
    await form.getByRole("checkbox", { name: new RegExp(`^${api.read}`) }).check();
    await form.getByRole("button", { name: "Create API client" }).click();
    const created = portal.getByRole("dialog", { name: "API client “Embedded sync” created" });
    await expect(created).toBeVisible();
    await shootBothWidths(page, "portal-embedded-credentials");
    const clientId = (await created.getByTestId("credentials-client-id").textContent())!.trim();
    const secret = (await created.getByTestId("credentials-secret").textContent())!.trim();

    // The copy button inside the frame writes through the Clipboard API, which the iframe's
    // allow="clipboard-write" permits (no execCommand fallback): the host page reads the secret back.
    const frame = page.frames().find((f) => new URL(f.url()).pathname.startsWith("/portal/"))!;
    await frame.evaluate(() => {
      const w = window as unknown as { clipboardWrites: string[] };
      w.clipboardWrites = [];
      const original = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = async (text: string) => { await original(text); w.clipboardWrites.push("written"); };
    });
    await created.getByRole("button", { name: "Copy client secret" }).click();
    await expect(created.getByRole("status").filter({ hasText: "Copied" })).toHaveText("Copied");
    expect(await frame.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites)).toEqual(["written"]);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

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

    // The Integration panel and the token debugger, inside the frame.
    const card = portal.getByTestId("service-principal").filter({ hasText: "Embedded sync" });
    await card.getByRole("button", { name: "Integration" }).click();
    const integration = portal.getByRole("dialog", { name: "Integration: Embedded sync" });
    await expect(integration).toContainText(`${new URL(process.env.BASE_URL!).origin}/oauth/token`);
    await shootBothWidths(page, "portal-embedded-integration");
    await page.keyboard.press("Escape");
    await expect(integration).toBeHidden();
    const token = await clientToken(request, clientId, secret);
    await card.getByRole("button", { name: "Debug a token" }).click();
    const debuggerDialog = portal.getByRole("dialog", { name: "Token debugger: Embedded sync" });
    await debuggerDialog.getByLabel("Access token").fill(token);
    await debuggerDialog.getByRole("button", { name: "Check token" }).click();
    await expect(debuggerDialog.getByText("This token would be accepted")).toBeVisible();
    await shootBothWidths(page, "portal-embedded-token-debugger");
    await debuggerDialog.getByRole("button", { name: "Close" }).click();
    await expect(debuggerDialog).toBeHidden();

    // Deleting it sends SERVICE_PRINCIPAL_DELETED.
    const row = portal.getByTestId("service-principal").filter({ hasText: "Embedded sync" });
    await row.getByRole("button", { name: "Delete" }).click();
    const del = portal.getByRole("alertdialog", { name: "Delete “Embedded sync”?" });
    await del.getByLabel(/Type Embedded sync to confirm/).fill("Embedded sync");
    await del.getByRole("button", { name: "Delete API client" }).click();
    await expect(del).toBeHidden();
    // At 360 px the confirmation toast sits at the top of the frame, off the main action at the bottom.
    await page.setViewportSize({ width: 360, height: 740 });
    const toast = portal.getByText("“Embedded sync” deleted");
    await expect(toast).toBeVisible();
    const toastBox = (await toast.boundingBox())!;
    const createBox = (await portal.getByRole("button", { name: "Create an API client" }).boundingBox())!;
    expect(toastBox.y + toastBox.height).toBeLessThan(createBox.y);
    await shootBothWidths(page, "portal-embedded-api-clients");
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("SERVICE_PRINCIPAL_DELETED");
    const deleted = (await hostEvents(page)).find((e) => e.event_type === "SERVICE_PRINCIPAL_DELETED")!;
    expect(deleted).toMatchObject({ origin: new URL(process.env.BASE_URL!).origin, organization_id: orgId, data: { client_id: clientId } });
    expect(await db.auditEvent.count({ where: { organizationId: orgId, action: "service_principal.deleted", actorId: "usr_host" } })).toBe(1);

    // The other tabs work in the frame too.
    await portal.getByRole("link", { name: "Session settings" }).click();
    await expect(portal.getByRole("heading", { name: "Session settings" })).toBeVisible();
    await shootBothWidths(page, "portal-embedded-session-settings");
    await portal.getByRole("link", { name: "Activity" }).click();
    await expect(portal.getByRole("heading", { name: "Activity" })).toBeVisible();
    await expect(portal.getByTestId("activity-list")).toContainText("API client created");
    await expect(portal.getByTestId("activity-list")).toContainText("API client deleted");
    await shootBothWidths(page, "portal-embedded-activity");

    // When the session is over, the next tab change finds out from the server and says so; a fresh load
    // of the frame is the "ended" page, with its own h1, pointing back to the app.
    await db.portalSession.updateMany({ where: { organizationId: orgId }, data: { revokedAt: new Date() } });
    await portal.getByRole("link", { name: "API clients" }).click();
    await expect(portal.getByRole("heading", { level: 2, name: "Your portal session has expired" })).toBeVisible();
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("PORTAL_SESSION_EXPIRY");
    await frame.goto(frame.url());
    await expect(portal.getByRole("heading", { level: 1, name: "Your portal session has ended" })).toBeVisible();
    await expect(portal.getByTestId("portal-organization")).toHaveCount(0);
    await shootBothWidths(page, "portal-embedded-session-ended");
  });
});

test("a used link opened in the frame shows its page there, with a heading and no organization", async ({ page, request }) => {
  const orgId = await createTestOrganization("Used Link Corp");
  const used = await portalLink(orgId);
  expect((await request.get(used.location, { maxRedirects: 0 })).status()).toBe(303);
  await withEmbeddedPortal(page, orgId, { makeLink: async () => used.location }, async (portal) => {
    await expect(portal.getByRole("heading", { level: 1, name: "This portal link has already been used" })).toBeVisible();
    await expect(portal.locator("body")).not.toContainText("Used Link Corp");
    await shootBothWidths(page, "portal-embedded-link-used");
  });
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

/** A Chromium profile whose cookie setting is "block third-party cookies" (1) or "allow" (0). */
async function chromiumWithCookieControls(mode: 0 | 1): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-3pc-"));
  fs.mkdirSync(path.join(dir, "Default"));
  fs.writeFileSync(path.join(dir, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: mode } }));
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    baseURL: process.env.BASE_URL, viewport: { width: 1280, height: 800 },
  });
}

/**
 * A page on http://127.0.0.1:<port> framing http://localhost:<port> (another site), which sets an
 * unpartitioned and a partitioned SameSite=None cookie and shows which ones come back.
 */
async function cookieProbe(): Promise<{ check(context: BrowserContext): Promise<string>; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/set") {
      res.writeHead(200, { "Content-Type": "text/html", "Set-Cookie": ["plain=1; SameSite=None; Secure; Path=/", "chips=1; SameSite=None; Secure; Partitioned; Path=/"] });
      res.end("<script>location.href = '/show'</script>");
    } else if (req.url === "/show") {
      res.writeHead(200, { "Content-Type": "text/html" }).end(`<pre id="cookies">${req.headers.cookie ?? "(none)"}</pre>`);
    } else {
      res.writeHead(200, { "Content-Type": "text/html" }).end(`<iframe src="http://localhost:${(server.address() as { port: number }).port}/set"></iframe>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    async check(context) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const shown = page.frameLocator("iframe").locator("#cookies");
      await expect(shown).toBeVisible();
      const text = (await shown.textContent())!;
      await page.close();
      return text;
    },
    stop: () => stopServer(server),
  };
}

test("with third-party cookies blocked, the portal's partitioned session works inside the frame", async ({ request }) => {
  const probe = await cookieProbe();
  const allowing = await chromiumWithCookieControls(0);
  const blocking = await chromiumWithCookieControls(1);
  const orgId = await createTestOrganization("Blocked Cookies Corp", ["api_clients", "session_settings"]);
  try {
    // The probe tells the two apart: with the block, a third-party cookie is refused unless it is partitioned.
    expect(await probe.check(allowing)).toBe("plain=1; chips=1");
    expect(await probe.check(blocking)).toBe("chips=1");

    const page = await blocking.newPage();
    await withEmbeddedPortal(page, orgId, { makeLink: await hostBackend(request) }, async (portal, host) => {
      await expect(portal.getByTestId("portal-organization")).toHaveText("Blocked Cookies Corp");
      // Navigating and saving need the session cookie on every request from the frame.
      await portal.getByRole("link", { name: "Session settings" }).click();
      await expect(portal.getByRole("heading", { name: "Session settings" })).toBeVisible();
      await portal.getByLabel("Idle timeout").fill("20");
      await portal.getByRole("button", { name: "Save settings" }).click();
      await expect(portal.getByRole("status").filter({ hasText: "Session settings saved" })).toBeVisible();
      expect((await db.organizationSessionSettings.findUniqueOrThrow({ where: { organizationId: orgId } })).idleTimeoutSec).toBe(1200);
      const cookies = await blocking.cookies();
      expect(cookies.find((c) => c.name === "portico_portal_session")).toMatchObject({ httpOnly: true, secure: true, sameSite: "None", partitionKey: host.origin.replace(/:\d+$/, "") });
    });
  } finally {
    await Promise.allSettled([probe.stop(), allowing.close(), blocking.close()]);
  }
});

test("the portal works from the keyboard: tabs, the create button, a dialog that opens and closes, focus returned", async ({ page, request }) => {
  const orgId = await createTestOrganization("Keyboard Corp");
  await page.goto(await (await hostBackend(request))(orgId));
  const create = page.getByRole("button", { name: "Create an API client" });
  await expect(create).toBeVisible();
  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? (el.getAttribute("aria-label") ?? el.textContent ?? "").trim() : "";
  });
  // Tab from the top of the page: the portal's tabs first, in order, then the create button.
  const seen: string[] = [];
  for (let i = 0; i < 12 && seen.at(-1) !== "Create an API client"; i++) {
    await page.keyboard.press("Tab");
    seen.push(await focused());
  }
  expect(seen.slice(0, 3)).toEqual(["API clients", "Session settings", "Activity"]);
  expect(seen.at(-1)).toBe("Create an API client");
  await expect(create).toBeFocused();

  // Enter opens the dialog with focus inside it; Tab stays inside; Escape closes it and focus returns.
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "New API client" });
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < 15; i++) await page.keyboard.press("Tab");
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();

  // A tab opens with Enter too.
  await page.keyboard.press("Shift+Tab");
  for (let i = 0; i < 12 && (await focused()) !== "Session settings"; i++) await page.keyboard.press("Shift+Tab");
  expect(await focused()).toBe("Session settings");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/portal\/session-settings$/);
  await expect(page.getByRole("heading", { name: "Session settings" })).toBeVisible();
});
