import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createTestApi, createTestOrganization } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner, signInAsOperator } from "./support/console";
import { acknowledgeSecret } from "./support/credentials";
import { recordNextServerAction, replayServerAction, type RecordedAction } from "./support/server-actions";
import { shootBothWidths } from "./support/screens";

test.afterAll(() => db.$disconnect());

// Contexts a test opens for other people: closed after each test, so their pages do not live on (and run,
// and show up in a later test's failure report) for the rest of the worker.
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function inviteAndAccept(browser: Browser, ownerPage: Page, email: string, role: string, password: string) {
  await ownerPage.goto("/console/operators");
  await ownerPage.getByLabel("Email", { exact: true }).fill(email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const link = await ownerPage.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/console\/accept-invitation#pinv_/);

  const context = await browser.newContext();
  opened.push(context);
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
  const stranger = await browser.newContext();
  opened.push(stranger);
  const again = await stranger.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  return { page, link };
}

const REFUSED = '"message":"Auditors have read-only access"';

test("an owner invites an auditor, who can read everything and change nothing", async ({ browser, page: owner }) => {
  const stamp = Date.now().toString(36);
  const email = `auditor-${stamp}@portico.test`;
  const password = `auditor-pw-${stamp}`;
  await signInAsBootstrapOwner(owner);
  await owner.goto("/console/operators");
  await shootBothWidths(owner, "console-operators");

  // The owner creates an organization, recording the server action call to replay as the auditor.
  await owner.goto("/console/organizations/new");
  await owner.getByLabel("Display name").fill(`Audited Org ${stamp}`);
  const createCall = recordNextServerAction(owner, (b) => b.includes(`Audited Org ${stamp}`));
  await owner.getByRole("button", { name: "Create organization" }).click();
  const create = await createCall;
  await expect(owner.getByRole("heading", { name: `Audited Org ${stamp}` })).toBeVisible();
  const orgUrl = owner.url();

  const { page: auditor } = await inviteAndAccept(browser, owner, email, "auditor", password);
  await owner.goto("/console/operators");
  await expect(owner.getByTestId(`operator-${email}`)).toContainText("Avery Auditor");
  await shootBothWidths(owner, "console-operators-with-auditor");

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
  expect(replay.text).toContain(REFUSED);
  expect(await db.organization.count({ where: { displayName: `Sneaky Org ${stamp}` } })).toBe(0);
  // The same call with the owner's session works, so the refusal is about the role.
  const ownerReplay = await replayServerAction(owner, { ...create, body: create.body.replace(`Audited Org ${stamp}`, `Owner Replay ${stamp}`) });
  expect(ownerReplay.text).toMatch(/"ok":true,"data":\{"id":"org_\d+"\}/);
  const made = await db.organization.findFirstOrThrow({ where: { displayName: `Owner Replay ${stamp}` } });
  expect(ownerReplay.text).toContain(made.id);
});

test("replayed as an auditor, a server action of every family is refused, and nothing changes", async ({ browser, page: owner }) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const api = await createTestApi();
  const org = await createTestOrganization("Replay family org");
  await signInAsBootstrapOwner(owner);
  const { page: auditor } = await inviteAndAccept(browser, owner, `auditor-family-${stamp}@portico.test`, "auditor", `auditor-pw-${stamp}`);
  const auditorRow = await db.operator.findUniqueOrThrow({ where: { email: `auditor-family-${stamp}@portico.test` } });
  const recorded: { family: string; call: RecordedAction; replaceFrom: string; replaceTo: string }[] = [];
  async function recordOwner(family: string, marker: string, act: () => Promise<void>, replaceFrom = marker, replaceTo = marker) {
    const call = recordNextServerAction(owner, (b) => b.includes(marker));
    await act();
    recorded.push({ family, call: await call, replaceFrom, replaceTo });
  }

  // Organizations.
  await owner.goto("/console/organizations/new");
  await owner.getByLabel("Display name").fill(`Family Org ${stamp}`);
  await recordOwner("organizations", `Family Org ${stamp}`, async () => {
    await owner.getByRole("button", { name: "Create organization" }).click();
    await expect(owner.getByRole("heading", { name: `Family Org ${stamp}` })).toBeVisible();
  }, `Family Org ${stamp}`, `Sneaky Org ${stamp}`);

  // Settings: session defaults saved as they are.
  await owner.goto("/console/settings/sessions");
  await recordOwner("settings", "absolute_timeout_sec", async () => {
    await owner.getByRole("button", { name: "Save session defaults" }).click();
    await expect(owner.getByText("Session defaults saved.")).toBeVisible();
  });

  // Operators: an invitation.
  await owner.goto("/console/operators");
  await owner.getByLabel("Email", { exact: true }).fill(`invitee-${stamp}@portico.test`);
  await owner.getByLabel("Role", { exact: true }).selectOption("admin");
  await recordOwner("operators", `invitee-${stamp}@portico.test`, async () => {
    await owner.getByRole("button", { name: "Create invitation link" }).click();
    await expect(owner.getByLabel("Invitation link")).toBeVisible();
  }, `invitee-${stamp}`, `sneaky-${stamp}`);

  // Scope catalog: an API.
  await owner.goto("/console/settings/scopes");
  await owner.getByLabel("Name", { exact: true }).fill(`Family API ${stamp}`);
  await owner.getByLabel("Audience identifier").fill(`https://family-${stamp}.example.com`);
  await owner.getByLabel("Scopes", { exact: true }).fill(`family${stamp}:read`);
  await recordOwner("scopes", `family-${stamp}`, async () => {
    await owner.getByRole("button", { name: "Add API" }).click();
    await expect(owner.getByRole("region", { name: `Family API ${stamp}` })).toBeVisible();
  }, `family`, `sneaky`);

  // Environment clients.
  await owner.goto("/console/settings/clients");
  await owner.getByRole("button", { name: "Create environment client" }).click();
  const createClient = owner.getByRole("dialog", { name: "Create an environment client" });
  await createClient.getByLabel("Name", { exact: true }).fill(`Family client ${stamp}`);
  await createClient.getByLabel("organizations:read").check();
  await recordOwner("environment clients", `Family client ${stamp}`, async () => {
    await createClient.getByRole("button", { name: "Create client" }).click();
    await acknowledgeSecret(owner);
  }, `Family client ${stamp}`, `Sneaky client ${stamp}`);

  // Signing keys: the settings saved as they are.
  await owner.goto("/console/settings/keys");
  await recordOwner("keys", "rotation_interval_days", async () => {
    await owner.getByRole("button", { name: "Save key settings" }).click();
    await expect(owner.getByText(/^Key settings saved\./)).toBeVisible();
  });

  // Portal links and service principals, on the organization page.
  await owner.goto(`/console/organizations/${org.id}/portal-links`);
  const linkPanel = owner.getByRole("region", { name: "Admin portal link" });
  await recordOwner("portal links", '"kind"', async () => {
    await linkPanel.getByRole("button", { name: "Generate portal link" }).click();
    await expect(linkPanel.getByTestId("generated-portal-link")).toContainText("link ready");
  });
  await owner.goto(`/console/organizations/${org.id}/service-principals`);
  await owner.getByRole("button", { name: /^(New service principal|Create a service principal)$/ }).click();
  const spForm = owner.getByRole("dialog", { name: "New service principal" });
  await spForm.getByLabel("Name", { exact: true }).fill(`Family bot ${stamp}`);
  await spForm.getByRole("checkbox", { name: new RegExp(`^${api.read}`) }).check();
  await recordOwner("service principals", `Family bot ${stamp}`, async () => {
    await spForm.getByRole("button", { name: "Create service principal" }).click();
    await acknowledgeSecret(owner);
  }, `Family bot ${stamp}`, `Sneaky bot ${stamp}`);

  const linksBefore = await db.portalLink.count({ where: { organizationId: org.id } });
  const sessionSettingsBefore = await db.auditEvent.count({ where: { action: { startsWith: "session_settings." } } });
  const since = new Date();
  expect(recorded.map((r) => r.family)).toEqual(["organizations", "settings", "operators", "scopes", "environment clients", "keys", "portal links", "service principals"]);
  for (const { family, call, replaceFrom, replaceTo } of recorded) {
    const result = await replayServerAction(auditor, { ...call, body: call.body.split(replaceFrom).join(replaceTo) });
    expect(result.status, family).toBe(200);
    expect(result.text, `${family}: ${result.text}`).toContain('"ok":false');
    expect(result.text, `${family}: ${result.text}`).toContain(REFUSED);
  }

  // Nothing the auditor sent left a trace: no rows, and no audit event by them.
  expect(await db.organization.count({ where: { displayName: `Sneaky Org ${stamp}` } })).toBe(0);
  expect(await db.operatorInvitation.count({ where: { email: `sneaky-${stamp}@portico.test` } })).toBe(0);
  expect(await db.apiResource.count({ where: { audience: `https://sneaky-${stamp}.example.com` } })).toBe(0);
  expect(await db.servicePrincipal.count({ where: { name: { in: [`Sneaky client ${stamp}`, `Sneaky bot ${stamp}`] } } })).toBe(0);
  expect(await db.portalLink.count({ where: { organizationId: org.id } })).toBe(linksBefore);
  expect(await db.auditEvent.count({ where: { action: { startsWith: "session_settings." } } })).toBe(sessionSettingsBefore);
  expect(await db.auditEvent.count({ where: { actorId: auditorRow.id, time: { gte: since } } })).toBe(0);

  // Reading the audit log is what auditors are for: the export (a read that records itself) works.
  const exported = await auditor.request.get(`/console/audit/export?format=ndjson&organization_id=${org.id}`);
  expect(exported.status()).toBe(200);
  const lines = (await exported.text()).trim().split("\n").map((l) => JSON.parse(l) as { action: string });
  expect(lines.map((l) => l.action)).toContain("portal_link.created");
  const record = await db.auditEvent.findFirstOrThrow({ where: { actorId: auditorRow.id, time: { gte: since } } });
  expect(record.action).toBe("audit_log.exported");

  // The owner's replays work, so the refusals were about the role.
  const orgCall = recorded[0]!.call;
  const ownerReplay = await replayServerAction(owner, { ...orgCall, body: orgCall.body.replace(`Family Org ${stamp}`, `Owner Family Replay ${stamp}`) });
  expect(ownerReplay.text).toContain('"ok":true');
  expect(await db.organization.count({ where: { displayName: `Owner Family Replay ${stamp}` } })).toBe(1);
  const spCall = recorded[7]!.call;
  const spReplay = await replayServerAction(owner, { ...spCall, body: spCall.body.replace(`Family bot ${stamp}`, `Owner bot ${stamp}`) });
  expect(spReplay.text).toContain('"ok":true');
  expect(await db.servicePrincipal.count({ where: { name: `Owner bot ${stamp}`, organizationId: org.id } })).toBe(1);
});

test("an owner changes roles, signs an operator out everywhere, and removes them", async ({ browser, page: owner }) => {
  const stamp = Date.now().toString(36);
  const email = `admin-${stamp}@portico.test`;
  const password = `admin-pw-${stamp}`;
  await signInAsBootstrapOwner(owner);
  const { page: other } = await inviteAndAccept(browser, owner, email, "admin", password);
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

  // (The last-owner rule is checked on a deployment of its own, where the count of owners is known:
  // console-sign-in.spec.ts, "a fresh deployment asks for the owner…".)
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(owner.getByTestId(`operator-${email}`)).toHaveCount(0);
  expect(await db.operator.count({ where: { email } })).toBe(0);
});
