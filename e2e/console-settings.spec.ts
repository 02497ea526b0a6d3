import crypto from "node:crypto";
import zlib from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { getSessionDefaults } from "@/lib/session-settings";
import { signInAsBootstrapOwner } from "./support/console";
import { nextKeyPublishedAnHourAgo, withSigningKeysLocked } from "./support/keys";
import { createTestOrganization, portalLink } from "./support/portal";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { recordNextServerAction, replayServerAction } from "./support/server-actions";

// ─── A real PNG (so the browser can decode what was uploaded) ───
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A width × height PNG of one RGB colour. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** Loads `src` as an image in the page (so the page's CSP applies) and returns its decoded width, or an error. */
function decodedWidth(page: Page, src: string): Promise<number | string> {
  return page.evaluate(async (s) => {
    const img = new Image();
    img.src = s;
    try { await img.decode(); return img.naturalWidth; } catch (err) { return String(err); }
  }, src);
}

/** The settings tab of the current page lies within the viewport (retried: the page may still be hydrating). */
async function activeTabIsInView(page: Page) {
  const tab = page.getByRole("navigation", { name: "Settings" }).locator('[aria-current="page"]');
  await expect(tab).toBeVisible();
  const width = page.viewportSize()!.width;
  await expect.poll(async () => {
    const box = await tab.boundingBox();
    return box ? { left: box.x >= 0, right: box.x + box.width <= width } : null;
  }, { message: "the active tab's edges are on screen" }).toEqual({ left: true, right: true });
}

test("session defaults: errors name the field, and what is saved is what a reload shows", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings");
  await expect(page).toHaveURL(/\/console\/settings\/sessions/);

  const lifetime = page.getByLabel(/Session lifetime/);
  const idle = page.getByLabel(/Idle timeout/);
  const tokens = page.getByLabel(/Maximum access-token lifetime/);
  // The cap is named for what it is: one maximum over every client's expiry.
  await expect(page.getByText("Caps every client's expiry: no access token lives longer, whatever its client is set to.")).toBeVisible();
  const original = { lifetime: await lifetime.inputValue(), idle: await idle.inputValue(), tokens: await tokens.inputValue() };

  await lifetime.fill("2");
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.locator("#absolute_timeout_sec-hint")).toHaveText("Session lifetime must be at least 5 minutes");
  await expect(lifetime).toHaveAttribute("aria-invalid", "true");
  await lifetime.fill("60");
  await idle.fill("120");
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.locator("#idle_timeout_sec-hint")).toHaveText("Idle timeout must not be longer than the session lifetime");
  await shootBothWidths(page, "console-settings-sessions");

  // A valid change is saved: the database has it and a reload shows it. (The idle timeout moves by a
  // minute, which no concurrent test can notice; a lower token cap would shorten their tokens.)
  const idleMinutes = Number(original.idle) - 1;
  await lifetime.fill(original.lifetime);
  await idle.fill(String(idleMinutes));
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.getByText("Session defaults saved.")).toBeVisible();
  expect((await getSessionDefaults()).idle_timeout_sec).toBe(idleMinutes * 60);
  await page.reload();
  await expect(page.getByLabel(/Idle timeout/)).toHaveValue(String(idleMinutes));
  await expect(page.getByLabel(/Maximum access-token lifetime/)).toHaveValue(original.tokens);
  await page.getByLabel(/Idle timeout/).fill(original.idle);
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.getByText("Session defaults saved.")).toBeVisible();
  expect((await getSessionDefaults()).idle_timeout_sec).toBe(Number(original.idle) * 60);
});

