import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { addDomain, checkDomain } from "@/lib/domains";
import { parseInput } from "@/lib/errors";
import { systemContext } from "@/lib/http/request-context";
import { inviteOperator, acceptInvitation } from "@/lib/operators/invitations";
import { acceptInvitationSchema } from "@/lib/operators/schemas";
import { operatorContext } from "@/lib/test-support/fixtures";
import { signInAsBootstrapOwner, signInAsOperator } from "./support/console";
import { publishTxt, removeRecords, testDomainName } from "./support/dns";
import { createTestOrganization, portalLink, withEmbeddedPortal } from "./support/portal";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";
import { swapIdsInServerActions } from "./support/server-actions";

// The Domains tab of the admin portal (inside a host page's iframe, and standalone for the isolation
// checks) and the Domains section of the console's organization page. The app resolves DNS through the
// test DNS server, whose records these tests publish.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.afterAll(() => db.$disconnect());

const FEATURES = ["api_clients", "domain_verification", "activity"];

test("a tenant admin adds a domain in the embedded portal, copies its record, publishes it and verifies the domain", async ({ page }) => {
  const orgId = await createTestOrganization("Domain Owners Inc", FEATURES);
  const name = testDomainName("owners");
  await withEmbeddedPortal(page, orgId, {}, async (portal) => {
    await portal.getByRole("link", { name: "Domains" }).click();
    await expect(portal.getByRole("heading", { name: "Domains", level: 2 })).toBeVisible();
    await expect(portal.getByText("No domains yet")).toBeVisible();
    await shootBothWidths(page, "portal-domains-empty");

    // A public email provider is refused next to the field.
    const field = portal.getByLabel("Domain", { exact: true });
    await field.fill("gmail.com");
    await portal.getByRole("button", { name: "Add domain" }).click();
    await expect(portal.getByText("gmail.com is a public email provider: only a domain your organization owns can be verified")).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await shootBothWidths(page, "portal-domains-invalid");

    await field.fill(`${name.toUpperCase()}.`);
    await portal.getByRole("button", { name: "Add domain" }).click();
    const card = portal.getByTestId("domain").filter({ hasText: name });
    await expect(card.getByTestId("domain-status")).toHaveText("Pending verification");
    await expect(field).toHaveValue("");
    const record = card.getByTestId("domain-record");
    await expect(record).toContainText(`_portico.${name}`);
    const stored = await db.organizationDomain.findFirstOrThrow({ where: { organizationId: orgId, name } });
    const value = `portico-verification=${stored.verificationToken}`;
    await expect(record).toContainText(value);
    await expect(card.getByTestId("domain-last-check")).toContainText("Not checked yet.");
    await shootBothWidths(page, "portal-domains-pending");
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await hasNoHorizontalOverflow(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Check now before the record exists: the admin reads why it is not verified.
    await card.getByRole("button", { name: `Check now ${name}` }).click();
    await expect(card.getByTestId("domain-last-check")).toContainText(`No TXT record found at _portico.${name} or ${name}.`);
    await expect(card.getByTestId("domain-status")).toHaveText("Pending verification");

    // Copy the record's name and value (the Clipboard API, allowed to the iframe) and publish what was copied.
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await card.getByRole("button", { name: `Copy record name for ${name}` }).click();
    await expect(card.getByRole("status").filter({ hasText: "Copied" })).toHaveCount(1);
    await expect.poll(clipboard).toBe(`_portico.${name}`);
    const copiedName = await clipboard();
    await card.getByRole("button", { name: `Copy record value for ${name}` }).click();
    await expect.poll(clipboard).toBe(value);
    publishTxt(copiedName, await clipboard());

    await card.getByRole("button", { name: `Check now ${name}` }).click();
    await expect(card.getByTestId("domain-status")).toHaveText("Verified");
    await expect(card).toContainText("by its DNS record");
    await expect(card.getByTestId("domain-last-check")).toContainText(`Found the verification record at _portico.${name}.`);
    await shootBothWidths(page, "portal-domains-verified");

    const events = await db.auditEvent.findMany({ where: { organizationId: orgId, targetType: "domain" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorType, e.actorLabel])).toEqual([
      ["domain.created", "portal_user", "admin@host.test"],
      ["domain.verified", "portal_user", "admin@host.test"],
    ]);

    // Remove, after confirming.
    await card.getByRole("button", { name: `Remove ${name}` }).click();
    const confirm = portal.getByRole("alertdialog", { name: `Remove ${name}?` });
    await expect(confirm).toContainText(`People with an @${name} address will no longer be sent`);
    await shootBothWidths(page, "portal-domains-remove");
    await confirm.getByRole("button", { name: "Remove domain" }).click();
    await expect(portal.getByText("No domains yet")).toBeVisible();
    expect(await db.organizationDomain.count({ where: { organizationId: orgId } })).toBe(0);
  });
});

test("the portal shows a domain verified by the background checks, and tells the admin when its record disappears", async ({ page }) => {
  const orgId = await createTestOrganization("Watched Domains", FEATURES);
  const domain = await addDomain(operatorContext(), orgId, { name: testDomainName("watched") });
  await page.goto((await portalLink(orgId)).location);
  await page.goto("/portal/domains");
  const card = page.getByTestId("domain").filter({ hasText: domain.name });
  await expect(card.getByTestId("domain-status")).toHaveText("Pending verification");
  await shootBothWidths(page, "portal-domains-pending-standalone");
  publishTxt(domain.name, domain.verification.record_value);
  // The list refreshes itself while a domain is pending; the background checker runs every second in tests.
  await expect(card.getByTestId("domain-status")).toHaveText("Verified", { timeout: 30_000 });
  await card.getByText("DNS record", { exact: true }).click();
  await expect(card.getByTestId("domain-record")).toContainText(domain.verification.record_value);
  await shootBothWidths(page, "portal-domains-verified-standalone");

  removeRecords(domain.name);
  await expect.poll(async () => (await db.organizationDomain.findUniqueOrThrow({ where: { id: domain.id } })).status, { timeout: 20_000 }).toBe("failed");
  await page.reload();
  await expect(card.getByTestId("domain-status")).toHaveText("Verification failed");
  await expect(card.getByRole("alert")).toContainText("The verification record was not found when the domain was re-verified");
  await shootBothWidths(page, "portal-domains-failed");
});

test("a portal session of organization A cannot see, check, remove or claim B's domain, whatever ids its requests carry", async ({ page }) => {
  const a = await createTestOrganization("Domains A", FEATURES);
  const b = await createTestOrganization("Domains B", FEATURES);
  const ours = await addDomain(operatorContext(), a, { name: testDomainName("ours") });
  const theirs = await addDomain(operatorContext(), b, { name: testDomainName("theirs") });
  const theirVerified = await addDomain(operatorContext(), b, { name: testDomainName("theirsverified") });
  publishTxt(theirVerified.name, theirVerified.verification.record_value);
  expect((await checkDomain(operatorContext(), b, theirVerified.id)).status).toBe("verified");

  await page.goto((await portalLink(a, { features: ["domain_verification"] })).location);
  await page.goto("/portal/domains");
  const card = page.getByTestId("domain").filter({ hasText: ours.name });
  await expect(card).toBeVisible();
  await expect(page.locator("body")).not.toContainText(theirs.name);

  // The portal's own requests, with A's ids swapped for B's on the way (A's cookie and CSRF token stay).
  const swapper = await swapIdsInServerActions(page, a);
  const answers = swapper.answers;
  async function refused(what: string, send: () => Promise<unknown>, message: RegExp) {
    const before = answers.length;
    await send();
    await expect.poll(() => answers.length, { message: what }).toBeGreaterThan(before);
    const { text } = answers[before]!;
    expect(text, what).toContain('"ok":false,"error":{"code":"not_found"');
    expect(text, what).toMatch(message);
    expect(text, what).not.toContain(theirs.name);
    const dialog = page.getByRole("alertdialog");
    if ((await dialog.count()) > 0) await dialog.getByRole("button", { name: "Cancel" }).click();
  }
  for (const [label, ids] of [["B's ids", [[a, b], [ours.id, theirs.id]]], ["B's domain under A", [[ours.id, theirs.id]]]] as const) {
    swapper.swap = ids.map(([x, y]) => [x, y] as [string, string]);
    await refused(`check (${label})`, () => card.getByRole("button", { name: `Check now ${ours.name}` }).click(), /Organization not found|Domain not found/);
    await expect(card.getByText(/Organization not found|Domain not found/)).toBeVisible();
    await refused(`remove (${label})`, async () => {
      await card.getByRole("button", { name: `Remove ${ours.name}` }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Remove domain" }).click();
    }, /Organization not found|Domain not found/);
  }
  swapper.swap = [[a, b]];
  await refused("add to B", async () => {
    await page.getByLabel("Domain", { exact: true }).fill(testDomainName("planted"));
    await page.getByRole("button", { name: "Add domain" }).click();
  }, /Organization not found/);
  swapper.swapLists = true;
  await page.reload();
  await expect(page.getByText("Could not load domains")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(theirs.name);
  swapper.swap = [];
  swapper.swapLists = false;

  // B's verified domain cannot be claimed by A; the form says why.
  await page.reload();
  await page.getByLabel("Domain", { exact: true }).fill(theirVerified.name);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText(`${theirVerified.name} is already verified by another organization.`)).toBeVisible();

  // Nothing of B changed; nothing was written in its name from A's session.
  const bDomains = await db.organizationDomain.findMany({ where: { organizationId: b }, orderBy: { name: "asc" } });
  expect(bDomains.map((d) => [d.id, d.status]).sort()).toEqual([[theirs.id, "pending"], [theirVerified.id, "verified"]].sort());
  expect(await db.auditEvent.count({ where: { organizationId: b, actorType: "portal_user" } })).toBe(0);
  expect((await db.organizationDomain.findUniqueOrThrow({ where: { id: ours.id } })).status).toBe("pending");
});

test("operators see an organization's domains in the console and verify one by hand with a reason; auditors only read", async ({ page, browser }) => {
  const orgId = await createTestOrganization("Console Domains Org", FEATURES);
  const domain = await addDomain(operatorContext(), orgId, { name: testDomainName("console") });
  await signInAsBootstrapOwner(page);
  await page.goto(`/console/organizations/${orgId}/domains`);
  const section = page.getByRole("region", { name: "Domains" });
  const card = section.getByTestId("domain").filter({ hasText: domain.name });
  await expect(card.getByTestId("domain-status")).toHaveText("Pending verification");
  await card.getByRole("button", { name: "Verify by hand" }).click();
  const dialog = page.getByRole("dialog", { name: `Verify ${domain.name} by hand` });
  await dialog.getByRole("button", { name: "Verify domain" }).click();
  await expect(dialog.getByText("Say why you verify this domain by hand")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Ticket 881: registrar invoice checked");
  await shootBothWidths(page, "console-domains-verify-by-hand");
  await dialog.getByRole("button", { name: "Verify domain" }).click();
  await expect(card.getByTestId("domain-status")).toHaveText("Verified");
  await expect(card).toContainText("by an operator");
  await shootBothWidths(page, "console-domains");
  const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: domain.id, action: "domain.verified" } });
  expect(event.metadata).toEqual({ method: "manual", reason: "Ticket 881: registrar invoice checked" });
  expect(event.actorType).toBe("operator");

  // An auditor reads the same section without a single control.
  const stamp = Date.now().toString(36);
  const email = `domains-auditor-${stamp}@portico.test`;
  const { url } = await inviteOperator(operatorContext("owner"), { email, role: "auditor" });
  await acceptInvitation(parseInput(acceptInvitationSchema, { token: new URL(url).hash.slice(1), password: `auditor-pw-${stamp}-long` }), systemContext());
  const context = await browser.newContext();
  const auditor = await context.newPage();
  await signInAsOperator(auditor, email, `auditor-pw-${stamp}-long`);
  await auditor.goto(`/console/organizations/${orgId}/domains`);
  const readOnly = auditor.getByRole("region", { name: "Domains" });
  await expect(readOnly.getByTestId("domain-status")).toHaveText("Verified");
  await expect(readOnly.getByRole("button")).toHaveCount(0);
  await expect(readOnly.getByLabel("Domain", { exact: true })).toHaveCount(0);
  await context.close();
});
