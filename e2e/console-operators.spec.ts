import { expect, test, type Browser } from "@playwright/test";
import { signInAsBootstrapOwner, signInAsOperator } from "./support/console";
import { recordNextServerAction, replayServerAction } from "./support/server-actions";
import { shootBothWidths } from "./support/screens";

async function inviteAndAccept(browser: Browser, ownerPage: import("@playwright/test").Page, email: string, role: string, password: string) {
  await ownerPage.goto("/console/operators");
  await ownerPage.getByLabel("Email", { exact: true }).fill(email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/console\/accept-invitation#pinv_/);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByText(`You were invited as`)).toContainText(email);
  expect(page.url()).not.toContain("pinv_");
  await page.getByLabel("Name").fill("Avery Auditor");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await page.waitForURL(/\/console\/organizations/);
  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  return { context, page, link };
}

test("an owner invites an auditor, who can read everything and change nothing", async ({ browser, page: owner }) => {
  const stamp = Date.now().toString(36);
  const email = `auditor-${stamp}@portico.test`;
  const password = `auditor-pw-${stamp}`;
  await signInAsBootstrapOwner(owner);
  await owner.goto("/console/operators");
  await shootBothWidths(owner, "console-operators");

  // The owner creates an organization, recording the server action calls to replay as the auditor.
  await owner.goto("/console/organizations/new");
  await owner.getByLabel("Display name").fill(`Audited Org ${stamp}`);
  const createCall = recordNextServerAction(owner);
  await owner.getByRole("button", { name: "Create organization" }).click();
  const create = await createCall;
  await expect(owner.getByRole("heading", { name: `Audited Org ${stamp}` })).toBeVisible();
  const orgUrl = owner.url();

  const { page: auditor, link } = await inviteAndAccept(browser, owner, email, "auditor", password);
  await owner.goto("/console/operators");
  await expect(owner.getByTestId(`operator-${email}`)).toContainText("Avery Auditor");
  await shootBothWidths(owner, "console-operators-with-auditor");
  expect(link).toBeTruthy();

  // Reads work.
  await expect(auditor.getByTestId("operator-role")).toHaveText("Auditor (read only)");
  await auditor.goto(orgUrl);
  await expect(auditor.getByRole("heading", { name: `Audited Org ${stamp}` })).toBeVisible();
  await auditor.goto("/console/operators");
  await expect(auditor.getByRole("heading", { name: "Team" })).toBeVisible();

  // No write controls are offered…
  await auditor.goto("/console/organizations");
  await expect(auditor.getByRole("link", { name: "Create organization" })).toHaveCount(0);
  await auditor.goto(orgUrl);
  await expect(auditor.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await auditor.goto("/console/operators");
  await expect(auditor.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await shootBothWidths(auditor, "console-operators-auditor");
  // Settings are visible but read-only.
  await auditor.goto("/console/settings/sessions");
  await expect(auditor.getByLabel(/Session lifetime/)).toBeDisabled();
  await expect(auditor.getByRole("button", { name: "Save session defaults" })).toHaveCount(0);
  await shootBothWidths(auditor, "console-settings-auditor");
  // …write pages are closed…
  await auditor.goto("/console/organizations/new");
  await expect(auditor.getByRole("heading", { name: "You can't open that page" })).toBeVisible();
  await auditor.goto(`${orgUrl}/edit`);
  await expect(auditor.getByRole("heading", { name: "You can't open that page" })).toBeVisible();

  // …and calling the server action directly is refused by the server.
  const replay = await replayServerAction(auditor, { ...create, body: create.body.replace(`Audited Org ${stamp}`, `Sneaky Org ${stamp}`) });
  expect(replay.text).toContain("Auditors have read-only access");
  await auditor.goto(`/console/organizations?q=${encodeURIComponent(`Sneaky Org ${stamp}`)}`);
  await expect(auditor.getByText(`No organization matches`)).toBeVisible();
  // The same call with the owner's session works, so the refusal is about the role.
  const ownerReplay = await replayServerAction(owner, { ...create, body: create.body.replace(`Audited Org ${stamp}`, `Owner Replay ${stamp}`) });
  expect(ownerReplay.text).not.toContain("read-only");
});

test("an owner changes roles, signs an operator out everywhere, and removes them; the last owner stays", async ({ browser, page: owner }) => {
  const stamp = Date.now().toString(36);
  const email = `admin-${stamp}@portico.test`;
  const password = `admin-pw-${stamp}`;
  await signInAsBootstrapOwner(owner);
  const { page: other, context } = await inviteAndAccept(browser, owner, email, "admin", password);
  await expect(other.getByTestId("operator-role")).toHaveText("Admin");

  await owner.goto("/console/operators");
  const row = owner.getByTestId(`operator-${email}`);
  await row.getByLabel(`Role of ${email}`).selectOption("auditor");
  await expect(row.getByText("Role updated")).toBeVisible();
  await other.reload();
  await expect(other.getByTestId("operator-role")).toHaveText("Auditor (read only)");

  // Sign out everywhere ends their session on their next request.
  await row.getByRole("button", { name: `Sign ${email} out everywhere` }).click();
  await expect.poll(async () => (await (await other.request.get("/api/auth/session")).json()).operator ?? null).toBeNull();
  await other.goto("/console/organizations");
  await expect(other).toHaveURL(/\/console\/sign-in/);
  await signInAsOperator(other, email, password);
  await context.close();

  // The bootstrap owner cannot demote themselves while they are the only owner… unless another exists.
  const ownerRow = owner.getByTestId("operator-owner@portico.test");
  const owners = await owner.getByLabel(/Role of/).evaluateAll((els) => els.filter((e) => (e as HTMLSelectElement).value === "owner").length);
  if (owners === 1) {
    await ownerRow.getByLabel("Role of owner@portico.test").selectOption("admin");
    await expect(ownerRow.getByRole("alert")).toContainText("last owner");
    await owner.reload();
    await expect(ownerRow.getByLabel("Role of owner@portico.test")).toHaveValue("owner");
  }

  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(owner.getByTestId(`operator-${email}`)).toHaveCount(0);
});
