import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { signInAsBootstrapOwner } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { createTestOrganization } from "./support/portal";

// The console's "Generate portal link": an operator makes a shareable link, copies it, sees it listed
// with who made it, and revokes it, which ends the sessions opened through it.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.afterAll(() => db.$disconnect());

test("an operator generates, copies, lists and revokes a shareable portal link", async ({ page, context }) => {
  const orgId = await createTestOrganization("Console Link Org", ["api_clients", "session_settings", "activity"]);
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/organizations/${orgId}/portal-links`);
  const panel = page.getByRole("region", { name: "Admin portal link" });
  await expect(panel.getByText("No shareable links")).toBeVisible();
  // The page's counts follow each link made or revoked, without a reload.
  // The number in a stat card (its first line; a note may follow).
  const card = (label: string) => page.locator("dl > div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd > span").first();
  const linksCard = card("Shareable portal links");
  const auditCard = card("Audit events");
  await expect(linksCard).toHaveText("0");
  const auditBefore = Number(await auditCard.textContent());
  await panel.getByRole("checkbox", { name: "Activity" }).uncheck();
  await panel.getByRole("button", { name: "Generate portal link" }).click();
  const generated = panel.getByTestId("generated-portal-link");
  await expect(generated).toContainText("Shareable link ready");
  const location = (await generated.locator("code").textContent())!.trim();
  expect(location).toMatch(/\/portal\/l\/ptl_/);
  await generated.getByRole("button", { name: "Copy portal link" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(location);
  const listed = panel.getByRole("listitem").filter({ hasText: "Created by owner@portico.test" });
  await expect(listed).toContainText("not used yet");
  await expect(linksCard).toHaveText("1");
  await expect(auditCard).toHaveText(String(auditBefore + 1));
  await shootBothWidths(page, "console-portal-link");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The organization's Activity tab has it too.
  await page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByTestId("organization-activity")).toContainText("Portal link created");
  await shootBothWidths(page, "console-organization-activity");
  await page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: /Portal links/ }).click();
  await expect(listed).toContainText("not used yet");

  // A tenant admin opens it: only the chosen tabs.
  const admin = await context.newPage();
  await admin.goto(location);
  await expect(admin.getByTestId("portal-organization")).toHaveText("Console Link Org");
  await expect(admin.getByRole("link", { name: "Session settings" })).toBeVisible();
  await expect(admin.getByRole("link", { name: "Activity" })).toHaveCount(0);

  await page.reload();
  await expect(listed).toContainText("last used");
  await listed.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog", { name: "Revoke this link?" }).getByRole("button", { name: "Revoke link" }).click();
  await expect(panel.getByText("No shareable links")).toBeVisible();
  await expect(linksCard).toHaveText("0");
  await expect(auditCard).toHaveText(String(auditBefore + 3)); // created, used, revoked
  await admin.reload();
  await expect(admin.getByTestId("portal-session-ended")).toBeVisible();
  const audit = await db.auditEvent.findMany({ where: { organizationId: orgId, action: { startsWith: "portal_link." } }, orderBy: { seq: "asc" } });
  expect(audit.map((e) => [e.action, e.actorType])).toEqual([["portal_link.created", "operator"], ["portal_link.used", "portal_user"], ["portal_link.revoked", "operator"]]);
});
