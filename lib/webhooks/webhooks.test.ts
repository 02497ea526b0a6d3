import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { updateOrganization } from "@/lib/organizations";
import { createTestOrganization, isDomainError, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { startReceiver, type Receiver } from "@/lib/test-support/webhook-receiver";
import { startWebhookDispatcher, stopWebhookDispatcher } from "./dispatcher";
import {
  createWebhookEndpoint, getDelivery, listDeliveries, replayEvents, resendDelivery, rotateWebhookSecret, sendTestEvent, updateWebhookEndpoint,
} from "./endpoints";
import { replaySchema } from "./schemas";

// Deliveries to a real HTTP receiver on localhost that verifies signatures with the standardwebhooks
// package, with a short retry schedule.
process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST = "1";
process.env.WEBHOOK_RETRY_SCHEDULE = "0,0.2,0.2,0.2";
process.env.WEBHOOK_POLL_MS = "50";

let receiver: Receiver;
const ops = operatorContext("admin");

before(async () => {
  receiver = await startReceiver();
  startWebhookDispatcher();
});
after(async () => {
  await stopWebhookDispatcher();
  await receiver.close();
  await db.$disconnect();
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An endpoint for one organization's events only, so tests do not see each other's. */
async function endpointFor(organizationId: string, extra: { event_types?: string[]; url?: string } = {}) {
  const { endpoint, secret } = await createWebhookEndpoint(ops, { url: extra.url ?? receiver.url, organization_ids: [organizationId], event_types: extra.event_types, description: "test" });
  receiver.secrets.push(secret);
  return { endpoint, secret, secretIndex: receiver.secrets.length - 1 };
}

test("an event is delivered once, as the §7.1 envelope, signed the Standard Webhooks way", async () => {
  const org = await createTestOrganization("Hooks");
  const { endpoint, secret, secretIndex } = await endpointFor(org.id);
  assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  await updateOrganization(ops, org.id, { display_name: `Renamed ${uniq()}` });
  const got = await until("the delivery", async () => receiver.received.find((r) => r.body.organization_id === org.id));
  assert.deepEqual(got.verifiedBy, [secretIndex], "verified by standardwebhooks with this endpoint's secret only");
  assert.equal(got.body.spec_version, "1");
  assert.match(String(got.body.id), /^evt_\d+$/);
  assert.equal(got.id, got.body.id, "webhook-id is the event id");
  assert.equal(got.body.object, "Organization");
  assert.equal(got.body.type, "organization.updated");
  assert.match(String(got.body.environment_id), /^env_\d+$/);
  assert.ok(!Number.isNaN(Date.parse(String(got.body.occurred_at))));
  assert.equal((got.body.data as { id: string }).id, org.id);
  assert.match(String(got.headers["webhook-signature"]), /^v1,[A-Za-z0-9+/]+=*$/);
  const { deliveries } = await until("succeeded", async () => {
    const page = await listDeliveries(ops.principal, endpoint.id);
    return page.deliveries.every((d) => d.status === "succeeded") && page.deliveries.length ? page : null;
  });
  assert.equal(deliveries.length, 1);
  const detail = await getDelivery(ops.principal, endpoint.id, deliveries[0]!.id);
  assert.equal(detail.attempt_log.length, 1);
  assert.equal(detail.attempt_log[0]!.response_status, 200);
  assert.equal(detail.payload?.id, got.id);
});

test("a receiver that fails three times then succeeds gets the event on the fourth attempt; the log shows each", async () => {
  const org = await createTestOrganization("Flaky");
  const { endpoint } = await endpointFor(org.id);
  let failures = 0;
  receiver.answer = (r) => (r.body.organization_id === org.id && failures++ < 3 ? 503 : 200);
  try {
    await updateOrganization(ops, org.id, { display_name: `Flaky ${uniq()}` });
    const [delivery] = (await until("delivered after retries", async () => {
      const page = await listDeliveries(ops.principal, endpoint.id, { status: "succeeded" });
      return page.deliveries.length ? page : null;
    })).deliveries;
    assert.equal(delivery!.attempts, 4);
    const detail = await getDelivery(ops.principal, endpoint.id, delivery!.id);
    assert.deepEqual(detail.attempt_log.map((a) => a.response_status), [503, 503, 503, 200]);
    assert.match(detail.attempt_log[0]!.response_body ?? "", /try again/);
    assert.equal(detail.attempt_log[0]!.error, "HTTP 503");
    const seen = receiver.received.filter((r) => r.id === delivery!.event_id);
    assert.equal(seen.length, 4, "the same webhook-id each time");
  } finally {
    receiver.answer = () => 200;
  }
});

test("after the schedule runs out the delivery is failed; Resend and Replay queue it again", async () => {
  const org = await createTestOrganization("Down");
  const { endpoint } = await endpointFor(org.id);
  const since = new Date(Date.now() - 1_000);
  receiver.answer = (r) => (r.body.organization_id === org.id ? 500 : 200);
  try {
    await updateOrganization(ops, org.id, { display_name: `Down ${uniq()}` });
    const failed = (await until("failed", async () => (await listDeliveries(ops.principal, endpoint.id, { status: "failed" })).deliveries[0])) ;
    assert.equal(failed.attempts, 4, "every attempt of the (test) schedule was made");
  } finally {
    receiver.answer = () => 200;
  }
  const failed = (await listDeliveries(ops.principal, endpoint.id, { status: "failed" })).deliveries[0]!;
  const resent = await resendDelivery(ops, endpoint.id, failed.id);
  assert.equal(resent.trigger, "resend");
  await until("resent and delivered", async () => (await listDeliveries(ops.principal, endpoint.id, { status: "succeeded" })).deliveries.find((d) => d.id === resent.id));
  const { queued } = await replayEvents(ops, endpoint.id, { since });
  assert.equal(queued, 2, "organization.created and organization.updated since then");
  await until("replayed", async () => (await listDeliveries(ops.principal, endpoint.id, { status: "succeeded" })).deliveries.filter((d) => d.trigger === "replay").length === 2);
  // The edges parse with the shared schema: a time that is not RFC 3339 is refused naming the field.
  await assert.rejects(viaSchema(replaySchema, replayEvents)(ops, endpoint.id, { since: "yesterday" }), isDomainError("invalid", "since"));
  await assert.rejects(viaSchema(replaySchema, replayEvents)(ops, endpoint.id, { since: "0000-01-01T00:00:00Z" }), isDomainError("invalid", "since"), "a year PostgreSQL has no room for");
});

test("a rotated secret: both signatures are sent for 24 h, so receivers holding either the old or the new one verify", async () => {
  const org = await createTestOrganization("Rotate");
  const { endpoint, secretIndex: oldIndex } = await endpointFor(org.id);
  const { secret: fresh, endpoint: rotated } = await rotateWebhookSecret(ops, endpoint.id);
  assert.ok(rotated.previous_secret_expire_time && Date.parse(rotated.previous_secret_expire_time) > Date.now() + 23 * 3_600_000);
  receiver.secrets.push(fresh);
  const newIndex = receiver.secrets.length - 1;
  await updateOrganization(ops, org.id, { display_name: `Rotated ${uniq()}` });
  const got = await until("delivery after rotation", async () => receiver.received.find((r) => r.body.organization_id === org.id && r.body.type === "organization.updated"));
  assert.deepEqual(got.verifiedBy, [oldIndex, newIndex]);
  assert.equal(String(got.headers["webhook-signature"]).split(" ").length, 2);
  // Once the old secret's 24 hours are over, only the new one signs.
  await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1) } });
  const test2 = await sendTestEvent(ops, endpoint.id);
  const got2 = await until("test event", async () => receiver.received.find((r) => r.id === test2.event_id));
  assert.deepEqual(got2.verifiedBy, [newIndex]);
  assert.equal(got2.body.type, "webhook_endpoint.test");
});

