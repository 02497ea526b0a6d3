import { expect, test } from "@playwright/test";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("the audit log filters, shows a before → after diff, exports the filter and verifies the chain", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signInAsBootstrapOwner(page);

  // Make some history: create an organization and rename it.
  await page.goto("/console/organizations/new");
  await page.getByLabel("Display name").fill(`Audit Trail ${stamp}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name: `Audit Trail ${stamp}` })).toBeVisible();
  const orgId = page.url().split("/").pop()!;
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Display name").fill(`Audit Trail ${stamp} Renamed`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `Audit Trail ${stamp} Renamed` })).toBeVisible();

  // Filter by organization from the overview's "All activity" link.
  await page.getByRole("link", { name: "All activity" }).click();
  await expect(page.getByLabel("Organization id")).toHaveValue(orgId);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Organization updated");
  await expect(rows.nth(1)).toContainText("Organization created");
  await shootBothWidths(page, "console-audit");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Action family and free text narrow further.
  await page.getByLabel("Action").fill("organization.updated");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Search").fill("no-such-thing-anywhere");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await page.getByLabel("Search").fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();

  // Detail drawer with the readable diff; Escape closes it.
  await page.getByRole("link", { name: "Organization updated" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toBeVisible();
  const change = drawer.getByRole("listitem").filter({ hasText: "display_name" });
  await expect(change.getByLabel("before")).toHaveText(`Audit Trail ${stamp}`);
  await expect(change.getByLabel("after")).toHaveText(`Audit Trail ${stamp} Renamed`);
  await expect(drawer).toContainText("owner@portico.test");
  await shootBothWidths(page, "console-audit-event");
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);

  // Export the current filter (organization + action) as CSV and NDJSON with the page's session.
  const csvRes = await page.request.get(`/console/audit/export?format=csv&organization_id=${orgId}&action=organization.*`);
  expect(csvRes.status()).toBe(200);
  expect(csvRes.headers()["content-type"]).toContain("text/csv");
  expect(csvRes.headers()["content-disposition"]).toMatch(/attachment; filename="portico-audit-.*\.csv"/);
  const csvLines = (await csvRes.text()).trim().split("\r\n");
  expect(csvLines[0]).toMatch(/^time,id,organization_id,actor_type/);
  expect(csvLines.slice(1).map((l) => l.split(",")[6])).toEqual(["organization.updated", "organization.created"]);
  const nd = await page.request.get(`/console/audit/export?format=ndjson&organization_id=${orgId}`);
  const events = (await nd.text()).trim().split("\n").map((l) => JSON.parse(l));
  // Both exports are on the record too (they concerned this organization): the NDJSON one includes itself.
  expect(events.map((e) => e.action)).toEqual(["audit_log.exported", "audit_log.exported", "organization.updated", "organization.created"]);

  // The download links carry the same filter.
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /organization_id=.*action=organization\.updated.*format=csv/);

  // Without a console session the export is refused.
  const anonymous = await page.context().browser()!.newContext();
  const refused = await anonymous.request.get(`${new URL(page.url()).origin}/console/audit/export?format=csv`);
  expect(refused.status()).toBe(401);
  await anonymous.close();
  const bad = await page.request.get(`/console/audit/export?format=xml`);
  expect(bad.status()).toBe(400);

  // Chain verification from the page.
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Chain intact: [\d,]+ events checked/)).toBeVisible({ timeout: 30_000 });
});
