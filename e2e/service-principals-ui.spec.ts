import crypto from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatDay } from "@/lib/format";
import { acknowledgeSecret } from "./support/credentials";
import { openNewDevOrganization } from "./support/dev";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

// The service-principal screens as the admin portal and console mount them, on the dev organization page.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const unique = (prefix: string) => `${prefix} ${crypto.randomBytes(3).toString("hex")}`;

// The scope catalog is shared with every other test in the run, so these tests register their own API.
const tag = `ui${crypto.randomBytes(3).toString("hex")}`;
const API = { audience: `https://${tag}.api.test`, read: `${tag}:read`, write: `${tag}:write`, reports: `${tag}:reports` };

async function registerApi(name: string, audience: string, scopes: string[]) {
  const { createApiResource } = await import("../lib/scope-catalog");
  const { systemContext } = await import("../lib/http/request-context");
  const owner = { kind: "operator" as const, id: "opr_e2e", email: "e2e@portico.test", role: "owner" as const };
  await createApiResource({ principal: owner, actor: { type: "operator", id: owner.id, label: owner.email }, request: systemContext() }, {
    name, audience, scopes: scopes.map((n) => ({ name: n, description: `Scope ${n}` })),
  });
}

test.beforeAll(async () => {
  await registerApi(`Invoices API ${tag}`, API.audience, [API.read, API.write, API.reports]);
});

