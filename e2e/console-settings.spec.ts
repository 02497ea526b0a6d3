import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { nextKeyPublishedAnHourAgo, withSigningKeysLocked } from "./support/keys";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("settings validate with errors that name the field, and save", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings");
  await expect(page).toHaveURL(/\/console\/settings\/sessions/);

  // Idle timeout longer than the session lifetime, and a lifetime below the minimum.
  const lifetime = page.getByLabel(/Session lifetime/);
  const idle = page.getByLabel(/Idle timeout/);
  const original = { lifetime: await lifetime.inputValue(), idle: await idle.inputValue() };
  await lifetime.fill("2");
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.getByText("Session lifetime must be at least 5 minutes")).toBeVisible();
  await lifetime.fill("60");
  await idle.fill("120");
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.getByText("Idle timeout must not be longer than the session lifetime")).toBeVisible();
  await shootBothWidths(page, "console-settings-sessions");
  await lifetime.fill(original.lifetime);
  await idle.fill(original.idle);
  await page.getByRole("button", { name: "Save session defaults" }).click();
  await expect(page.getByText("Session defaults saved.")).toBeVisible();

  // Allowed origins: a path or a bare wildcard is refused with the reason; a good origin is added and removed.
  await page.getByRole("link", { name: "Portal & branding" }).click();
  const origin = page.getByLabel("Origin", { exact: true });
  await origin.fill("https://app.example.com/settings");
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(page.locator("#origin-hint")).toContainText(/path/i);
  await origin.fill("https://*");
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(page.locator("#origin-hint")).toHaveClass(/text-red-700/);
  const stamp = Date.now().toString(36);
  await origin.fill(`https://app-${stamp}.example.com`);
  await page.getByRole("button", { name: "Add origin" }).click();
  await expect(page.getByRole("list", { name: "Allowed origins" })).toContainText(`https://app-${stamp}.example.com`);

  // Branding: a bad colour names the field.
  await page.getByLabel("Accent colour", { exact: true }).fill("purple");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Accent colour must be a colour like #4f46e5")).toBeVisible();
  await shootBothWidths(page, "console-settings-portal");
  await page.getByRole("button", { name: `Remove https://app-${stamp}.example.com` }).click();
  await expect(page.getByRole("list", { name: "Allowed origins" })).toHaveCount(0).catch(async () => {
    await expect(page.getByRole("list", { name: "Allowed origins" })).not.toContainText(`https://app-${stamp}.example.com`);
  });

  // Signing keys: rotate now moves the next key to current.
  await page.getByRole("link", { name: "Signing keys" }).click();
  await withSigningKeysLocked(async () => {
    const { db } = await import("@/lib/db");
    const nextKid = (await db.signingKey.findFirstOrThrow({ where: { status: "next" } })).id;
    const nextRow = page.locator("li", { hasText: nextKid });
    await page.reload();
    await expect(nextRow).toContainText("Next");
    await expect(nextRow).toContainText("can sign from");
    await expect(page.getByText(/Next automatic rotation:/)).toBeVisible();
    // A next key published moments ago may not be in validators' cached key sets: rotating is refused, saying when it can.
    await db.signingKey.update({ where: { id: nextKid }, data: { createdAt: new Date() } });
    await page.reload();
    await page.getByRole("button", { name: "Rotate now…" }).click();
    await page.getByRole("button", { name: "Rotate signing keys" }).click();
    await expect(page.getByText(/Rotate at or after \d{4}-\d\d-\d\d \d\d:\d\d UTC/)).toBeVisible();
    await expect(nextRow).toContainText("Next");
    // Published an hour ago: it rotates, and the former next key is the one signing.
    await nextKeyPublishedAnHourAgo();
    await page.reload();
    await page.getByRole("button", { name: "Rotate now…" }).click();
    await page.getByRole("button", { name: "Rotate signing keys" }).click();
    await expect(page.getByText("Keys rotated.")).toBeVisible();
    await expect(page.locator("li", { hasText: nextKid })).toContainText("Current");
  });
  await expect(page.locator("li", { hasText: "Previous" }).first()).toContainText("unpublished after");
  await page.getByLabel(/Rotate automatically every/).fill("0");
  await page.getByRole("button", { name: "Save key settings" }).click();
  await expect(page.getByText("Rotate automatically every must be at least 1 day")).toBeVisible();
  await shootBothWidths(page, "console-settings-keys");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});
