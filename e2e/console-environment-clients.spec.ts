import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { formatDay } from "@/lib/format";
import { createTestApi, createTestOrganization } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner } from "./support/console";
import { acknowledgeSecret } from "./support/credentials";
import { BOOTSTRAP_CLIENT, requestToken } from "./support/management";
import { SCREENSHOT_DIR, shootBothWidths } from "./support/screens";

/** Reads the one-time secret from the credentials dialog, then closes it the only way it closes. */
async function takeSecret(page: Page, title: string): Promise<{ clientId: string; secret: string }> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  const clientId = (await dialog.getByTestId("credentials-client-id").textContent())!.trim();
  const secret = (await dialog.getByTestId("credentials-secret").textContent())!.trim();
  // Not dismissible by accident: Escape leaves it open, Done waits for the acknowledgement.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Done" })).toBeDisabled();
  await acknowledgeSecret(page, dialog);
  return { clientId, secret };
}

test("environment clients: create with catalog and management scopes, rotate by adding then revoking one secret, edit, disable, delete", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const name = `Billing backend ${stamp}`;
  const api = await createTestApi();
  const org = await createTestOrganization("Env client org");
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/clients");
  await page.getByRole("button", { name: "Create environment client" }).click();
  const create = page.getByRole("dialog", { name: "Create an environment client" });

  // Errors appear beside the field they concern.
  await create.getByRole("button", { name: "Create client" }).click();
  await expect(create.getByText("Name is required", { exact: true })).toBeVisible();
  await expect(create.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await create.getByLabel("Name", { exact: true }).fill(name);
  await create.getByLabel("organizations:read").check();
  await create.getByLabel(api.read).check();
  await create.getByLabel("Organization in token requests").selectOption("require");
  await create.getByRole("button", { name: "Create client" }).click();
  const orgsField = create.getByLabel("Organizations it may act for");
  await expect(create.getByText(/^Organizations it may act for is empty: with organization_usage "require"/)).toBeVisible();
  await expect(orgsField).toHaveAttribute("aria-invalid", "true");
  await shootBothWidths(page, "console-settings-clients-create");
  await orgsField.fill("org_doesnotexist");
  await create.getByRole("button", { name: "Create client" }).click();
  await expect(create.getByText("Organizations it may act for names organizations that do not exist: org_doesnotexist")).toBeVisible();
  await orgsField.fill(org.id);
  await create.getByLabel("Organization in token requests").selectOption("allow");
  await create.getByRole("button", { name: "Create client" }).click();
  const { clientId, secret: first } = await takeSecret(page, `Environment client “${name}” created`);
  expect(clientId).toMatch(/^skc_/);
  expect(first).toMatch(/^portico_secret_/);

  // Its tokens: the catalog API's scope for its audience, and the management API for its organization.
  expect((await requestToken(page.request, clientId, first, { scope: api.read, audience: api.audience })).status()).toBe(200);
  expect((await requestToken(page.request, clientId, first, { scope: "organizations:read", organization: org.id })).status()).toBe(200);

  const card = page.getByTestId("environment-client").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText(org.display_name);
  await expect(card).toContainText(api.audience);
  const secrets = card.getByTestId("client-secret");
  await expect(secrets).toHaveCount(1);
  await expect(secrets.first()).toContainText(first.slice(-4));
  await expect(secrets.first()).toContainText("added ");
  // Use is recorded in batches; the list then says when.
  await expect.poll(async () => { await page.reload(); return secrets.first().textContent(); }, { timeout: 20_000, intervals: [2000] }).toContain("Last used");

  // Rotation: add a second secret; both work until the old one is revoked.
  await card.getByRole("button", { name: `Add a secret to ${name}` }).click();
  // Environment clients' secrets can expire too.
  const adding = page.getByRole("dialog", { name: `Add a secret to “${name}”` });
  await adding.getByLabel("Expires").selectOption({ label: "In 90 days" });
  await adding.getByRole("button", { name: "Create secret" }).click();
  const { secret: second } = await takeSecret(page, `New secret for “${name}”`);
  // Beyond a month a date reads as the day (relative before that; the full date and time on hover).
  await expect(secrets.filter({ hasText: second.slice(-4) })).toContainText(`expires ${formatDay(new Date(Date.now() + 90 * 86_400_000))}`);
  expect(second).not.toBe(first);
  await expect(secrets).toHaveCount(2);
  expect((await requestToken(page.request, clientId, first)).status()).toBe(200);
  expect((await requestToken(page.request, clientId, second)).status()).toBe(200);

  await card.getByRole("button", { name: `Revoke secret ending ${first.slice(-4)} of ${name}` }).click();
  const revoke = page.getByRole("alertdialog", { name: `Revoke secret •••• ${first.slice(-4)} of “${name}”?` });
  await expect(revoke).not.toContainText("only active secret");
  await revoke.getByRole("button", { name: "Revoke secret" }).click();
  await expect(revoke).toHaveCount(0);
  await expect(secrets.filter({ hasText: first.slice(-4) })).toContainText("Revoked");
  expect((await requestToken(page.request, clientId, first)).status()).toBe(401);
  expect((await requestToken(page.request, clientId, second)).status()).toBe(200);
  // Revoking the last active secret warns; cancelling keeps it.
  await card.getByRole("button", { name: `Revoke secret ending ${second.slice(-4)} of ${name}` }).click();
  const last = page.getByRole("alertdialog", { name: `Revoke secret •••• ${second.slice(-4)} of “${name}”?` });
  await expect(last).toContainText("It is the client's only active secret: the client cannot get tokens until you add a new one.");
  await last.getByRole("button", { name: "Cancel" }).click();
  expect((await requestToken(page.request, clientId, second)).status()).toBe(200);

  // Edit: errors beside the field, then scopes, organization usage and organizations change.
  await card.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
  await edit.getByLabel("Organization in token requests").selectOption("require");
  await edit.getByLabel("Organizations it may act for").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText(/^Organizations it may act for is empty/)).toBeVisible();
  await edit.getByLabel("Organizations it may act for").fill(org.id);
  await edit.getByLabel("organizations:read").uncheck();
  await edit.getByLabel(api.write).check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toHaveCount(0);
  const row = await db.servicePrincipal.findUniqueOrThrow({ where: { id: clientId } });
  expect([...row.scopes].sort()).toEqual([api.read, api.write].sort());
  expect(row.audience).toEqual([api.audience]);
  expect(row.organizationUsage).toBe("require");
  // The management scope is gone and an organization is now required.
  expect((await requestToken(page.request, clientId, second, { scope: "organizations:read", organization: org.id })).status()).toBe(400);
  expect((await requestToken(page.request, clientId, second, { scope: api.write })).status()).toBe(400);
  expect((await requestToken(page.request, clientId, second, { scope: api.write, organization: org.id })).status()).toBe(200);
  await expect(card).toContainText("Must name an organization");

  // Disable asks first; a disabled client gets no tokens.
  await card.getByRole("button", { name: `Disable ${name}` }).click();
  await page.getByRole("alertdialog", { name: `Disable “${name}”?` }).getByRole("button", { name: "Disable" }).click();
  await expect(card.getByTestId("client-status")).toHaveText("Disabled");
  expect((await requestToken(page.request, clientId, second, { organization: org.id })).status()).toBe(401);
  await card.getByRole("button", { name: `Enable ${name}` }).click();
  await expect(card.getByTestId("client-status")).toHaveText("Active");
  // (Once the confirmations have faded, so the shot shows the page.)
  await expect(page.getByRole("button", { name: "Dismiss notification" })).toHaveCount(0, { timeout: 10_000 });
  await shootBothWidths(page, "console-settings-clients");

  // Delete needs the name typed.
  await card.getByRole("button", { name: `Delete ${name}` }).click();
  const del = page.getByRole("alertdialog", { name: `Delete “${name}”?` });
  await expect(del.getByRole("button", { name: "Delete environment client" })).toBeDisabled();
  await del.getByLabel(/to confirm/).fill(name);
  await del.getByRole("button", { name: "Delete environment client" }).click();
  await expect(card).toHaveCount(0);
  expect(await db.servicePrincipal.findUnique({ where: { id: clientId } })).toBeNull();
  expect((await requestToken(page.request, clientId, second, { organization: org.id })).status()).toBe(401);
});

