import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("an owner creates, finds, edits and deletes an organization", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const name = `Acme Widgets ${stamp}`;
  await signInAsBootstrapOwner(page);
  await page.goto("/console/organizations");
  await page.getByRole("link", { name: "Create organization" }).click();

  // Validation errors name the field, and nothing is created.
  await page.getByLabel("Display name").fill("   ");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("Display name is required")).toBeVisible();

  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("External ID").fill(`acme-${stamp}`);
  // The features this deployment serves are offered (single sign-on too, now that it is served), off unless chosen.
  for (const label of [/Single sign-on/, /Directory sync/, /Domains/, /Roles/]) await expect(page.getByLabel(label)).not.toBeChecked();
  await page.getByLabel(/Activity/).uncheck();
  await page.getByRole("button", { name: "Add metadata" }).click();
  await page.getByLabel("Metadata key 1").fill("plan");
  await page.getByLabel("Metadata value 1").fill("enterprise");
  await shootBothWidths(page, "console-organization-new");
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("enterprise")).toBeVisible();
  await expect(page.getByText("Organization created")).toBeVisible();
  const orgUrl = page.url();
  // Features by their names, and an overview that reads as words when there is nothing yet.
  const details = page.getByRole("definition").filter({ has: page.getByText("Session settings", { exact: true }) });
  await expect(details).toHaveText("API clientsSession settings");
  await expect(page.getByText("api_clients")).toHaveCount(0);
  const overview = page.getByRole("region", { name: "Overview" });
  await expect(overview).not.toContainText("0 active of 0");
  await expect(overview.getByRole("definition").first()).toHaveText("None yetCreate one in the Service principals tab, or its admins can in the portal");
  // The organization id, with a copy button.
  await expect(page.getByTestId("organization-id")).toHaveText(orgUrl.split("/").pop()!);
  await expect(page.getByRole("button", { name: "Copy organization ID" })).toBeVisible();
  await shootBothWidths(page, "console-organization");
  // The service principals have their tab; they have loaded (not the spinner) before the screenshot.
  await page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: /Service principals/ }).click();
  await expect(page).toHaveURL(/\/service-principals$/);
  const principals = page.getByRole("region", { name: "Service principals" });
  await expect(principals.getByRole("heading", { name: "No service principals yet" })).toBeVisible();
  await expect(principals.getByText("Loading service principals…")).toHaveCount(0);
  await shootBothWidths(page, "console-organization-service-principals");

  // A second organization with the same external id is refused on that field.
  await page.goto("/console/organizations/new");
  await page.getByLabel("Display name").fill(`${name} copy`);
  await page.getByLabel("External id").fill(`acme-${stamp}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("An organization with this external_id already exists")).toBeVisible();

  // Search finds it by part of the name, case-insensitively.
  await page.goto(`/console/organizations?q=${encodeURIComponent(`widgets ${stamp}`.toUpperCase())}`);
  await expect(page.getByRole("link", { name })).toBeVisible();
  const listed = page.getByRole("row").filter({ hasText: name });
  await expect(listed).toContainText("API clients, Session settings");
  // Each organization with its principal count and when something last happened in it.
  await expect(listed.getByTestId("organization-principals")).toContainText("0");
  await expect(listed.getByTestId("organization-last-activity")).toContainText(/just now|\d+ minutes? ago/);
  await shootBothWidths(page, "console-organizations");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Edit: rename, drop a feature, change metadata.
  await page.goto(orgUrl);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Display name").fill(`${name} Ltd`);
  await page.getByLabel(/Session settings/).uncheck();
  await page.getByLabel("Metadata value 1").fill("growth");
  await shootBothWidths(page, "console-organization-edit");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `${name} Ltd` })).toBeVisible();
  await expect(page.getByText("growth")).toBeVisible();
  await expect(page.getByText("Organization updated")).toBeVisible();

  // Delete needs the exact name typed.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Delete organization…" }).click();
  const confirm = page.getByRole("button", { name: "Delete this organization" });
  await page.getByLabel(/to confirm/).fill(name);
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/to confirm/).fill(`${name} Ltd`);
  await confirm.click();
  await expect(page).toHaveURL(/\/console\/organizations$/);
  await page.goto(orgUrl);
  await expect(page.getByText("Organization not found")).toBeVisible();
});
