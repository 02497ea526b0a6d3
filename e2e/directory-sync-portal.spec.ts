import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { createRole } from "@/lib/roles";
import { signInAsBootstrapOwner } from "./support/console";
import { createTestOrganization, hostEvents, portalLink, withEmbeddedPortal } from "./support/portal";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { scim, type ScimDirectory } from "./support/scim";
import { actorFor } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";

// A tenant admin sets up directory sync in the portal embedded in the host app, sees users arrive as the
// IdP (this test) pushes them, maps a group to a role on the Roles tab and sees the user's role change.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.afterAll(() => db.$disconnect());

const owner: Principal = { kind: "operator", id: "opr_e2e_roles", email: "roles@portico.test", role: "owner" };
const ownerCtx = { principal: owner, actor: actorFor(owner), request: { requestId: "req_e2e_roles", ip: null, userAgent: null } };
const USER = ["urn:ietf:params:scim:schemas:core:2.0:User"];

test("set up a directory in the embedded portal, watch users arrive, map a group to a role", async ({ page, request }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const adminRole = `admin_${suffix}`;
  await createRole(ownerCtx, { name: `member_${suffix}`, display_name: `Member ${suffix}`, description: "Uses the app" }).catch(() => {});
  await createRole(ownerCtx, { name: adminRole, display_name: `Administrator ${suffix}`, description: "Manages the workspace" });
  const orgId = await createTestOrganization("Directory Corp", ["api_clients", "dir_sync", "roles"]);

  await withEmbeddedPortal(page, orgId, {}, async (portal) => {
    await portal.getByRole("link", { name: "Directory sync" }).click();
    await expect(portal.getByRole("heading", { name: "Connect your identity provider" })).toBeVisible();
    await shootBothWidths(page, "portal-directory-sync-setup");
    await portal.getByText("Microsoft Entra ID").click();
    await portal.getByRole("button", { name: "Create directory" }).click();

    const dialog = portal.getByRole("dialog", { name: "Microsoft Entra ID directory created" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText("SCIM endpoint (Tenant URL)")).toBeVisible();
    await shootBothWidths(page, "portal-directory-sync-token");
    const endpoint = (await dialog.getByTestId("credentials-client-id").textContent())!.trim();
    const token = (await dialog.getByTestId("credentials-secret").textContent())!.trim();
    expect(endpoint).toMatch(/\/directory\/dir_\d+\/scim\/v2$/);
    expect(token).toMatch(/^portico_scim_/);
    await dialog.getByRole("checkbox", { name: "I have pasted the token into my identity provider or stored it somewhere safe" }).check();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toHaveCount(0);

    await expect(portal.getByTestId("directory-status")).toHaveText("Waiting for the first sync");
    await expect(portal.getByRole("tab", { name: "Setup steps" })).toHaveAttribute("aria-selected", "true");
    await expect(portal.getByText("Provisioning Mode")).toBeVisible();
    await shootBothWidths(page, "portal-directory-sync-steps");

    // The IdP pushes users; they show up without a reload.
    const dir: ScimDirectory = { id: endpoint.match(/dir_\d+/)![0], endpoint, token };
    const ada = (await scim(request, dir, "POST", "/Users", { schemas: USER, userName: "ada@corp.test", name: { givenName: "Ada", familyName: "Lovelace" }, emails: [{ value: "ada@corp.test", primary: true, type: "work" }] })).body.id as string;
    await portal.getByRole("tab", { name: /^Users/ }).click();
    const users = portal.getByTestId("directory-users");
    await expect(users.getByText("Ada Lovelace")).toBeVisible({ timeout: 15_000 });
    await scim(request, dir, "POST", "/Users", { schemas: USER, userName: "grace@corp.test", name: { givenName: "Grace", familyName: "Hopper" }, emails: [{ value: "grace@corp.test", type: "work" }] });
    await expect(users.getByText("Grace Hopper")).toBeVisible({ timeout: 15_000 });
    await expect(portal.getByTestId("directory-status")).toHaveText("Active");
    await expect(portal.getByTestId("directory-user-count")).toHaveText("2");
    await scim(request, dir, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Workspace Admins", members: [{ value: ada }] });
    await scim(request, dir, "GET", `/Users?filter=${encodeURIComponent("nickName eq")}`); // a failed request for the log
    await expect(portal.getByTestId("directory-group-count")).toHaveText("1", { timeout: 15_000 });
    await shootBothWidths(page, "portal-directory-sync-users");
    expect(await hasNoHorizontalOverflow(page)).toBe(true);

    await users.getByText("Ada Lovelace").click();
    const detail = portal.getByRole("dialog", { name: "Ada Lovelace" });
    await expect(detail.getByText("Workspace Admins")).toBeVisible();
    await shootBothWidths(page, "portal-directory-sync-user-detail");
    await detail.getByRole("button", { name: "Close" }).first().click();

    await portal.getByRole("tab", { name: "Provisioning log" }).click();
    const log = portal.getByTestId("provisioning-log");
    await expect(log.getByText("400")).toBeVisible({ timeout: 15_000 });
    await log.locator("summary").filter({ hasText: "400" }).click();
    await expect(log.getByText(/invalidFilter/)).toBeVisible();
    await shootBothWidths(page, "portal-directory-sync-log");

    // Map the group to a role: Ada's role changes.
    await portal.getByRole("link", { name: "Roles" }).click();
    await expect(portal.getByRole("heading", { name: "Roles", exact: true })).toBeVisible();
    await portal.getByRole("combobox", { name: "Role for Workspace Admins" }).selectOption(adminRole);
    await expect(portal.getByText(`Members of “Workspace Admins” now get ${adminRole}`)).toBeVisible();
    await shootBothWidths(page, "portal-roles");
    expect((await db.directoryUser.findUniqueOrThrow({ where: { id: ada } })).roles).toEqual([adminRole]);
    const updated = await db.auditEvent.findFirst({ where: { organizationId: orgId, action: "directory_user.updated", targetId: ada, actorType: "portal_user" } });
    expect(updated, "user_updated recorded for the mapping change").not.toBeNull();

    await portal.getByRole("link", { name: "Directory sync" }).click();
    await portal.getByRole("tab", { name: /^Users/ }).click();
    const adaRow = portal.getByTestId("directory-users").getByRole("listitem").filter({ hasText: "Ada Lovelace" });
    await expect(adaRow.getByTestId("user-role")).toHaveText(adminRole, { timeout: 15_000 });

    // Disable: the IdP is refused and the host app hears about it.
    await portal.getByRole("button", { name: "Disable" }).click();
    await portal.getByRole("alertdialog").getByRole("button", { name: "Disable directory" }).click();
    await expect(portal.getByTestId("directory-status")).toHaveText("Disabled");
    expect((await scim(request, dir, "GET", "/Users")).status).toBe(401);
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("ORGANIZATION_DIRECTORY_DISABLED");
    await portal.getByRole("button", { name: "Enable" }).click();
    await expect(portal.getByTestId("directory-status")).toHaveText("Active");
    await expect.poll(async () => (await hostEvents(page)).map((e) => e.event_type)).toContain("ORGANIZATION_DIRECTORY_ENABLED");

    // Rotate with no overlap: the old token stops at once.
    await portal.getByRole("button", { name: "Rotate token" }).click();
    await portal.getByRole("dialog", { name: "Rotate the SCIM token" }).getByRole("button", { name: "Rotate token" }).click();
    const rotated = portal.getByRole("dialog", { name: /New SCIM token for/ });
    const newToken = (await rotated.getByTestId("credentials-secret").textContent())!.trim();
    await rotated.getByRole("checkbox").check();
    await rotated.getByRole("button", { name: "Done" }).click();
    expect((await scim(request, dir, "GET", "/Users")).status).toBe(401);
    expect((await scim(request, { ...dir, token: newToken }, "GET", "/Users")).status).toBe(200);
  });

  // The same screens opened as a page (a shareable link), whole-page screenshots.
  await page.goto((await portalLink(orgId)).location);
  await page.goto("/portal/directory-sync");
  await expect(page.getByTestId("directory-users").getByText("Grace Hopper")).toBeVisible();
  await shootBothWidths(page, "portal-directory-sync-standalone");
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  await page.goto("/portal/roles");
  await expect(page.getByRole("combobox", { name: "Role for Workspace Admins" })).toHaveValue(adminRole);
  await shootBothWidths(page, "portal-roles-standalone");

  // The console shows the same on the organization's Directory sync tab, and Settings → Roles the registry.
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/organizations/${orgId}`);
  const tab = page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: "Directory sync" });
  await tab.click();
  await expect(page).toHaveURL(new RegExp(`/console/organizations/${orgId}/directory-sync$`));
  await expect(tab).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Directory sync", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Roles", exact: true })).toBeVisible();
  await expect(page.getByTestId("directory-user-count")).toHaveText("2");
  await expect(page.getByTestId("directory-users").getByText("Ada Lovelace")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Role for Workspace Admins" })).toHaveValue(adminRole);
  await shootBothWidths(page, "console-directory-sync");
  await page.goto("/console/settings/roles");
  await expect(page.getByText(`Administrator ${suffix}`)).toBeVisible();
  await shootBothWidths(page, "console-settings-roles");
});
