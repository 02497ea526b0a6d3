import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/operators/passwords";
import { signInAsBootstrapOwner, signInAsOperator } from "./support/console";
import { bearer, managementToken } from "./support/management";
import { shootBothWidths } from "./support/screens";
import { startReceiver, type Receiver } from "@/lib/test-support/webhook-receiver";

// Console → Webhooks and /api/v1/webhook_endpoints against a real receiver on localhost that verifies
// every delivery with the standardwebhooks package.

let receiver: Receiver;
test.beforeAll(async () => { receiver = await startReceiver(); });
test.afterAll(async () => { await receiver.close(); });

async function copySecretFromDialog(page: Page): Promise<string> {
  const dialog = page.getByRole("dialog").filter({ hasText: "You will not see this secret again" });
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByTestId("credentials-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  return secret;
}

async function acknowledge(page: Page) {
  const dialog = page.getByRole("dialog").filter({ hasText: "You will not see this secret again" });
  await dialog.getByRole("checkbox", { name: "I have copied the signing secret and stored it somewhere safe" }).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toHaveCount(0);
}

test("an owner adds an endpoint, sends a test event, reads the delivery log and rotates the secret", async ({ page, request }) => {
  await signInAsBootstrapOwner(page);
  await page.goto("/console/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  const admin = await managementToken(request);
  const org = await (await request.post("/api/v1/organizations", { headers: bearer(admin), data: { display_name: `Hooked ${Date.now()}` } })).json();
  const orgId = org.organization.id as string;

  await page.getByRole("button", { name: "Add endpoint" }).click();
  const form = page.getByRole("dialog", { name: "Add a webhook endpoint" });
  await form.getByLabel("Endpoint URL").fill("http://10.0.0.5/hook");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByText("Use https://", { exact: false })).toBeVisible();
  await form.getByLabel("Endpoint URL").fill(receiver.url);
  await form.getByLabel("Description").fill("Provisioning sync");
  await form.getByLabel("Organizations").fill(orgId);
  await form.getByRole("checkbox", { name: "All event types" }).uncheck();
  await form.getByRole("checkbox", { name: "Service principal created" }).check();
  await form.getByRole("checkbox", { name: "Organization updated" }).check();
  await shootBothWidths(page, "console-webhooks-add");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await copySecretFromDialog(page);
  receiver.secrets.push(secret);
  await shootBothWidths(page, "console-webhooks-secret");
  await acknowledge(page);

  const card = page.getByTestId("webhook-endpoint").filter({ hasText: receiver.url });
  await expect(card).toContainText("Enabled");
  await expect(card).toContainText("2 chosen");
  await shootBothWidths(page, "console-webhooks-list");
  await card.getByRole("link", { name: receiver.url }).click();
  await expect(page.getByText("No deliveries yet")).toBeVisible();

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect.poll(() => receiver.received.filter((r) => r.body.type === "webhook_endpoint.test").length).toBeGreaterThan(0);
  const test1 = receiver.received.find((r) => r.body.type === "webhook_endpoint.test")!;
  expect(test1.verifiedBy).toEqual([receiver.secrets.indexOf(secret)]);

  // A real event, chosen by type and organization, arrives signed.
  await request.patch(`/api/v1/organizations/${orgId}`, { headers: bearer(admin), data: { display_name: "Hooked, renamed" } });
  await expect.poll(() => receiver.received.filter((r) => r.body.organization_id === orgId && r.body.type === "organization.updated").length).toBe(1);

  await expect.poll(async () => { await page.reload(); return page.getByTestId("webhook-delivery").count(); }).toBe(2);
  await expect(page.getByTestId("webhook-delivery").first()).toContainText("Delivered");
  await page.getByTestId("webhook-delivery").filter({ hasText: "organization.updated" }).getByRole("link", { name: "organization.updated" }).click();
  const detail = page.getByTestId("delivery-detail");
  await expect(detail).toContainText("HTTP 200");
  await expect(detail.getByTestId("delivery-payload")).toContainText('"spec_version": "1"');
  await expect(detail.getByTestId("delivery-payload")).toContainText("Hooked, renamed");
  await shootBothWidths(page, "console-webhooks-delivery");

  // Filters.
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No deliveries match these filters.")).toBeVisible();
  await page.getByRole("link", { name: "Clear" }).click();
  // A hand-edited link whose filters cannot be a query names the filter instead of failing the page.
  await page.waitForURL(/\/console\/webhooks\/whe_\d+$/);
  const endpointPage = page.url();
  expect((await page.goto(`${endpointPage}?type=a%00b`))!.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Event type:" })).toHaveText("Event type: must not contain NUL characters or invalid Unicode (unpaired surrogates)");
  await shootBothWidths(page, "console-webhooks-bad-filter");
  expect((await page.goto(`${endpointPage}?cursor=9999999999999999999`))!.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Page:" })).toHaveText("Page: is not a cursor this API returned");
  await page.goto(endpointPage);

  // Rotation: both secrets sign for 24 hours.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("alertdialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await copySecretFromDialog(page);
  receiver.secrets.push(rotated);
  await acknowledge(page);
  await expect(page.getByText("Previous secret")).toBeVisible();
  await request.patch(`/api/v1/organizations/${orgId}`, { headers: bearer(admin), data: { display_name: "Hooked, rotated" } });
  await expect.poll(() => receiver.received.find((r) => (r.body.data as { display_name?: string })?.display_name === "Hooked, rotated")?.verifiedBy)
    .toEqual([receiver.secrets.indexOf(secret), receiver.secrets.indexOf(rotated)]);
  await shootBothWidths(page, "console-webhooks-endpoint");

  // Disable, then delete.
  await page.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("alertdialog", { name: "Disable this endpoint?" }).getByRole("button", { name: "Disable endpoint" }).click();
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
  const audit = await db.auditEvent.findMany({ where: { action: { startsWith: "webhook_endpoint." } }, orderBy: { seq: "asc" }, select: { action: true } });
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["webhook_endpoint.created", "webhook_endpoint.test_sent", "webhook_endpoint.secret_rotated", "webhook_endpoint.disabled"]));
  await page.getByRole("button", { name: "Delete" }).click();
  const del = page.getByRole("alertdialog", { name: "Delete this endpoint?" });
  await del.getByRole("textbox").fill(new URL(receiver.url).host);
  await del.getByRole("button", { name: "Delete endpoint" }).click();
  await page.waitForURL(/\/console\/webhooks$/);
});

test("auditors see endpoints and their log but no controls", async ({ page }) => {
  const auditor = { email: `hooks-auditor-${Date.now()}@portico.test`, password: `auditor-pw-${Date.now()}` };
  await db.operator.create({ data: { id: newId("opr"), email: auditor.email, passwordHash: await hashPassword(auditor.password), role: "auditor" } });
  await signInAsOperator(page, auditor.email, auditor.password);
  await page.goto("/console/webhooks");
  await expect(page.getByRole("note")).toContainText("read-only");
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
});

test("the management API manages endpoints and lists events and event types", async ({ request }) => {
  const admin = await managementToken(request);
  const h = { headers: bearer(admin) };
  const org = (await (await request.post("/api/v1/organizations", { ...h, data: { display_name: `API hooks ${Date.now()}` } })).json()).organization;
  const created = await request.post("/api/v1/webhook_endpoints", { ...h, data: { url: receiver.url, organization_ids: [org.id], event_types: ["organization.updated"] } });
  expect(created.status(), await created.text()).toBe(201);
  const { webhook_endpoint: endpoint, secret } = await created.json();
  expect(secret).toMatch(/^whsec_/);
  expect(JSON.stringify((await (await request.get(`/api/v1/webhook_endpoints/${endpoint.id}`, h)).json()))).not.toContain(secret);
  const bad = await request.post("/api/v1/webhook_endpoints", { ...h, data: { url: "https://169.254.169.254/latest", event_types: ["no.such_type"] } });
  expect(bad.status()).toBe(422);

  await request.patch(`/api/v1/organizations/${org.id}`, { ...h, data: { display_name: "API hooks, renamed" } });
  const events = await (await request.get(`/api/v1/events?organization_id=${org.id}`, h)).json();
  expect(events.events.map((e: { type: string }) => e.type)).toEqual(["organization.created", "organization.updated"]);
  expect(events.events[1]).toMatchObject({ spec_version: "1", object: "Organization", organization_id: org.id });
  const more = await (await request.get(`/api/v1/events?organization_id=${org.id}&cursor=${events.next_cursor}`, h)).json();
  expect(more.events).toEqual([]);
  const types = (await (await request.get("/api/v1/event_types?webhook=true", h)).json()).event_types;
  expect(types.map((t: { type: string }) => t.type)).toContain("organization.service_principal.secret_created");

  const deliveries = await (async () => {
    for (let i = 0; i < 50; i++) {
      const page = await (await request.get(`/api/v1/webhook_endpoints/${endpoint.id}/deliveries?status=succeeded`, h)).json();
      if (page.deliveries.length) return page.deliveries;
      await new Promise((r) => setTimeout(r, 200));
    }
    return [];
  })();
  expect(deliveries).toHaveLength(1);
  const resent = await request.post(`/api/v1/webhook_endpoints/${endpoint.id}/deliveries/${deliveries[0].id}/resend`, h);
  expect(resent.status()).toBe(202);
  expect((await request.delete(`/api/v1/webhook_endpoints/${endpoint.id}`, h)).status()).toBe(204);
});
