import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { shootBothWidths } from "./support/screens";

test("an owner creates an environment client (secret shown once), rotates its secret and disables it", async ({ page }) => {
  const name = `Billing backend ${Date.now().toString(36)}`;
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/clients");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText(/name/i);

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("organizations:read").check();
  await page.getByLabel("Any organization").check();
  await page.getByRole("button", { name: "Create client" }).click();
  const secret = await page.getByLabel("Client secret").inputValue();
  const clientId = await page.getByLabel("Client ID").inputValue();
  expect(secret.length).toBeGreaterThan(40);
  expect(clientId).toMatch(/^skc_/);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByLabel("Client secret")).toHaveCount(0);

  // The secret works at the token endpoint.
  const token = await page.request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret } });
  expect(token.status()).toBe(200);

  const row = page.getByRole("list", { name: "Environment clients" }).getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText("Organizations: any");
  await row.getByRole("button", { name: `Rotate the secret of ${name}` }).click();
  const rotated = await page.getByLabel("Client secret").inputValue();
  expect(rotated).not.toBe(secret);
  await page.getByRole("button", { name: "I have copied it" }).click();
  const old = await page.request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret } });
  expect(old.status()).toBe(401);

  await row.getByRole("button", { name: `Disable ${name}` }).click();
  await expect(row).toContainText("disabled");
  await shootBothWidths(page, "console-settings-clients");
});