test("allowed origins: exact errors for a path and a bare wildcard; an added origin can frame the portal until removed", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/portal");
  const origin = page.getByLabel("Origin", { exact: true });
  const hint = page.locator("#origin-hint");
  await origin.fill("https://app.example.com/settings");
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(hint).toHaveText("Origin must not have a path, query or fragment (use an origin like https://app.example.com or https://*.example.com)");
  await expect(origin).toHaveAttribute("aria-invalid", "true");
  await origin.fill("https://*");
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(hint).toHaveText("Origin may only use a wildcard as the first label, like https://*.example.com");

  const stamp = Date.now().toString(36);
  const added = `https://app-${stamp}.example.com`;
  await origin.fill(added);
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(page.getByRole("list", { name: "Allowed origins" }).getByText(added, { exact: true })).toBeVisible();
  await expect(origin).toHaveValue("");
  // What it is for: portal pages now let that origin frame them.
  const portalCsp = async () => (await page.request.get("/portal/link-error")).headers()["content-security-policy"];
  await expect.poll(portalCsp, { timeout: 15_000 }).toContain(added);

  await page.getByRole("button", { name: `Remove ${added}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Removed ${added}.` })).toBeVisible();
  await expect(page.getByRole("button", { name: `Remove ${added}` })).toHaveCount(0);
  expect(await db.allowedOrigin.findUnique({ where: { origin: added } })).toBeNull();
  await expect.poll(portalCsp, { timeout: 15_000 }).not.toContain(added);
});

test("branding: the logo and favicon are checked by their bytes, and the saved ones show in the portal and the console", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/portal");
  const logoHint = page.locator("#brand-logo-hint");
  const faviconHint = page.locator("#brand-favicon-hint");
  const save = page.getByRole("button", { name: "Save branding" });

  // A bad colour names the field.
  const accent = page.getByLabel("Accent colour", { exact: true });
  const originalAccent = await accent.inputValue();
  await accent.fill("purple");
  const brandingCall = recordNextServerAction(page);
  await save.click();
  await expect(page.locator("#brand-accent-error")).toHaveText("Accent colour must be a colour like #4f46e5");
  const recorded = await brandingCall;
  await accent.fill(originalAccent);

  // A GIF named logo.png: the browser calls it image/png, its bytes say otherwise.
  await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "latin1") });
  await save.click();
  await expect(logoHint).toHaveText("Logo is labelled PNG but its contents are a GIF; upload a real PNG, JPEG or WebP file");
  // SVG is refused outright (it can carry scripts).
  await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await save.click();
  await expect(logoHint).toHaveText("Logo cannot be an SVG (SVG files can carry scripts); upload a PNG, JPEG or WebP instead");
  // Too big: refused before it is sent.
  await page.getByLabel("Upload a logo").setInputFiles({ name: "big.png", mimeType: "image/png", buffer: Buffer.concat([png(4, 4, [0, 0, 0]), Buffer.alloc(150 * 1024)]) });
  await expect(logoHint).toHaveText(/^Logo is 15\d kB; the limit is 100 kB$/);
  // A JPEG is not a favicon.
  await page.getByLabel("Upload a favicon").setInputFiles({ name: "icon.jpg", mimeType: "image/jpeg", buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]) });
  await expect(page.getByText("Not a readable image")).toBeVisible();
  await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png(8, 8, [0, 0, 0]) });
  await save.click();
  await expect(faviconHint).toHaveText("Favicon must be a PNG or ICO image, not image/jpeg");
  await shootBothWidths(page, "console-settings-portal");

  // A link to an image elsewhere would be blocked by the portal's CSP, so the server refuses it (sent
  // directly, as the form only uploads).
  const body = JSON.parse(recorded.body) as [Record<string, string>];
  body[0]!.logo_url = "https://cdn.example.com/logo.png";
  body[0]!.accent_color = originalAccent;
  const replay = await replayServerAction(page, { ...recorded, body: JSON.stringify(body) });
  expect(replay.text).toContain("must be uploaded as a file (PNG, JPEG or WebP); links to images on other sites are not accepted");

  // Real images are saved; the audit event keeps their digests, not the images.
  const logo = png(120, 40, [15, 118, 110]);
  const favicon = png(32, 32, [220, 38, 38]);
  await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
  await page.getByLabel("Upload a favicon").setInputFiles({ name: "favicon.png", mimeType: "image/png", buffer: favicon });
  await expect(page.getByRole("img", { name: "Current favicon" })).toBeVisible();
  await save.click();
  await expect(page.getByText("Branding saved.")).toBeVisible();
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "branding.updated" }, orderBy: { seq: "desc" } });
  expect(event.after).toMatchObject({ logo: { type: "image/png", size_bytes: logo.length, sha256: sha256(logo) }, favicon: { type: "image/png", size_bytes: favicon.length, sha256: sha256(favicon) } });
  expect(JSON.stringify(event.after)).not.toContain("base64");

  // The console links the new favicon; it is served as that PNG, inert if opened as a page.
  await page.reload();
  const iconHref = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(iconHref).toMatch(/^\/favicon\.ico\?v=[0-9a-f]{16}$/);
  const served = await page.request.get(iconHref!);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["content-security-policy"]).toContain("sandbox");
  expect(Buffer.from(await served.body()).equals(favicon)).toBe(true);
  expect(await decodedWidth(page, iconHref!)).toBe(32);

  // The portal shows the logo (a data: image its CSP allows) and links the same favicon.
  const orgId = await createTestOrganization("Branding check", ["activity"]);
  await page.goto((await portalLink(orgId)).location);
  const headerLogo = page.locator("header img");
  await expect(headerLogo).toBeVisible();
  expect(await headerLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
  expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe(iconHref);
  expect(await decodedWidth(page, iconHref!)).toBe(32);
});

