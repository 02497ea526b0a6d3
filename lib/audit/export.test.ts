import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { operatorContext, uniq } from "@/lib/test-support/fixtures";
import { auditDiff } from "./diff";
import { auditExportStream, csvField, CSV_COLUMNS } from "./export";
import { auditQueryFrom, filterParamsFrom } from "./filters";
import { verifyAuditChain } from "./verify";
import { appendTestAuditEvent } from "@/lib/test-support/audit";

after(() => db.$disconnect());

const reader = operatorContext("auditor").principal;
const actor = { type: "operator" as const, id: "opr_export", label: "exporter@portico.test" };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

test("CSV fields are quoted when needed and cannot start a spreadsheet formula", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField('say "hi", twice'), '"say ""hi"", twice"');
  assert.equal(csvField("line\nbreak"), '"line\nbreak"');
  assert.equal(csvField("=HYPERLINK(\"x\")"), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField("+1"), "'+1");
  assert.equal(csvField(null), "");
});

test("an export streams every matching event, newest first, in CSV and NDJSON", async () => {
  const target = `m2morg_export_${uniq()}`;
  const total = 230; // more than one export page (200)
  for (let i = 0; i < total; i++) {
    await appendTestAuditEvent(db, { action: i % 2 ? "service_principal.updated" : "client_secret.created", actor, target: { type: "service_principal", id: target }, after: { n: i, note: i === 8 ? "=cmd, \"quoted\"" : "ok" } });
  }
  const query = auditQueryFrom(filterParamsFrom(new URLSearchParams({ target })));
  const ndjson = (await readAll(auditExportStream(reader, query, "ndjson"))).trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(ndjson.length, total);
  assert.deepEqual(ndjson.map((e) => e.after.n), Array.from({ length: total }, (_, i) => total - 1 - i));
  assert.ok(ndjson.every((e) => e.target.id === target && e.actor.label === "exporter@portico.test"));

  const family = auditQueryFrom(filterParamsFrom(new URLSearchParams({ target, action: "client_secret.*" })));
  const csv = await readAll(auditExportStream(reader, family, "csv"));
  const lines = csv.split("\r\n").filter(Boolean);
  assert.equal(lines[0], CSV_COLUMNS.join(","));
    assert.ok(lines.slice(1).every((l) => l.includes(",client_secret.created,")));
  // The JSON cell of event 8 is escaped as one field.
  const json7 = JSON.stringify({ n: 8, note: '=cmd, "quoted"' });
  assert.equal(lines.length, 1 + total / 2);
  assert.ok(csv.includes(`"${json7.replace(/"/g, '""')}"`), "JSON with quotes and commas stays one field");
});

test("a bad time filter is refused naming the field", () => {
  assert.throws(() => auditQueryFrom({ since: "yesterday-ish" }), (e: Error & { field?: string }) => e.field === "since");
  assert.equal(auditQueryFrom({ since: "2026-11-22T09:30" }).since?.toISOString(), "2026-11-22T09:30:00.000Z");
});

test("the diff lists added, removed and changed fields by path", () => {
  const rows = auditDiff(
    { display_name: "Acme", metadata: { plan: "free", region: "eu" }, features: ["sso"] },
    { display_name: "Acme Ltd", metadata: { plan: "free", seats: 10 }, features: ["sso", "dir_sync"] },
  );
  const by = Object.fromEntries(rows.map((r) => [r.path, r]));
  assert.deepEqual(by.display_name, { path: "display_name", kind: "changed", before: "Acme", after: "Acme Ltd" });
  assert.equal(by["metadata.region"]?.kind, "removed");
  assert.deepEqual(by["metadata.seats"], { path: "metadata.seats", kind: "added", after: "10" });
  assert.equal(by["metadata.plan"]?.kind, "unchanged");
  assert.equal(by["features[1]"]?.kind, "added");
  assert.deepEqual(auditDiff(null, null), []);
});

test("verification and `npm run audit:verify` point at the first edited event, and pass again once it is restored", async () => {
  await appendTestAuditEvent(db, { action: "organization.updated", actor, after: { display_name: "Before tamper" } });
  const victim = await db.auditEvent.findFirstOrThrow({ where: { action: "organization.updated", actorId: "opr_export" }, orderBy: { seq: "desc" } });
  await appendTestAuditEvent(db, { action: "organization.updated", actor, after: { display_name: "After victim" } });
  assert.equal((await verifyAuditChain()).ok, true);

  const cli = () => spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { env: process.env, encoding: "utf8" });
  const okRun = cli();
  assert.equal(okRun.status, 0, okRun.stderr);
  assert.match(okRun.stdout, /audit chain intact: \d+ events checked/);

  try {
    await db.auditEvent.update({ where: { seq: victim.seq }, data: { after: { display_name: "Tampered" } } });
    const result = await verifyAuditChain();
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.brokenAt, { seq: victim.seq.toString(), id: victim.id, reason: "hash_mismatch" });
    const broken = cli();
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, new RegExp(`BROKEN at event #${victim.seq} \\(${victim.id}, organization.updated`));
  } finally {
    await db.auditEvent.update({ where: { seq: victim.seq }, data: { after: victim.after ?? undefined } });
  }
  assert.equal((await verifyAuditChain()).ok, true);
});