function card(page: Page, name: string): Locator {
  return page.getByTestId("service-principal").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

async function createPrincipal(page: Page, name: string, scopes: string[] = [API.read]): Promise<{ clientId: string; secret: string }> {
  const start = page.getByRole("button", { name: /^(New service principal|Create a service principal)$/ });
  await start.first().click();
  const form = page.getByRole("dialog", { name: "New service principal" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  for (const s of scopes) await form.getByRole("checkbox", { name: new RegExp(`^${s}`) }).check();
  await form.getByRole("button", { name: "Create service principal" }).click();
  const modal = page.getByRole("dialog", { name: `Service principal “${name}” created` });
  await expect(modal).toBeVisible();
  const clientId = (await modal.getByTestId("credentials-client-id").textContent())!.trim();
  const secret = (await modal.getByTestId("credentials-secret").textContent())!.trim();
  return { clientId, secret };
}

test("empty state, field errors from the form and from the server, and a one-time secret that is gone after closing", async ({ page }) => {
  await openNewDevOrganization(page, unique("Acme"));
  await expect(page.getByRole("heading", { name: "No service principals yet" })).toBeVisible();
  await expect(page.getByText(/identity of its own/)).toBeVisible();
  await expect(page.getByText(/nobody has to share a person's password/)).toBeVisible();
  await shootBothWidths(page, "sp-empty");

  await page.getByRole("button", { name: "Create a service principal" }).click();
  const form = page.getByRole("dialog", { name: "New service principal" });
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(form.getByLabel("Token lifetime (seconds)")).toHaveValue("3600");

  // Client-side validation with the shared schema, each message next to its field.
  await form.getByLabel("Token lifetime (seconds)").fill("120");
  await form.getByRole("button", { name: "+ Add claim" }).click();
  await form.getByLabel("Claim 1 key").fill("iss");
  await form.getByLabel("Claim 1 value").fill("spoofed");
  await form.getByRole("button", { name: "Create service principal" }).click();
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Name is required/);
  await expect(form.getByLabel("Token lifetime (seconds)")).toHaveAccessibleDescription(/Token lifetime must be at least 300 seconds/);
  await expect(form.getByLabel("Claim 1 key")).toHaveAccessibleDescription(/Key is a registered claim Portico sets itself/);
  await shootBothWidths(page, "sp-create-errors");
  await form.getByLabel("Claim 1 key").scrollIntoViewIfNeeded();
  await shootBothWidths(page, "sp-create-errors-claims");

  // A rule only the server knows (no scope and no audience): shown next to the field it names.
  await form.getByLabel("Name", { exact: true }).fill("Billing sync");
  await form.getByLabel("Token lifetime (seconds)").fill("900");
  await form.getByRole("button", { name: "Remove claim 1" }).click();
  await form.getByRole("button", { name: "Create service principal" }).click();
  await expect(form.getByRole("group", { name: "Audience" })).toContainText(/Audience is empty: grant at least one scope/);
  await form.getByRole("checkbox", { name: new RegExp(`^${API.read}`) }).check();
  await form.getByRole("button", { name: "+ Add claim" }).click();
  await form.getByLabel("Claim 1 key").fill("team");
  await form.getByLabel("Claim 1 value").fill("billing");
  await form.getByRole("button", { name: "Create service principal" }).click();

  // The one-time credentials modal.
  const modal = page.getByRole("dialog", { name: "Service principal “Billing sync” created" });
  await expect(modal).toBeVisible();
  await expect(modal).toContainText("You will not see this secret again");
  await expect(modal).toContainText(/secret manager/);
  await expect(modal).toContainText(/Never in source control/);
  const clientId = (await modal.getByTestId("credentials-client-id").textContent())!.trim();
  const secret = (await modal.getByTestId("credentials-secret").textContent())!.trim();
  expect(clientId).toMatch(/^m2morg_\d+$/);
  expect(secret).toMatch(/^portico_secret_[A-Za-z0-9_-]{43}$/);

  // It cannot be dismissed by accident: Escape, a click outside, and Done before acknowledging do nothing.
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("button", { name: "Done" })).toBeDisabled();

  // Copy puts the exact secret on the clipboard and says so.
  await modal.getByRole("button", { name: "Copy client secret" }).click();
  await expect(modal.getByRole("status").filter({ hasText: "Copied" })).toHaveCount(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await modal.getByRole("button", { name: "Copy client ID" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientId);
  await shootBothWidths(page, "sp-credentials");

  // Keyboard: Tab stays inside the modal.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await modal.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }

  await acknowledgeSecret(page);
  await page.evaluate(() => navigator.clipboard.writeText(""));

  // Gone from the page, including hidden markup, and not coming back after a reload.
  const row = card(page, "Billing sync");
  await expect(row).toBeVisible();
  await expect(row).toContainText(clientId);
  await expect(row).toContainText(`•••• ${secret.slice(-4)}`);
  await expect(row).toContainText(API.read);
  await expect(row).toContainText("15 minutes");
  await expect(row).toContainText("team: billing");
  await expect(row).toContainText("Never used");
  await expect(row).toContainText("dev-tools@localhost");
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  await expect(card(page, "Billing sync")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  expect(await page.content()).not.toContain(secret.slice(0, 30));
  await shootBothWidths(page, "sp-list");
  await page.setViewportSize({ width: 360, height: 600 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
});

test("add a secret in the same modal, revoke the old one, disable and enable, edit, and delete with typed confirmation", async ({ page }) => {
  await openNewDevOrganization(page, unique("Globex"));
  const first = await createPrincipal(page, "Nightly export");
  await acknowledgeSecret(page);
  const row = card(page, "Nightly export");

  // The new secret expires in 30 days: the dialog says when, and the list shows it.
  await row.getByRole("button", { name: "Add a secret to Nightly export" }).click();
  const adding = page.getByRole("dialog", { name: "Add a secret to “Nightly export”" });
  await adding.getByLabel("Expires").selectOption({ label: "In 30 days" });
  await expect(adding).toContainText(`Stops working on ${formatDay(new Date(Date.now() + 30 * 86_400_000))} (in 30 days)`);
  await shootBothWidths(page, "sp-add-secret");
  await adding.getByRole("button", { name: "Create secret" }).click();
  await expect(adding).toBeHidden();
  const modal = page.getByRole("dialog", { name: "New secret for “Nightly export”" });
  await expect(modal).toContainText("You will not see this secret again");
  const second = (await modal.getByTestId("credentials-secret").textContent())!.trim();
  expect(second).not.toBe(first.secret);
  await acknowledgeSecret(page);
  await expect(row.getByTestId("client-secret")).toHaveCount(2);
  // Dates read the same everywhere: relative, "in 30 days" (the full date on hover).
  await expect(row.getByTestId("client-secret").filter({ hasText: second.slice(-4) })).toContainText(/expires in (29|30) days/);
  expect(await page.content()).not.toContain(second);

  // Revoke the first secret; the confirmation names it.
  await row.getByRole("button", { name: `Revoke secret ending ${first.secret.slice(-4)}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke secret •••• ${first.secret.slice(-4)} of “Nightly export”?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Revoke secret" }).click();
  await expect(confirm).toBeHidden();
  const revoked = row.getByTestId("client-secret").filter({ hasText: first.secret.slice(-4) });
  await expect(revoked).toContainText("Revoked");
  await expect(revoked.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(row.getByTestId("client-secret").filter({ hasText: second.slice(-4) })).toContainText("Active");

  // Disable (confirmed) and enable.
  await row.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("alertdialog", { name: "Disable “Nightly export”?" }).getByRole("button", { name: "Disable" }).click();
  await expect(row.getByTestId("principal-status")).toHaveText("Disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByTestId("principal-status")).toHaveText("Active");

  // Edit scopes, lifetime and claims.
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit service principal" });
  await expect(edit.getByLabel("Name", { exact: true })).toHaveValue("Nightly export");
  await edit.getByRole("checkbox", { name: new RegExp(`^${API.reports}`) }).check();
  await edit.getByLabel("Token lifetime (seconds)").fill("7200");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText(API.reports);
  await expect(row).toContainText("2 hours");

  // Delete: the dialog names the principal and wants its name typed.
  await row.getByRole("button", { name: "Delete" }).click();
  const del = page.getByRole("alertdialog", { name: "Delete “Nightly export”?" });
  await expect(del).toContainText("Nightly export");
  const button = del.getByRole("button", { name: "Delete service principal" });
  await expect(button).toBeDisabled();
  await del.getByLabel(/Type Nightly export to confirm/).fill("Nightly");
  await expect(button).toBeDisabled();
  await del.getByLabel(/Type Nightly export to confirm/).fill("Nightly export");
  await shootBothWidths(page, "sp-delete-confirm");
  await button.click();
  await expect(del).toBeHidden();
  await expect(card(page, "Nightly export")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "No service principals yet" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "No service principals yet" })).toBeVisible();
});

test("read-only callers see principals, Integration and the debugger, but no way to change anything", async ({ page }) => {
  await openNewDevOrganization(page, unique("Readonly"));
  await createPrincipal(page, "Metrics scraper");
  await acknowledgeSecret(page);
  await page.getByRole("link", { name: "Preview the read-only view" }).click();
  const row = card(page, "Metrics scraper");
  await expect(row).toBeVisible();
  await expect(row.getByRole("button", { name: "Integration" })).toBeVisible();
  await expect(row.getByRole("button", { name: "Debug a token" })).toBeVisible();
  for (const name of ["Add secret", "Edit", "Disable", "Delete", /Revoke/]) await expect(row.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New service principal" })).toHaveCount(0);
});

test("integration panel gives the endpoints and a curl without the secret", async ({ page, baseURL }) => {
  await openNewDevOrganization(page, unique("Initech"));
  const { clientId, secret } = await createPrincipal(page, "Reporting bot", [API.read, API.reports]);
  await acknowledgeSecret(page);
  await card(page, "Reporting bot").getByRole("button", { name: "Integration" }).click();
  const panel = page.getByRole("dialog", { name: "Integration: Reporting bot" });
  const issuer = new URL(baseURL!).origin;
  await expect(panel).toContainText(`${issuer}/oauth/token`);
  await expect(panel).toContainText(`${issuer}/keys`);
  const curl = (await panel.getByTestId("integration-curl").textContent())!;
  expect(curl).toContain(`-u "${clientId}:$CLIENT_SECRET"`);
  expect(curl).toContain("grant_type=client_credentials");
  expect(curl).toContain(`'scope=${API.read} ${API.reports}'`);
  expect(curl).toContain(`'audience=${API.audience}'`);
  expect(curl).not.toContain(secret);
  await panel.getByRole("button", { name: "Copy curl command" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);
  await panel.getByRole("button", { name: "Copy token URL" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${issuer}/oauth/token`);
  await shootBothWidths(page, "sp-integration");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(card(page, "Reporting bot").getByRole("button", { name: "Integration" })).toBeFocused();
});

test("the token debugger decodes a real token and explains a wrong audience", async ({ page, baseURL }) => {
  const orgId = await openNewDevOrganization(page, unique("Umbrella"));
  const { clientId, secret } = await createPrincipal(page, "Audit reader");
  await acknowledgeSecret(page);

  // A real token from the token endpoint, for the principal's audience (the demo API).
  const res = await page.request.post("/oauth/token", {
    form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret },
  });
  expect(res.status()).toBe(200);
  const token = (await res.json()).access_token as string;

  // The principal then moves to another API: its old token is now for the wrong audience.
  const otherAudience = `https://ledger-${crypto.randomBytes(4).toString("hex")}.example.com`;
  await registerApi("Ledger API", otherAudience, [`ledger-${crypto.randomBytes(3).toString("hex")}:read`]);
  const row = card(page, "Audit reader");
  await page.reload();
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit service principal" });
  await edit.getByRole("checkbox", { name: new RegExp(`^${otherAudience.replace(/[.]/g, "\\.")}`) }).check();
  await edit.getByRole("checkbox", { name: new RegExp(`^${API.audience.replace(/[.]/g, "\\.")}`) }).uncheck();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText(otherAudience);

  await row.getByRole("button", { name: "Debug a token" }).click();
  const dbg = page.getByRole("dialog", { name: "Token debugger: Audit reader" });
  await dbg.getByRole("button", { name: "Check token" }).click();
  await expect(dbg.getByLabel("Access token")).toHaveAccessibleDescription(/Access token is required/);

  await dbg.getByLabel("Access token").fill("not-a-token");
  await dbg.getByRole("button", { name: "Check token" }).click();
  await expect(dbg).toContainText("This is not a JWT");

  await dbg.getByLabel("Access token").fill(token);
  await dbg.getByRole("button", { name: "Check token" }).click();
  const report = dbg.getByTestId("token-report");
  await expect(report).toContainText("Your API would reject this token");
  await expect(report).toContainText("1 check failed: audience");
  const audience = report.getByTestId("check-audience");
  await expect(audience).toHaveAttribute("data-passed", "false");
  await expect(audience).toContainText(`The token is for “${API.audience}”`);
  await expect(audience).toContainText(otherAudience);
  for (const id of ["signature", "expiry", "issuer", "organization", "client", "scopes", "revocation"]) {
    await expect(report.getByTestId(`check-${id}`), id).toHaveAttribute("data-passed", "true");
  }
  await expect(report.getByTestId("check-issuer")).toContainText(new URL(baseURL!).origin);
  await expect(report).toContainText(`"typ": "at+jwt"`);
  await expect(report).toContainText(`"oid": "${orgId}"`);
  await expect(report).toContainText(`"sub": "${clientId}"`);
  await shootBothWidths(page, "sp-debugger");

  // A token whose signature does not verify is called out as such.
  const [h, p] = token.split(".");
  await dbg.getByLabel("Access token").fill(`${h}.${p}.${"A".repeat(342)}`);
  await dbg.getByRole("button", { name: "Check token" }).click();
  await expect(report.getByTestId("check-signature")).toHaveAttribute("data-passed", "false");
  await expect(report.getByTestId("check-signature")).toContainText("does not match");
});

test("the admin portal's API clients tab, embedded in a host app's 600 px iframe, announces a new principal without its secret", async ({ page }) => {
  const { createTestOrganization, hostEvents, portalLink, withEmbeddedPortal } = await import("./support/portal");
  const orgId = await createTestOrganization(unique("Portal Co"), ["api_clients", "activity"]);
  await withEmbeddedPortal(page, orgId, { makeLink: async (id) => (await portalLink(id, { features: ["api_clients"] })).location }, async (portal) => {
    await expect(portal.getByRole("heading", { name: "No API clients yet" })).toBeVisible();
    await portal.getByRole("button", { name: "Create an API client" }).click();
    const form = portal.getByRole("dialog", { name: "New API client" });
    await form.getByLabel("Name", { exact: true }).fill("Data warehouse loader");
    await form.getByRole("checkbox", { name: new RegExp(`^${API.reports}`) }).check();
    await form.getByRole("button", { name: "Create API client" }).click();

    const modal = portal.getByRole("dialog", { name: "API client “Data warehouse loader” created" });
    await expect(modal).toBeVisible();
    const secret = (await modal.getByTestId("credentials-secret").textContent())!.trim();
    // Everything needed to finish fits the 600 px frame: the secret, its copy button and Done stay reachable.
    await expect(modal.getByRole("button", { name: "Copy client secret" })).toBeInViewport();
    await expect(modal.getByRole("button", { name: "Done" })).toBeInViewport();
    await expect(modal.getByRole("checkbox", { name: /I have copied the client secret/ })).toBeInViewport();
    await shootBothWidths(page, "sp-portal-embedded-credentials");
    await modal.getByRole("checkbox", { name: /I have copied the client secret/ }).check();
    await modal.getByRole("button", { name: "Done" }).click();
    await expect(modal).toBeHidden();

    const row = portal.getByTestId("service-principal").filter({ hasText: "Data warehouse loader" });
    await expect(row).toContainText(`•••• ${secret.slice(-4)}`);
    await expect(row).toContainText("admin@host.test");
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("SERVICE_PRINCIPAL_CREATED");
    const created = (await hostEvents(page)).find((e) => e.event_type === "SERVICE_PRINCIPAL_CREATED")!;
    expect(created.organization_id).toBe(orgId);
    expect(created.data).toMatchObject({ name: "Data warehouse loader" });
    expect(JSON.stringify(await hostEvents(page))).not.toContain(secret);
    await shootBothWidths(page, "sp-portal-embedded-list");
  });
});
