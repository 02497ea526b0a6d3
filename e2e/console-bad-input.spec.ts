import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

// What an operator sees when a console address carries text the database could not hold (a NUL, an
// unpaired surrogate: a hand-edited or pasted link): the page names the filter, shows nothing else
// wrong, and the form still works.

test("console filters with text PostgreSQL cannot store are named on the page, not a server error", async ({ page }) => {
  await signInAsBootstrapOwner(page);

  const audit = await page.goto("/console/audit?actor=ada%00&q=login");
  expect(audit!.status()).toBe(200);
  const problem = page.getByRole("alert").filter({ hasText: "Actor:" });
  await expect(problem).toHaveText("Actor: must not contain NUL characters or invalid Unicode (unpaired surrogates)");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await shootBothWidths(page, "console-audit-bad-filter");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  expect(await page.getByLabel("Actor").evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth), "the fields fit the screen").toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  // Correcting the field and filtering again works.
  await page.getByLabel("Actor").fill("ada");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "must not contain" })).toHaveCount(0);

  const orgs = await page.goto("/console/organizations?q=%00");
  expect(orgs!.status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "Search must not contain NUL" })).toBeVisible();
  await shootBothWidths(page, "console-organizations-bad-search");

  const usage = await page.goto("/console/usage?organization_id=%00");
  expect(usage!.status()).toBe(200);
  await expect(page.getByText("Organization: must not contain NUL characters")).toBeVisible();

  // The export names the filter in its JSON error.
  const exported = await page.request.get("/console/audit/export?format=csv&target=%00");
  expect(exported.status()).toBe(400);
  expect(await exported.json()).toMatchObject({ error: "invalid_request", details: [{ field: "target" }] });
});
