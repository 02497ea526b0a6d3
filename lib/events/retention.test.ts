import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { isDomainError, operatorContext } from "@/lib/test-support/fixtures";
import { createWebhookEndpoint, resendDelivery } from "@/lib/webhooks/endpoints";
import { eventRetentionDays, pruneEventData } from "./retention";

// Rows are back-dated past the 30-day window (and pending ones scheduled far ahead, so no other test's
// dispatcher sends them); pruning at the real "now" only reaches rows this old, which only this file makes.
process.env.WEBHOOK_ALLOW_INSECURE_LOCALHOST = "1";
const ops = operatorContext("admin");
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

after(async () => { await db.$disconnect(); });

async function oldEvent(days: number) {
  return db.event.create({ data: { id: newId("evt"), type: "organization.updated", occurredAt: ago(days), organizationId: null, data: {}, webhook: true } });
}

test("events and finished deliveries past 30 days are pruned; unfinished deliveries and their events stay", async () => {
  const { endpoint } = await createWebhookEndpoint(ops, { url: "http://localhost:9/retention", description: "retention" });
  const [gone, recent, stillSending, finishedLate] = [await oldEvent(45), await oldEvent(5), await oldEvent(45), await oldEvent(45)];
  const delivery = (eventId: string, status: string, lastAttempt: Date | null) => db.webhookDelivery.create({
    data: { endpointId: endpoint.id, eventId, eventType: "organization.updated", status, attempts: lastAttempt ? 1 : 0, lastAttemptAt: lastAttempt, createdAt: ago(45),
      nextAttemptAt: new Date(Date.now() + 365 * DAY), leaseUntil: status === "sending" ? new Date(Date.now() + 365 * DAY) : null },
  });
  const oldDelivered = await delivery(gone.id, "succeeded", ago(44));
  const oldFailed = await delivery(gone.id, "failed", ago(31));
  const pending = await delivery(stillSending.id, "pending", ago(40));
  const recentFailed = await delivery(finishedLate.id, "failed", ago(2));
  await db.webhookAttempt.create({ data: { deliveryId: oldDelivered.id, endpointId: endpoint.id, attemptedAt: ago(44), ok: true, latencyMs: 3, responseStatus: 200 } });

  const pruned = await pruneEventData();
  assert.ok(pruned.events >= 2 && pruned.deliveries >= 2, `pruned ${JSON.stringify(pruned)}`);

  const events = new Set((await db.event.findMany({ where: { id: { in: [gone.id, recent.id, stillSending.id, finishedLate.id] } } })).map((e) => e.id));
  assert.deepEqual([...events].sort(), [recent.id, stillSending.id].sort(), "old events go unless a delivery still has to send them");
  const deliveries = new Set((await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } })).map((d) => d.id));
  assert.ok(!deliveries.has(oldDelivered.id) && !deliveries.has(oldFailed.id), "finished deliveries past the window are gone");
  assert.ok(deliveries.has(pending.id) && deliveries.has(recentFailed.id), "work still to do and recent log entries stay (a recent entry's old event may be gone: its payload shows as no longer stored)");
  assert.equal(await db.webhookAttempt.count({ where: { deliveryId: oldDelivered.id } }), 0, "their attempts go with them");

  // A delivery whose event was pruned cannot be resent: refused, naming why, instead of a delivery that could never be sent.
  const orphan = await delivery(gone.id, "failed", ago(1));
  await assert.rejects(resendDelivery(ops, endpoint.id, orphan.id.toString()), isDomainError("conflict", "delivery_id", /no longer stored/));
  assert.equal(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, trigger: "resend" } }), 0);
  await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
});

test("retention windows are whole days; a bad value names its variable", () => {
  const saved = process.env.EVENT_RETENTION_DAYS;
  try {
    process.env.EVENT_RETENTION_DAYS = "90";
    assert.equal(eventRetentionDays(), 90);
    for (const bad of ["0", "1.5", "abc", "-3", "99999"]) {
      process.env.EVENT_RETENTION_DAYS = bad;
      assert.throws(() => eventRetentionDays(), /EVENT_RETENTION_DAYS/);
    }
  } finally {
    if (saved === undefined) delete process.env.EVENT_RETENTION_DAYS;
    else process.env.EVENT_RETENTION_DAYS = saved;
  }
});
