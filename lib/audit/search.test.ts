import assert from "node:assert/strict";
import { after, test } from "node:test";
import pg from "pg";
import { db } from "@/lib/db";
import { operatorContext, uniq } from "@/lib/test-support/fixtures";
import { queryAuditEvents } from "./query";
import { verifyAuditChain } from "./verify";
import type { AppendInput } from "./writer";
import { appendTestAuditEvent, appendTestAuditEvents } from "@/lib/test-support/audit";

after(() => db.$disconnect());

const reader = operatorContext("auditor").principal;
const actor = { type: "operator" as const, id: "opr_search", label: "search@portico.test" };

/** Appends n events through the writer's batch path (one lock, valid keyed hashes, signed head). */
async function appendMany(n: number, make: (i: number) => Partial<AppendInput>) {
  const inputs: AppendInput[] = Array.from({ length: n }, (_, i) => ({
    action: "organization.updated", actor, target: { type: "organization", id: `org_filler_${i}` }, ...make(i),
  }));
  await appendTestAuditEvents(db, inputs);
}

test("free text beyond the newest events: a rare term, a term with thousands of older matches, and a common old one, complete and in order", async () => {
  const rare = `needle${uniq()}`;
  const medium = `medium${uniq()}`;
  const common = `common${uniq()}`;
  await appendTestAuditEvent(db, { action: "client_secret.revoked", actor, target: { type: "client_secret", id: `sks_${rare}_old` } });
  // 2,500 old matches of the medium term: more than the 2,000 that used to send the search on a walk of
  // the whole log. 5,200 of the common one: more than the trigram index is asked to list. Then 30,000
  // events that match neither, between them and the newest (more than the 20,000 scanned first).
  await appendMany(2_500, (i) => ({ target: { type: "service_principal", id: `m2morg_${medium}_${i}` }, metadata: { i } }));
  await appendMany(5_200, (i) => ({ target: { type: "client_secret", id: `sks_${common}_${i}` }, metadata: { i } }));
  await appendMany(30_000, (i) => (i === 100 ? { target: { type: "service_principal", id: `m2morg_${rare}_mid` } } : {}));
  await appendTestAuditEvent(db, { action: "client_secret.created", actor, target: { type: "client_secret", id: `sks_${rare}_new` } });

  const page1 = await queryAuditEvents(reader, { search: rare.toUpperCase(), limit: 2 });
  assert.deepEqual(page1.events.map((e) => e.target?.id), [`sks_${rare}_new`, `m2morg_${rare}_mid`]);
  const page2 = await queryAuditEvents(reader, { search: rare, limit: 2, cursor: page1.next_cursor });
  assert.deepEqual(page2.events.map((e) => e.target?.id), [`sks_${rare}_old`]);
  assert.equal(page2.next_cursor, null);

  // Combined with another filter, and a term nobody has.
  const withAction = await queryAuditEvents(reader, { search: rare, action: "client_secret.*" });
  assert.deepEqual(withAction.events.map((e) => e.action), ["client_secret.created", "client_secret.revoked"]);
  assert.equal((await queryAuditEvents(reader, { search: `${rare}-absent` })).events.length, 0);
  // A literal % is a character, not a wildcard; a term matches within one field, not across two.
  assert.equal((await queryAuditEvents(reader, { search: `needle%${rare.slice(6)}` })).events.length, 0);
  assert.equal((await queryAuditEvents(reader, { search: `created\nsearch@portico` })).events.length, 0);

  // The medium term's first page reads the newest 20,000 events and the matches, not all 30,000 between
  // (the old search did: past 2,000 older matches it walked the log down from the newest event).
  await db.$executeRawUnsafe("ANALYZE audit_events");
  const statements = await capturedQueries(() => queryAuditEvents(reader, { search: medium, limit: 200 }), /audit_events/);
  assert.ok(statements.length >= 1, "the search's statements were captured");
  let examined = 0;
  for (const s of statements) examined += rowsRead((await explain(s, { analyze: true, asAtScale: true })).Plan);
  assert.ok(examined < 26_000, `the first page read ${examined} rows`);

  const seen: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 3; pages++) {
    const page = await queryAuditEvents(reader, { search: medium, limit: 200, cursor });
    seen.push(...page.events.map((e) => (e.metadata as { i: number }).i));
    cursor = page.next_cursor;
  }
  assert.deepEqual(seen, Array.from({ length: 600 }, (_, k) => 2_499 - k), "newest first, no gaps or repeats");
  // With another filter that one of the matches passes.
  const one = await queryAuditEvents(reader, { search: medium, target: `m2morg_${medium}_7` });
  assert.deepEqual(one.events.map((e) => e.target?.id), [`m2morg_${medium}_7`]);

  // The common term: found by walking back, newest first, and paged on.
  const c1 = await queryAuditEvents(reader, { search: common.toUpperCase(), limit: 100 });
  assert.deepEqual(c1.events.map((e) => (e.metadata as { i: number }).i), Array.from({ length: 100 }, (_, k) => 5_199 - k));
  const c2 = await queryAuditEvents(reader, { search: common, limit: 100, cursor: c1.next_cursor });
  assert.deepEqual(c2.events.map((e) => (e.metadata as { i: number }).i), Array.from({ length: 100 }, (_, k) => 5_099 - k));
  assert.equal((await verifyAuditChain()).ok, true);
});

