import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import { createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { CLIENT_AUTH_FAILED_ACTION, usageReport } from "./index";

after(() => db.$disconnect());

const auditor = operatorContext("auditor").principal;
const day = 86_400_000;

test("usage counts tokens per day and per principal, failed authentications, and secrets needing attention", async () => {
  const org = await createTestOrganization("Usage");
  const now = new Date();
  const clientId = newId("m2morg");
  await db.servicePrincipal.create({ data: { id: clientId, organizationId: org.id, name: "Nightly export" } });
  const old = new Date(now.getTime() - 120 * day);
  await db.clientSecret.createMany({
    data: [
      { id: newId("sks"), clientId, secretHash: "h1", suffix: "aaaa", createdAt: old, lastUsedAt: new Date(now.getTime() - 40 * day) },
      { id: newId("sks"), clientId, secretHash: "h2", suffix: "bbbb", createdAt: old, lastUsedAt: new Date(now.getTime() - day) },
      { id: newId("sks"), clientId, secretHash: "h3", suffix: "cccc", createdAt: new Date(now.getTime() - 5 * day) },
      { id: newId("sks"), clientId, secretHash: "h4", suffix: "dddd", createdAt: old, status: "INACTIVE" },
      // Old, never used, but expired: nothing to rotate or clean up any more.
      { id: newId("sks"), clientId, secretHash: "h5", suffix: "eeee", createdAt: old, expiresAt: new Date(now.getTime() - day) },
    ],
  });
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, 5));
  await db.tokenUsage.createMany({
    data: [
      { clientId, organizationId: org.id, minute: today, count: 7 },
      { clientId, organizationId: org.id, minute: new Date(today.getTime() + 60_000), count: 3 },
      { clientId, organizationId: org.id, minute: new Date(today.getTime() - 2 * day), count: 5 },
      { clientId, organizationId: org.id, minute: new Date(today.getTime() - 40 * day), count: 100 },
    ],
  });
  await appendTestAuditEvent(db, { action: CLIENT_AUTH_FAILED_ACTION, actor: ANONYMOUS_ACTOR, organizationId: org.id, metadata: { client_id: clientId, reason: "invalid_secret" } });
  await appendTestAuditEvent(db, { action: CLIENT_AUTH_FAILED_ACTION, actor: ANONYMOUS_ACTOR, organizationId: org.id, metadata: { client_id: clientId, reason: "invalid_secret", repeated: 4 } });

  const report = await usageReport(auditor, { organizationId: org.id, days: 14, now });
  assert.equal(report.tokens_per_day.length, 14);
  assert.equal(report.tokens_per_day.at(-1)!.count, 10);
  assert.equal(report.tokens_per_day.at(-3)!.count, 5);
  assert.equal(report.tokens_total, 15, "the 40-day-old usage is outside the period");
  assert.deepEqual(report.top_clients.map((c) => [c.client_id, c.name, c.count]), [[clientId, "Nightly export", 15]]);
  assert.equal(report.top_clients[0]!.per_day.at(-1)!.count, 10, "the principal's own series, per day");
  assert.equal(report.top_clients[0]!.per_day.at(-3)!.count, 5);
  assert.equal(report.top_clients[0]!.per_day.reduce((a, d) => a + d.count, 0), 15);
  assert.equal(report.failed_authentications_total, 6, "a summary event counts its repeats");
  assert.deepEqual(report.unused_secrets.map((s) => s.suffix), ["aaaa"]);
  assert.equal(report.unused_secrets_total, 1);
  assert.deepEqual(report.old_secrets.map((s) => s.suffix).sort(), ["aaaa", "bbbb"]);
  assert.equal(report.old_secrets_total, 2);
  assert.deepEqual((await usageReport(auditor, { organizationId: org.id, rotationDays: 180, now })).old_secrets, []);
});

test("usage per organization and per principal, each per day, and secret counts beyond the listed 50", async () => {
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, 1));
  const [a, b] = [await createTestOrganization("Usage A"), await createTestOrganization("Usage B")];
  const [a1, a2, b1] = [newId("m2morg"), newId("m2morg"), newId("m2morg")];
  await db.servicePrincipal.createMany({ data: [{ id: a1, organizationId: a.id, name: "A one" }, { id: a2, organizationId: a.id, name: "A two" }, { id: b1, organizationId: b.id, name: "B one" }] });
  await db.tokenUsage.createMany({
    data: [
      { clientId: a1, organizationId: a.id, minute: today, count: 400 },
      { clientId: a2, organizationId: a.id, minute: new Date(today.getTime() - day), count: 300 },
      { clientId: b1, organizationId: b.id, minute: today, count: 650 },
    ],
  });
  const report = await usageReport(auditor, { days: 7, now });
  const orgA = report.top_organizations.find((o) => o.organization_id === a.id)!;
  const orgB = report.top_organizations.find((o) => o.organization_id === b.id)!;
  assert.deepEqual([orgA.count, orgA.principals, orgA.organization_name], [700, 2, a.display_name]);
  assert.deepEqual(orgA.per_day.slice(-2).map((d) => d.count), [300, 400]);
  assert.deepEqual([orgB.count, orgB.principals], [650, 1]);
  assert.ok(report.top_organizations.indexOf(orgA) < report.top_organizations.indexOf(orgB), "most tokens first");
  assert.deepEqual(report.top_clients.filter((c) => [a1, a2, b1].includes(c.client_id)).map((c) => [c.name, c.count]), [["B one", 650], ["A one", 400], ["A two", 300]]);

  // 55 forgotten secrets: the list shows 50, the count says 55.
  const old = new Date(now.getTime() - 100 * day);
  await db.clientSecret.createMany({ data: Array.from({ length: 55 }, (_, i) => ({ id: newId("sks"), clientId: b1, secretHash: `hb${i}`, suffix: `b${String(i).padStart(3, "0")}`, createdAt: old })) });
  const forB = await usageReport(auditor, { organizationId: b.id, now });
  assert.equal(forB.unused_secrets.length, 50);
  assert.equal(forB.unused_secrets_total, 55);
  assert.equal(forB.old_secrets_total, 55);
  assert.deepEqual(forB.top_organizations.map((o) => o.organization_id), [b.id]);
});