test("the bootstrap management client is marked, and revoking its configured secret warns before anything happens", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/clients");
  const card = page.getByTestId("environment-client").filter({ has: page.getByText(BOOTSTRAP_CLIENT.clientId, { exact: true }) });
  await expect(card.getByText("Bootstrap", { exact: true })).toBeVisible();
  const configured = card.getByTestId("client-secret").filter({ hasText: "from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET" }).filter({ hasText: "Active" });
  await expect(configured).toHaveCount(1);
  await configured.getByRole("button", { name: /^Revoke secret ending/ }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("This secret comes from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET, which your host app's backend uses.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect((await requestToken(page.request, BOOTSTRAP_CLIENT.clientId, BOOTSTRAP_CLIENT.secret)).status()).toBe(200);
  // No button revokes every secret at once any more.
  await expect(card.getByRole("button", { name: /Rotate/ })).toHaveCount(0);
});

test("an environment client's SSO redirect URIs: checked beside the field, matched exactly, shown on its card", async ({ page }) => {
  const name = `Sign-in app ${Date.now().toString(36)}`;
  const api = await createTestApi();
  await signInAsBootstrapOwner(page);
  await page.goto("/console/settings/clients");
  await page.getByRole("button", { name: "Create environment client" }).click();
  const create = page.getByRole("dialog", { name: "Create an environment client" });
  await create.getByLabel("Name", { exact: true }).fill(name);
  await create.getByLabel(api.read).check();
  const uris = create.getByLabel("Redirect URIs (SSO sign-in)");
  await uris.fill("https://app.example.com/auth/callback?next=1");
  await create.getByRole("button", { name: "Create client" }).click();
  await expect(create.getByText("Redirect URIs must not contain query parameters")).toBeVisible();
  await expect(uris).toHaveAttribute("aria-invalid", "true");
  await uris.fill("https://app.example.com/auth/callback\nhttp://localhost:3001/auth/callback");
  await create.getByRole("button", { name: "Create client" }).click();
  const { clientId } = await takeSecret(page, `Environment client “${name}” created`);

  const card = page.getByTestId("environment-client").filter({ has: page.getByRole("heading", { name }) });
  await expect(card.getByTestId("redirect-uris")).toHaveText("https://app.example.com/auth/callbackhttp://localhost:3001/auth/callback");
  expect((await db.servicePrincipal.findUniqueOrThrow({ where: { id: clientId } })).redirectUris).toEqual(["https://app.example.com/auth/callback", "http://localhost:3001/auth/callback"]);
  await expect(page.getByRole("button", { name: "Dismiss notification" })).toHaveCount(0, { timeout: 10_000 });
  // The card itself at both widths (the page lists every client earlier tests made).
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, `console-settings-clients-redirect-uris-${width}.png`) });
  }
  await db.servicePrincipal.delete({ where: { id: clientId } });
});