test("an IP address, or its start, matches the start of the event's IP", async () => {
  const org = `org_ip${uniq()}`;
  const ip = `10.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250)}.7`;
  const context = { requestId: `req_ip_${uniq()}`, ip, userAgent: null };
  await appendTestAuditEvent(db, { action: "organization.updated", actor, organizationId: org, context });
  await appendTestAuditEvent(db, { action: "organization.updated", actor, context: { ...context, ip: `${ip}1` } });
  const found = async (search: string, organizationId?: string) => (await queryAuditEvents(reader, { search, organizationId, limit: 200 })).events.filter((e) => e.ip?.startsWith(ip)).map((e) => e.ip);
  assert.deepEqual(await found(ip), [`${ip}1`, ip]);
  assert.deepEqual(await found(ip.split(".").slice(0, 3).join(".") + "."), [`${ip}1`, ip]);
  assert.deepEqual(await found(ip, org), [ip], "with another filter");
  assert.deepEqual(await found(ip.split(".").slice(1).join(".")), [], "the start of the IP, not any part");
});

test("an action family is a literal prefix: _ in it is not a wildcard", async () => {
  const stamp = uniq();
  await appendTestAuditEvent(db, { action: `fam_${stamp}.created`, actor });
  await appendTestAuditEvent(db, { action: `famX${stamp}.created`, actor });
  const family = await queryAuditEvents(reader, { action: `fam_${stamp}.*` });
  assert.deepEqual(family.events.map((e) => e.action), [`fam_${stamp}.created`]);
});

test("the actor filter matches an id exactly, or the start of a label whatever its case", async () => {
  const stamp = uniq();
  await appendTestAuditEvent(db, { action: "organization.updated", actor: { type: "operator", id: `opr_${stamp}`, label: `Ada.${stamp}@Example.test` } });
  await appendTestAuditEvent(db, { action: "organization.updated", actor: { type: "operator", id: `opr_${stamp}b`, label: `ada.${stamp}@other.test` } });
  await appendTestAuditEvent(db, { action: "organization.updated", actor: { type: "management_client", id: `skc_${stamp}`, label: `Billing backend ${stamp}` } });
  const labels = async (actorText: string) => (await queryAuditEvents(reader, { actor: actorText })).events.map((e) => e.actor.label);
  assert.deepEqual(await labels(`ada.${stamp}`), [`ada.${stamp}@other.test`, `Ada.${stamp}@Example.test`]);
  assert.deepEqual(await labels(`ADA.${stamp}@EXAMPLE`), [`Ada.${stamp}@Example.test`]);
  assert.deepEqual(await labels(`billing backend ${stamp}`), [`Billing backend ${stamp}`]);
  assert.deepEqual(await labels(`skc_${stamp}`), [`Billing backend ${stamp}`]);
  assert.deepEqual(await labels(`opr_${stamp}`), [`Ada.${stamp}@Example.test`], "ids match exactly, not by prefix");
  assert.deepEqual(await labels(`${stamp}`), [], "the start of the label, not any part");
  assert.deepEqual(await labels(`ada_${stamp}`), [], "_ is a character");
});

