import { expect, test } from "@playwright/test";
import { appendTestAuditEvents } from "@/lib/test-support/audit";
import { db } from "@/lib/db";
import { createTestOrganization } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test.afterAll(() => db.$disconnect());

/** "2026-11-22T09:30" for a datetime-local field (the audit page reads it as UTC). */
const minuteUtc = (ms: number) => new Date(ms).toISOString().slice(0, 16);

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
  await expect(page.getByLabel("Organization", { exact: true })).toHaveValue(orgId);
  await expect(page.locator("#f-org-hint")).toHaveText(`Audit Trail ${stamp} Renamed`);
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
  await expect(page.getByText(/Chain intact: [\d,]+ events checked/)).toBeVisible({ timeout: 60_000 });

  // Someone edits an event in the database: verification names that event, and links to it.
  const victim = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "organization.updated" } });
  await db.auditEvent.update({ where: { seq: victim.seq }, data: { actorLabel: "someone-else@portico.test" } });
  try {
    await page.getByRole("button", { name: "Verify chain" }).click();
    const broken = page.getByTestId("chain-broken");
    await expect(broken).toContainText(`Chain broken at event #${victim.seq} ${victim.id}`, { timeout: 60_000 });
    await expect(broken).toContainText("its contents do not match its hash: the event was edited after it was written");
    await shootBothWidths(page, "console-audit-chain-broken");
    await broken.getByRole("link", { name: victim.id }).click();
    await expect(page.getByRole("dialog")).toContainText(`${victim.id} · #${victim.seq}`);
    await expect(page.getByRole("dialog")).toContainText("someone-else@portico.test");
  } finally {
    await db.auditEvent.update({ where: { seq: victim.seq }, data: { actorLabel: victim.actorLabel } });
  }
  await page.goto("/console/audit");
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Chain intact: [\d,]+ events checked/)).toBeVisible({ timeout: 60_000 });
});

test("the audit log pages through a filter, narrows it by time range, actor prefix and organization name", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const target = `m2morg_paging_${stamp}`;
  const pager = { type: "operator" as const, id: `opr_pager_${stamp}`, label: `pager-${stamp}@portico.test` };
  // 60 events for one target, written through the audit writer.
  await appendTestAuditEvents(db, Array.from({ length: 60 }, (_, i) => ({
    action: `test_paging.item_${String(i).padStart(2, "0")}`, actor: pager, target: { type: "service_principal", id: target },
  })));
  const written = Date.now();
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/audit?target=${target}`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("test_paging.item_59");
  await expect(rows.last()).toContainText("test_paging.item_10");

  await page.getByRole("link", { name: "Older events" }).click();
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText("test_paging.item_09");
  await expect(rows.last()).toContainText("test_paging.item_00");
  await expect(page.getByRole("link", { name: "Older events" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest" }).click();
  await expect(rows.first()).toContainText("test_paging.item_59");

  // A time range around now keeps them, one after now or before them drops them; a range the wrong way round is refused.
  await page.getByLabel("From (UTC)").fill(minuteUtc(written - 10 * 60_000));
  await page.getByLabel("Until (UTC)").fill(minuteUtc(written + 10 * 60_000));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/since=.*until=/);
  await expect(rows).toHaveCount(50);
  await page.getByLabel("From (UTC)").fill(minuteUtc(written + 5 * 60_000));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await page.getByLabel("From (UTC)").fill("");
  await page.getByLabel("Until (UTC)").fill(minuteUtc(written - 10 * 60_000));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await page.getByLabel("From (UTC)").fill(minuteUtc(written + 60_000));
  await page.getByLabel("Until (UTC)").fill(minuteUtc(written - 60_000));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("From: must be before until");

  // The actor filter takes the start of an email, in any case.
  await page.goto(`/console/audit?target=${target}&actor=${encodeURIComponent(`PAGER-${stamp}`)}`);
  await expect(rows).toHaveCount(50);
  await page.goto(`/console/audit?actor=${encodeURIComponent(`pager-${stamp}-nobody`)}`);
  await expect(page.getByText("No events match these filters")).toBeVisible();

  // The organization filter takes a name: one match becomes its id; a name shared by several is offered as links.
  const unique = `Pager Org ${stamp}`;
  await page.goto("/console/organizations/new");
  await page.getByLabel("Display name").fill(unique);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name: unique })).toBeVisible();
  const orgId = page.url().split("/").pop()!;
  const sibling = await createTestOrganization(`${unique} B`);
  await page.goto("/console/audit");
  await page.getByLabel("Organization", { exact: true }).fill(unique.toLowerCase());
  await expect(page.locator(`datalist option[value="${orgId}"]`)).toHaveCount(1);
  await expect(page.locator(`datalist option[value="${sibling.id}"]`)).toHaveCount(1);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows.first()).toContainText("Organization created");
  await expect(page.getByLabel("Organization", { exact: true })).toHaveValue(orgId);
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", new RegExp(`organization_id=${orgId}`));
  await page.goto(`/console/audit?organization_id=${encodeURIComponent(`Pager Org ${stamp}`.toUpperCase().slice(0, -1))}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("2 organizations match");
  const choices = page.getByRole("list", { name: "Matching organizations" });
  await expect(choices.getByRole("link", { name: unique, exact: true })).toBeVisible();
  await choices.getByRole("link", { name: sibling.display_name }).click();
  await expect(page.getByLabel("Organization", { exact: true })).toHaveValue(sibling.id);
});
