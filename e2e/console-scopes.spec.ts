import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner } from "./support/console";
import { shootBothWidths } from "./support/screens";

test("the scope catalog adds, edits and (after confirming) deletes APIs and scopes; a held scope is refused, naming the holder", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const api = `Billing ${stamp}`;
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/scopes");

  await page.getByLabel("Name", { exact: true }).fill(api);
  await page.getByLabel("Audience identifier").fill("https://billing example.com");
  await page.getByRole("button", { name: "Add API" }).click();
  await expect(page.getByText("Audience identifier must be printable ASCII without spaces (usually the API's URL)")).toBeVisible();
  await expect(page.getByLabel("Audience identifier")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Audience identifier").fill(`https://billing-${stamp}.example.com`);
  await page.getByLabel("Scopes", { exact: true }).fill(`billing${stamp}:read billing${stamp}:write`);
  await page.getByRole("button", { name: "Add API" }).click();
  const section = page.getByRole("region", { name: api });
  // A just-added API opens, whatever the catalog's length.
  await expect(section.getByRole("list", { name: `Scopes of ${api}` })).toContainText(`billing${stamp}:write`);

  await section.getByLabel(`New scope for ${api}`, { exact: true }).fill(`billing${stamp}:refund`);
  await section.getByLabel(`Description of the new scope for ${api}`).fill("Issue refunds");
  await section.getByRole("button", { name: "Add scope" }).click();
  await expect(section.getByText("Issue refunds")).toBeVisible();

  // Edit the API: a taken audience is refused on that field; name and audience change together.
  const other = await createTestApi();
  await section.getByRole("button", { name: `Edit the API ${api}` }).click();
  const editApi = page.getByRole("dialog", { name: `Edit ${api}` });
  await editApi.getByLabel("Audience identifier").fill(other.audience);
  await editApi.getByRole("button", { name: "Save API" }).click();
  await expect(editApi.getByText("Another API already uses this audience", { exact: true })).toBeVisible();
  await expect(editApi.getByLabel("Audience identifier")).toHaveAttribute("aria-invalid", "true");
  await editApi.getByLabel("Name").fill(`${api} v2`);
  await editApi.getByLabel("Audience identifier").fill(`https://billing-${stamp}.example.com/v2`);
  await editApi.getByLabel("Description").fill("Invoices and refunds");
  await editApi.getByRole("button", { name: "Save API" }).click();
  await expect(editApi).toHaveCount(0);
  const renamed = page.getByRole("region", { name: `${api} v2` });
  await expect(renamed).toContainText(`aud: https://billing-${stamp}.example.com/v2`);
  await expect(renamed).toContainText("Invoices and refunds");
  const stored = await db.apiResource.findFirstOrThrow({ where: { name: `${api} v2` } });
  expect(stored.audience).toBe(`https://billing-${stamp}.example.com/v2`);

  // Edit a scope's description.
  await renamed.getByRole("button", { name: `Edit the scope billing${stamp}:read` }).click();
  const editScope = page.getByRole("dialog", { name: `Edit billing${stamp}:read` });
  await editScope.getByLabel("Description").fill("x".repeat(501));
  await editScope.getByRole("button", { name: "Save scope" }).click();
  await expect(editScope.getByText("Description must be at most 500 characters")).toBeVisible();
  await editScope.getByLabel("Description").fill("Read invoices and credit notes");
  await editScope.getByRole("button", { name: "Save scope" }).click();
  await expect(editScope).toHaveCount(0);
  await expect(renamed.getByText("Read invoices and credit notes")).toBeVisible();
  expect((await db.apiScope.findUniqueOrThrow({ where: { name: `billing${stamp}:read` } })).description).toBe("Read invoices and credit notes");

  // A principal holds the read scope: deleting it asks first, then is refused with the principal's name.
  const org = await createTestOrganization("Scope holder");
  await createServicePrincipal(operatorContext(), org.id, { name: `Ledger sync ${stamp}`, scopes: [`billing${stamp}:read`] });
  await renamed.getByRole("button", { name: `Delete the scope billing${stamp}:read` }).click();
  const confirmRead = page.getByRole("alertdialog", { name: `Delete the scope billing${stamp}:read?` });
  await confirmRead.getByRole("button", { name: "Delete scope" }).click();
  await expect(confirmRead.getByRole("alert")).toContainText(`The scope billing${stamp}:read is held by Ledger sync ${stamp}`);
  await confirmRead.getByRole("button", { name: "Cancel" }).click();
  expect(await db.apiScope.findUnique({ where: { name: `billing${stamp}:read` } })).not.toBeNull();

  // Cancelling a delete keeps the scope; confirming removes it.
  await renamed.getByRole("button", { name: `Delete the scope billing${stamp}:refund` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(renamed.getByText("Issue refunds")).toBeVisible();
  await renamed.getByRole("button", { name: `Delete the scope billing${stamp}:refund` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete scope" }).click();
  await expect(renamed.getByText("Issue refunds")).toHaveCount(0);
  expect(await db.apiScope.findUnique({ where: { name: `billing${stamp}:refund` } })).toBeNull();

  // Deleting the API needs its name typed.
  const bare = await createTestApi();
  await page.reload();
  await page.getByLabel("Filter APIs and scopes").fill(bare.audience);
  await page.getByRole("button", { name: `Delete the API ${bare.name}` }).click();
  const confirmApi = page.getByRole("alertdialog", { name: `Delete the API ${bare.name}?` });
  await expect(confirmApi.getByRole("button", { name: "Delete API" })).toBeDisabled();
  await confirmApi.getByLabel(/to confirm/).fill(bare.name);
  await confirmApi.getByRole("button", { name: "Delete API" }).click();
  await expect(page.getByRole("region", { name: bare.name })).toHaveCount(0);
  expect(await db.apiResource.findUnique({ where: { id: bare.id } })).toBeNull();
});

test("a long catalog starts folded and is filtered by API, audience or scope", async ({ page }) => {
  const apis = await Promise.all([createTestApi(), createTestApi(), createTestApi(), createTestApi()]);
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/scopes");
  const first = page.getByRole("region", { name: apis[0]!.name });
  const toggle = first.getByRole("button", { name: apis[0]!.name, exact: true });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(first.getByRole("list")).toHaveCount(0);
  await toggle.click();
  await expect(first.getByRole("list", { name: `Scopes of ${apis[0]!.name}` })).toContainText(apis[0]!.write);
  await toggle.click();
  await expect(first.getByRole("list")).toHaveCount(0);

  // Filtering by a scope name shows only that API, opened on the matching scope.
  const filter = page.getByLabel("Filter APIs and scopes");
  const listed = page.getByRole("region", { name: "APIs and scopes" }).getByRole("region");
  await filter.fill(apis[2]!.write);
  await expect(listed).toHaveCount(1);
  const match = page.getByRole("region", { name: apis[2]!.name });
  await expect(match.getByRole("list")).toContainText(apis[2]!.write);
  await expect(match.getByRole("list")).not.toContainText(apis[2]!.read);
  await filter.fill(apis[1]!.audience.toUpperCase());
  await expect(page.getByRole("region", { name: apis[1]!.name })).toBeVisible();
  await expect(listed).toHaveCount(1);
  await filter.fill("no-such-scope-anywhere");
  await expect(page.getByText("Nothing matches “no-such-scope-anywhere”")).toBeVisible();
  await filter.fill("");

  // Folded, the page stays short however many APIs the test data has added.
  await page.getByRole("button", { name: "Collapse all" }).click();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const count = await listed.count();
  expect(count).toBeGreaterThan(4);
  expect(height).toBeLessThan(700 + count * 140);
  // Open one for the screenshot (one of this test's own: other tests may have removed the demo API).
  await toggle.click();
  await shootBothWidths(page, "console-settings-scopes");
});