test("time ranges select exactly the events inside them, and time never goes backwards along the chain", async () => {
  const start = new Date();
  await appendMany(30, (i) => ({ target: { type: "organization", id: `org_timed_${i}` }, time: new Date(start.getTime() + 60_000 + i * 1000) }));
  const inside = await queryAuditEvents(reader, { since: new Date(start.getTime() + 70_000), until: new Date(start.getTime() + 80_000), limit: 100 });
  assert.deepEqual(inside.events.map((e) => e.target?.id), Array.from({ length: 10 }, (_, i) => `org_timed_${19 - i}`));
  assert.equal((await queryAuditEvents(reader, { since: new Date(start.getTime() + 10 * 86_400_000) })).events.length, 0);

  // Those events are "in the future"; the next one written now still sorts after them in time.
  const { id } = await appendTestAuditEvent(db, { action: "organization.updated", actor });
  const latest = await db.auditEvent.findUniqueOrThrow({ where: { id } });
  assert.ok(latest.time.getTime() >= start.getTime() + 60_000 + 29_000);
  assert.equal((await verifyAuditChain()).ok, true);
});

interface PlanNode {
  "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[];
  "Actual Rows"?: number; "Actual Loops"?: number; "Rows Removed by Filter"?: number; "Rows Removed by Index Recheck"?: number;
}
const planNodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(planNodes)];

/** Rows of audit_events a plan read from the table (kept or filtered out), from EXPLAIN ANALYZE. */
function rowsRead(plan: PlanNode): number {
  return planNodes(plan).filter((n) => n["Relation Name"] === "audit_events" && n["Node Type"] !== "Bitmap Index Scan")
    .reduce((sum, n) => sum + ((n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * (n["Actual Loops"] ?? 1), 0);
}

/**
 * EXPLAIN of a captured statement. `asAtScale`: with sequential scans priced out, as PostgreSQL prices
 * them on a table of a million events (on this test database's few tens of thousands a scan is cheap).
 */
async function explain({ text, values }: { text: string; values: unknown[] }, { analyze = false, asAtScale = false } = {}): Promise<{ Plan: PlanNode }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    if (asAtScale) await client.query("SET enable_seqscan = off");
    return ((await client.query({ text: `EXPLAIN (${analyze ? "ANALYZE, " : ""}FORMAT JSON) ${text}`, values })).rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]!;
  } finally {
    await client.end();
  }
}

/** The SQL the app sends for `run` (through Prisma's pg adapter): the statements matching `which`. */
async function capturedQueries(run: () => Promise<unknown>, which = /FROM "public"\."audit_events".*ORDER BY "public"\."audit_events"\."seq" DESC/s): Promise<{ text: string; values: unknown[] }[]> {
  const captured: { text: string; values: unknown[] }[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as { text?: string; values?: unknown[] } | string;
    if (typeof q === "object" && q?.text && which.test(q.text)) {
      captured.push({ text: q.text, values: q.values ?? [] });
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

test("the audit page's real queries read through indexes, never a scan of the whole table", async () => {
  // By now the log holds some 20,000 events (the tests above), enough for the planner to care.
  const orgId = `org_plan${uniq()}`;
  await appendMany(20, (i) => ({ organizationId: orgId, target: { type: "service_principal", id: `m2morg_plan_${i}` } }));
  await db.$executeRawUnsafe("ANALYZE audit_events");
  const sample = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId }, orderBy: { seq: "desc" } });
  const day = 86_400_000;
  const cases: [string, Parameters<typeof queryAuditEvents>[1]][] = [
    ["organization", { organizationId: sample.organizationId }],
    ["exact action", { action: "client_secret.created" }],
    ["actor prefix", { actor: "search@portico" }],
    ["target", { target: sample.targetId }],
    ["time range", { since: new Date(Date.now() - day), until: new Date(Date.now() + 2 * day) }],
    ["organization page 2", { organizationId: sample.organizationId, cursor: String(sample.seq) }],
  ];
  for (const [name, query] of cases) {
    const statements = await capturedQueries(() => queryAuditEvents(reader, { ...query, limit: 50 }));
    assert.ok(statements.length >= 1, `${name}: the page query was captured`);
    for (const statement of statements) {
      const { Plan } = await explain(statement);
      const nodes = planNodes(Plan);
      const shown = JSON.stringify(Plan, null, 1);
      assert.ok(!nodes.some((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "audit_events"), `${name}: no sequential scan of audit_events\n${statement.text}\n${shown}`);
      assert.ok(nodes.some((n) => /Index/.test(n["Node Type"])), `${name}: reads through an index\n${shown}`);
    }
  }
});
