import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditInput } from "@/lib/audit/writer";
import { ThrottledAuditor } from "./throttled-audit";

const ctx = (ip: string) => ({ requestId: `req_${ip}`, ip, userAgent: "loop/1.0" });
const event = (link: string, reason: string, ip = "203.0.113.1"): AuditInput => ({
  action: "portal_link.open_failed", actor: { type: "anonymous" }, organizationId: "org_1",
  target: { type: "portal_link", id: link }, metadata: { link_id: link, reason }, context: ctx(ip),
});

function harness(maxKeysPerMinute = 200) {
  const written: AuditInput[] = [];
  let now = Date.UTC(2030, 0, 1, 12, 0, 10);
  const auditor = new ThrottledAuditor({
    write: async (input) => { written.push(input); },
    now: () => now,
    maxKeysPerMinute,
    overflow: (_key, input) => ({ key: "many", input: { ...input, target: null, metadata: { link_id: "(many links)" } } }),
  });
  return { auditor, written, advance: (ms: number) => { now += ms; } };
}

test("the first event per key and minute is written at once; repeats become one summary when the minute is over", async () => {
  const { auditor, written, advance } = harness();
  auditor.record("l1|used", event("l1", "used"));
  for (let i = 0; i < 50; i++) auditor.record("l1|used", event("l1", "used", "203.0.113.2"));
  auditor.record("l1|revoked", event("l1", "revoked"));
  await auditor.flush();
  assert.equal(written.length, 2, "one event per key, nothing for the repeats yet");
  assert.deepEqual(written.map((w) => w.metadata), [{ link_id: "l1", reason: "used" }, { link_id: "l1", reason: "revoked" }]);

  advance(60_000);
  await auditor.flush();
  assert.equal(written.length, 3);
  assert.deepEqual(written[2]!.metadata, {
    link_id: "l1", reason: "used", repeated: 50, window_start: "2030-01-01T12:00:00.000Z", window_end: "2030-01-01T12:01:00.000Z",
  });
  assert.equal(written[2]!.context?.ip, "203.0.113.2", "the summary carries the last repeat's IP");

  // A new minute starts over: the next failure is written at once again.
  auditor.record("l1|used", event("l1", "used"));
  await auditor.flush();
  assert.equal(written.length, 4);
  assert.equal((written[3]!.metadata as { repeated?: number }).repeated, undefined);
});

test("flush({ all }) writes the current minute's summaries too (shutdown)", async () => {
  const { auditor, written } = harness();
  auditor.record("k", event("l2", "expired"));
  auditor.record("k", event("l2", "expired"));
  await auditor.flush({ all: true });
  assert.equal(written.length, 2);
  assert.equal((written[1]!.metadata as { repeated: number }).repeated, 1);
});

test("past the distinct-key limit in a minute, further keys fold into one overflow entry", async () => {
  const { auditor, written } = harness(3);
  for (let i = 0; i < 10; i++) auditor.record(`l${i}|used`, event(`l${i}`, "used"));
  await auditor.flush({ all: true });
  // 3 distinct keys, 1 overflow event, and its summary for the other 6.
  assert.equal(written.length, 5);
  assert.deepEqual(written.slice(0, 3).map((w) => w.target?.id), ["l0", "l1", "l2"]);
  assert.equal(written[3]!.target, null);
  assert.deepEqual(written[4]!.metadata, { link_id: "(many links)", repeated: 6, window_start: "2030-01-01T12:00:00.000Z", window_end: "2030-01-01T12:01:00.000Z" });
});
