import { expect, test } from "@playwright/test";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner } from "./support/console";
import { shootBothWidths } from "./support/screens";

test("the scope catalog adds APIs and scopes, and refuses to delete a scope a principal holds, naming it", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/scopes");

  await page.getByLabel("Name", { exact: true }).fill(`Billing ${stamp}`);
  await page.getByLabel("Audience identifier").fill("https://billing example.com");
  await page.getByRole("button", { name: "Add API" }).click();
  await expect(page.getByText(/Audience identifier must be printable ASCII without spaces/)).toBeVisible();

  await page.getByLabel("Audience identifier").fill(`https://billing-${stamp}.example.com`);
  await page.getByLabel("Scopes", { exact: true }).fill(`billing${stamp}:read billing${stamp}:write`);
  await page.getByRole("button", { name: "Add API" }).click();
  const api = page.getByRole("region", { name: `Billing ${stamp}` });
  await expect(api.getByRole("list", { name: `Scopes of Billing ${stamp}` })).toContainText(`billing${stamp}:write`);

  await api.getByLabel(`New scope for Billing ${stamp}`, { exact: true }).fill(`billing${stamp}:refund`);
  await api.getByLabel(`Description of the new scope for Billing ${stamp}`).fill("Issue refunds");
  await api.getByRole("button", { name: "Add scope" }).click();
  await expect(api.getByText("Issue refunds")).toBeVisible();
  await shootBothWidths(page, "console-settings-scopes");

  // A principal holds the read scope: deleting it is refused with the principal's name.
  const org = await createTestOrganization("Scope holder");
  await createServicePrincipal(operatorContext(), org.id, { name: `Ledger sync ${stamp}`, scopes: [`billing${stamp}:read`] });
  await api.getByRole("button", { name: `Delete the scope billing${stamp}:read` }).click();
  await expect(api.getByRole("alert")).toContainText(`Ledger sync ${stamp}`);
  await api.getByRole("button", { name: `Delete the scope billing${stamp}:refund` }).click();
  await expect(api.getByText("Issue refunds")).toHaveCount(0);
});
