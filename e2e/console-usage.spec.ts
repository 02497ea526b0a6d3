import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { signInAsBootstrapOwner } from "./support/console";
import { createOrgWithPrincipal, managementToken, requestToken } from "./support/management";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test.afterAll(() => db.$disconnect());

test("the usage view counts the tokens, failed authentications and neglected secrets this test produced", async ({ page, request }) => {
  // An organization with two principals: one gets 3 tokens and 1 wrong-secret attempt, the other's
  // secret is made to look 120 days old and never used.
  const token = await managementToken(request);
  const { organization, client, plainSecret, api } = await createOrgWithPrincipal(request, token, { name: `Usage org ${Date.now().toString(36)}` });
  for (let i = 0; i < 3; i++) expect((await requestToken(request, client.client_id, plainSecret)).status()).toBe(200);
  expect((await requestToken(request, client.client_id, "wrong-secret-for-usage")).status()).toBe(401);
  const idle = await request.post(`/api/v1/organizations/${organization.id}/clients`, { headers: { Authorization: `Bearer ${token}` }, data: { name: "Idle principal", scopes: [api.read] } });
  expect(idle.status(), await idle.text()).toBe(201);
  const idleId = (await idle.json()).client.client_id as string;
  await db.clientSecret.updateMany({ where: { clientId: idleId }, data: { createdAt: new Date(Date.now() - 120 * 86_400_000), lastUsedAt: null } });

  await signInAsBootstrapOwner(page);
  // Token counts reach the database in batches (every 5 s): look until they are there.
  await expect.poll(async () => {
    await page.goto(`/console/usage?organization_id=${organization.id}`);
    return page.getByRole("heading", { level: 2, name: /^Tokens issued: / }).textContent();
  }, { timeout: 30_000 }).toBe("Tokens issued: 3");
  await expect(page.getByRole("heading", { level: 2, name: /^Failed client authentications: / })).toHaveText("Failed client authentications: 1");

  const orgRow = page.getByTestId(`usage-org-${organization.id}`);
  await expect(orgRow).toContainText(organization.display_name);
  await expect(orgRow).toContainText("1 principal");
  await expect(orgRow.getByTestId("usage-count")).toHaveText("3");
  const today = new Date().toISOString().slice(0, 10);
  await expect(orgRow.getByRole("img")).toHaveAttribute("aria-label", new RegExp(`${today} 3$`));
  const principalRow = page.getByTestId(`usage-principal-${client.client_id}`);
  await expect(principalRow).toContainText("E2E principal");
  await expect(principalRow.getByTestId("usage-count")).toHaveText("3");
  await expect(principalRow.getByRole("img")).toHaveAttribute("aria-label", new RegExp(`${today} 3$`));

  await expect(page.getByRole("heading", { name: "Secrets unused for 30+ days (1)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Secrets older than 90 days (1)" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Secrets unused for 30+ days (1)" })).toContainText("Idle principal");
  await page.getByLabel("Rotation policy").selectOption("180");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/rotation=180/);
  await expect(page.getByRole("heading", { name: "Secrets older than 180 days (0)" })).toBeVisible();

  // The organization filter also takes the organization's name.
  await page.goto(`/console/usage?organization_id=${encodeURIComponent(organization.display_name)}`);
  await expect(page.getByRole("heading", { level: 2, name: /^Tokens issued: / })).toHaveText("Tokens issued: 3");
  await expect(page.getByLabel("Organization", { exact: true })).toHaveValue(organization.id);

  await page.goto(`/console/usage?organization_id=${organization.id}`);
  await shootBothWidths(page, "console-usage");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});
