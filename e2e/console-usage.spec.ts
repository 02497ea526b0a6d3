import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("the usage view shows tokens, failed authentications and secrets needing attention", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/usage");
  await expect(page.getByRole("heading", { name: /^Tokens issued: [\d,]+$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Failed client authentications: [\d,]+$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Secrets unused for 30\+ days/ })).toBeVisible();
  await page.getByLabel("Rotation policy").selectOption("30");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/rotation=30/);
  await expect(page.getByRole("heading", { name: /Secrets older than 30 days/ })).toBeVisible();
  await shootBothWidths(page, "console-usage");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});