test("private, loopback and metadata targets are refused: at creation for addresses, at delivery for names (DNS rebinding)", async () => {
  for (const url of ["https://169.254.169.254/latest", "https://10.1.2.3/hook", "https://[fd00::1]/hook", "https://[::ffff:10.0.0.1]/hook", "http://example.com/hook", "ftp://example.com/"]) {
    await assert.rejects(createWebhookEndpoint(ops, { url }), isDomainError("invalid", "url"), url);
  }
  const org = await createTestOrganization("Private");
  // A name that resolves to loopback: accepted as a URL, refused when resolved at delivery.
  const { endpoint } = await endpointFor(org.id, { url: `https://localhost:9/hook-${uniq()}` });
  const before = receiver.received.length;
  delete process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST;
  try {
    const sent = await sendTestEvent(ops, endpoint.id);
    const detail = await until("refused attempt", async () => {
      const d = await getDelivery(ops.principal, endpoint.id, sent.id);
      return d.attempt_log.length ? d : null;
    });
    assert.equal(detail.attempt_log[0]!.response_status, null);
    assert.match(detail.attempt_log[0]!.error ?? "", /^blocked_address/);
  } finally {
    process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST = "1";
  }
  assert.equal(receiver.received.length, before);
});

test("an endpoint failing every delivery for 5 days is disabled, audited and shown as such", async () => {
  const org = await createTestOrganization("Failing");
  const { endpoint } = await endpointFor(org.id);
  await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 5 * 24 * 3_600_000 - 60_000) } });
  receiver.answer = (r) => (r.body.organization_id === org.id ? 500 : 200);
  try {
    await updateOrganization(ops, org.id, { display_name: `Failing ${uniq()}` });
    const disabled = await until("auto-disabled", async () => {
      const e = await db.webhookEndpoint.findUnique({ where: { id: endpoint.id } });
      return e?.status === "disabled" ? e : null;
    });
    assert.equal(disabled.disabledReason, "failing");
    // Chained once the dispatcher's transaction has committed (the short window before chaining).
    const audit = await until("the audit event", () => db.auditEvent.findFirst({ where: { action: "webhook_endpoint.disabled", targetId: endpoint.id } }));
    assert.equal(audit.actorType, "system");
    assert.equal((audit.metadata as { reason: string }).reason, "failing");
  } finally {
    receiver.answer = () => 200;
  }
  // Enabling again starts the clock afresh.
  const enabled = await updateWebhookEndpoint(ops, endpoint.id, { status: "enabled" });
  assert.equal(enabled.status, "enabled");
  assert.equal(enabled.failing_since, null);
});

test("auditors read endpoints but change nothing", async () => {
  const auditor = operatorContext("auditor");
  await assert.rejects(createWebhookEndpoint(auditor, { url: receiver.url }), isDomainError("forbidden"));
});
