import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/operators/passwords";
import { createConnection } from "@/lib/sso/connections";
import { operatorContext, uniq } from "@/lib/test-support/fixtures";
import { startSamlIdp, type TestSamlIdp } from "@/lib/test-support/saml-idp";
import { signInAsBootstrapOwner, signInAsOperator } from "./support/console";
import { createTestOrganization } from "./support/portal";
import { shootBothWidths } from "./support/screens";

// The console's single sign-on per organization: the same screens tenant admins get, read-only for auditors.
// (Set-up calls the domain from this process; its IdP is local.)
process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";

let idp: TestSamlIdp;
test.beforeAll(async () => { idp = await startSamlIdp(); });
test.afterAll(async () => { await idp.close(); await db.$disconnect(); });

test("console: operators manage an organization's SSO connections; auditors only read them", async ({ page, browser }) => {
  const orgId = await createTestOrganization(`Console SSO ${uniq()}`, ["sso"]);
  await createConnection(operatorContext("owner"), orgId, { provider: "MICROSOFT_ENTRA_ID", saml: { metadata_xml: idp.metadataXml }, allowed_domains: ["acme.test"] });

  await signInAsBootstrapOwner(page);
  // The organization page's Single sign-on tab, like Domains and Directory sync.
  await page.goto(`/console/organizations/${orgId}`);
  const tab = page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: "Single sign-on" });
  await tab.click();
  await expect(page).toHaveURL(new RegExp(`/console/organizations/${orgId}/sso$`));
  await expect(tab).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("sso-connection")).toContainText("Microsoft Entra ID");
  await expect(page.getByTestId("sso-status")).toHaveText("Ready to test");
  await expect(page.getByText("Reply URL (Assertion Consumer Service URL)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Test connection" })).toBeEnabled();
  // Operators may enable without a passing test, after saying so; it is audited as an override.
  await page.getByRole("button", { name: "Enable" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Enable without a passing test?" });
  await confirm.getByRole("button", { name: "Enable anyway" }).click();
  await expect(page.getByTestId("sso-status")).toHaveText("Enabled");
  await shootBothWidths(page, "console-organization-sso");
  // The audit trail names it from the event catalog, the override with it.
  await page.getByRole("navigation", { name: "Organization pages" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByText("SSO connection enabled").first()).toBeVisible();

  const email = `auditor-sso-${uniq()}@portico.test`;
  const password = `auditor-pw-${uniq()}-${uniq()}`;
  await db.operator.create({ data: { id: newId("opr"), email, passwordHash: await hashPassword(password), role: "auditor" } });
  const context = await browser.newContext();
  const auditor = await context.newPage();
  try {
    await signInAsOperator(auditor, email, password);
    await auditor.goto(`/console/organizations/${orgId}/sso`);
    await expect(auditor.getByTestId("sso-status")).toHaveText("Enabled");
    await expect(auditor.getByText(idp.entityId).first()).toBeVisible();
    for (const name of ["Test connection", "Disable", "Enable", "Save identity provider", "Save mapping", "Delete connection", "Add connection"]) {
      await expect(auditor.getByRole("button", { name, exact: true })).toHaveCount(0);
    }
  } finally {
    await context.close();
  }
});
