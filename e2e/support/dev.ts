import { expect, type Page } from "@playwright/test";

/** Opens /dev (which starts a dev-tools session), creates an organization there and opens its page. Returns its id. */
export async function openNewDevOrganization(page: Page, name: string): Promise<string> {
  await page.goto("/dev");
  await expect(page.getByRole("heading", { name: "Organizations", level: 1 })).toBeVisible();
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/dev\/organizations\/org_\d+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return page.url().split("/").pop()!;
}