test("settings tabs keep the active one in view at phone width, and pages do not scroll sideways", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/console/settings/portal", "/console/settings/keys", "/console/settings/clients"]) {
    await page.goto(path);
    await activeTabIsInView(page);
    expect(await hasNoHorizontalOverflow(page)).toBe(true);
  }
  // And after the width changes under it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/console/settings/keys");
  await page.setViewportSize({ width: 360, height: 740 });
  await activeTabIsInView(page);
});

test("signing keys: rotate now makes the published next key current, once validators can have it", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/keys");
  await withSigningKeysLocked(async () => {
    const nextRow = page.getByRole("listitem").filter({ has: page.getByText("Next", { exact: true }) });
    await expect(nextRow).toHaveCount(1);
    const nextKid = (await nextRow.locator("p.font-mono > span").first().textContent())?.trim() ?? "";
    expect(nextKid).toMatch(/^snk_\d+$/);
    await expect(nextRow).toContainText("can sign from");
    await expect(page.getByText(/Next automatic rotation:/)).toBeVisible();
    await expect.poll(async () => ((await (await page.request.get("/keys")).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain(nextKid);

    // A next key published moments ago may not be in validators' cached key sets: rotating is refused, saying when it can.
    await db.signingKey.update({ where: { id: nextKid }, data: { createdAt: new Date() } });
    await page.reload();
    await page.getByRole("button", { name: "Rotate now…" }).click();
    await page.getByRole("button", { name: "Rotate signing keys" }).click();
    await expect(page.getByText(/Rotate at or after \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC/)).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: nextKid })).toContainText("Next");

    // Published an hour ago: it rotates, and the former next key is the one signing.
    await nextKeyPublishedAnHourAgo();
    await page.reload();
    await page.getByRole("button", { name: "Rotate now…" }).click();
    await page.getByRole("button", { name: "Rotate signing keys" }).click();
    await expect(page.getByText("Keys rotated.")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: nextKid })).toContainText("Current");
  });
  await expect(page.getByRole("listitem").filter({ has: page.getByText("Previous", { exact: true }) }).first()).toContainText("unpublished after");

  await page.getByLabel(/Rotate automatically every/).fill("0");
  await page.getByRole("button", { name: "Save key settings" }).click();
  await expect(page.getByText("Rotate automatically every must be at least 1 day")).toBeVisible();
  await shootBothWidths(page, "console-settings-keys");
});
