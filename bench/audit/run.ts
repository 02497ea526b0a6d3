// npm run bench:audit: loads 1,000,000 audit events and 100,000 organizations into a throwaway
// PostgreSQL (bulk SQL, generate_series) and measures the p50/p95 of the console's real queries
// (queryAuditEvents and listOrganizations, through Prisma) for common filters, deep pages, actor prefixes
// and rare, medium and common free-text terms. Target: p95 < 100 ms.
//   BENCH_DATABASE_URL=…  use an existing, migrated, empty database instead of a throwaway one
//   BENCH_EVENTS=… BENCH_ORGS=… BENCH_RUNS=…  change the sizes (defaults 1,000,000 / 100,000 / 40)
import crypto from "node:crypto";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";
import { migrate } from "../../scripts/lib/migrate";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const say = (m: string) => console.log(`[bench] ${m}`);

const temp = process.env.BENCH_DATABASE_URL ? null : await startTemporaryDatabase("portico_bench");
const url = process.env.BENCH_DATABASE_URL ?? temp!.url;
if (temp) migrate(url, { quiet: true });
process.env.DATABASE_URL = url;
process.env.PORTICO_KEY_ENCRYPTION_SECRET ??= crypto.randomBytes(32).toString("hex");

const { db } = await import("@/lib/db");
const { queryAuditEvents } = await import("@/lib/audit/query");
const { listOrganizations } = await import("@/lib/organizations");
type Principal = import("@/lib/authz").Principal;
const operator: Principal = { kind: "operator", id: "opr_bench", email: "bench@portico.test", role: "auditor" };

const WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Pied", "Piper", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Massive", "Dynamic", "Blue", "Sun", "Nimbus"];
const SUFFIX = ["Inc", "Ltd", "GmbH", "Labs", "Group", "Systems", "Holdings", "Partners"];
const ACTIONS = [
  "service_principal.created", "service_principal.updated", "service_principal.disabled", "service_principal.deleted",
  "client_secret.created", "client_secret.revoked", "client_secret.used", "portal_link.created", "portal_link.used",
  "organization.created", "organization.updated", "operator.signed_in", "operator.sign_in_failed", "client_authentication.failed",
  "session_settings.updated",
];

async function load() {
  const t0 = Date.now();
  await db.$executeRawUnsafe(`
    INSERT INTO organizations (id, display_name, external_id, metadata, features, create_time, update_time)
    SELECT 'org_' || (100000000000000000 + i)::text,
           (ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}])[1 + (i * 7) % ${WORDS.length}] || ' ' ||
           (ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}])[1 + (i / ${WORDS.length})::int % ${WORDS.length}] || ' ' ||
           (ARRAY[${SUFFIX.map((w) => `'${w}'`).join(",")}])[1 + i % ${SUFFIX.length}] || ' ' || i::text,
           'ext-' || i::text, jsonb_build_object('plan', CASE WHEN i % 3 = 0 THEN 'enterprise' ELSE 'growth' END), ARRAY['api_clients','activity'],
           now() - ((${ORGS} - i) || ' minutes')::interval, now()
    FROM generate_series(1, ${ORGS}) AS i`);
  say(`inserted ${ORGS.toLocaleString("en")} organizations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const t1 = Date.now();
  const batch = 250_000;
  for (let start = 1; start <= EVENTS; start += batch) {
    const end = Math.min(EVENTS, start + batch - 1);
    // Spread over 90 days in seq order; 1 in 10 events has no organization (deployment-level).
    await db.$executeRawUnsafe(`
      INSERT INTO audit_events (id, time, organization_id, actor_type, actor_id, actor_label, action, target_type, target_id,
                                before, after, metadata, ip, user_agent, request_id, prev_hash, hash)
      SELECT 'evt_' || (200000000000000000 + i)::text,
             now() - interval '90 days' + (i::float / ${EVENTS}) * interval '90 days',
             CASE WHEN i % 10 = 0 THEN NULL ELSE 'org_' || (100000000000000000 + 1 + (hashint % ${ORGS}))::text END,
             CASE WHEN i % 4 = 0 THEN 'management_client' WHEN i % 4 = 1 THEN 'portal_user' ELSE 'operator' END,
             CASE WHEN i % 4 = 0 THEN 'skc_' || (hashint % 50)::text ELSE 'opr_' || (hashint % 200)::text END,
             CASE WHEN i % 4 = 0 THEN 'backend client ' || (hashint % 50)::text ELSE 'user' || (hashint % 200)::text || '@example.com' END,
             (ARRAY[${ACTIONS.map((a) => `'${a}'`).join(",")}])[1 + (hashint / 7) % ${ACTIONS.length}],
             'service_principal', 'm2morg_' || (hashint % 300000)::text,
             jsonb_build_object('name', 'bot ' || i::text), jsonb_build_object('name', 'bot ' || i::text || ' renamed'), NULL,
             '10.' || (hashint % 250)::text || '.0.' || (i % 250)::text, 'bench-agent/1.0', 'req_' || md5(i::text),
             md5((i - 1)::text) || md5((i - 1)::text), md5(i::text) || md5(i::text)
      FROM (SELECT i, abs(hashtext(i::text)) AS hashint FROM generate_series(${start}, ${end}) AS i) s`);
  }
  say(`inserted ${EVENTS.toLocaleString("en")} audit events in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  await db.$executeRawUnsafe("ANALYZE organizations");
  await db.$executeRawUnsafe("ANALYZE audit_events");
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const results: { name: string; p50: number; p95: number; rows: number }[] = [];

async function measure(name: string, run: (i: number) => Promise<number>) {
  await run(0); // warm-up (plan cache, buffers)
  const times: number[] = [];
  let rows = 0;
  for (let i = 1; i <= RUNS; i++) {
    const t = process.hrtime.bigint();
    rows = await run(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  results.push({ name, p50: pct(times, 50), p95: pct(times, 95), rows });
}

const orgId = (i: number) => `org_${100000000000000000 + 1 + ((i * 7919) % ORGS)}`;

try {
  await load();
  const day = 86_400_000;
  if (process.env.BENCH_EXPLAIN) {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ANALYZE SELECT * FROM audit_events WHERE (action ILIKE $1 OR actor_label ILIKE $1 OR actor_id ILIKE $1 OR target_id ILIKE $1 OR target_type ILIKE $1 OR request_id ILIKE $1 OR ip ILIKE $1) ORDER BY seq DESC LIMIT 51`, "%3f2a9c0d11e4%");
    console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  const mid = await queryAuditEvents(operator, { limit: 1, until: new Date(Date.now() - 45 * day) });
  const midCursor = mid.next_cursor;
  // Cursors 200 pages into the organization list (5,000 organizations in), in both name orders and by date.
  const deepCursor = async (sort: "newest" | "name_asc" | "name_desc") => {
    let cursor: string | null = null;
    for (let i = 0; i < 200; i++) cursor = (await listOrganizations(operator, { sort, limit: 25, cursor })).next_cursor;
    return cursor;
  };
  const deep = { newest: await deepCursor("newest"), name_asc: await deepCursor("name_asc"), name_desc: await deepCursor("name_desc") };
  const md5 = (n: number) => crypto.createHash("md5").update(String(n)).digest("hex");

  await measure("audit: newest page, no filter", async () => (await queryAuditEvents(operator, { limit: 50 })).events.length);
  await measure("audit: organization", async (i) => (await queryAuditEvents(operator, { organizationId: orgId(i), limit: 50 })).events.length);
  await measure("audit: exact action", async (i) => (await queryAuditEvents(operator, { action: ACTIONS[i % ACTIONS.length], limit: 50 })).events.length);
  await measure("audit: action family (client_secret.*)", async () => (await queryAuditEvents(operator, { action: "client_secret.*", limit: 50 })).events.length);
  await measure("audit: actor (email)", async (i) => (await queryAuditEvents(operator, { actor: `user${i % 200}@example.com`, limit: 50 })).events.length);
  await measure("audit: target id", async (i) => (await queryAuditEvents(operator, { target: `m2morg_${(i * 4099) % 300000}`, limit: 50 })).events.length);
  await measure("audit: last 24 hours", async () => (await queryAuditEvents(operator, { since: new Date(Date.now() - day), limit: 50 })).events.length);
  await measure("audit: a day 30 days ago", async (i) => (await queryAuditEvents(operator, { since: new Date(Date.now() - (30 + (i % 5)) * day), until: new Date(Date.now() - (29 + (i % 5)) * day), limit: 50 })).events.length);
  await measure("audit: organization + action", async (i) => (await queryAuditEvents(operator, { organizationId: orgId(i), action: "service_principal.*", limit: 50 })).events.length);
  await measure("audit: deep page (cursor mid-log)", async () => (await queryAuditEvents(operator, { cursor: midCursor, limit: 50 })).events.length);
  await measure("audit: actor + time range (a day 30 days ago)", async (i) => (await queryAuditEvents(operator, { actor: `user${i % 200}@example.com`, since: new Date(Date.now() - (30 + (i % 5)) * day), until: new Date(Date.now() - (29 + (i % 5)) * day), limit: 50 })).events.length);
  await measure("audit: actor prefix, 111 labels (\"user1\")", async () => (await queryAuditEvents(operator, { actor: "user1", limit: 50 })).events.length);
  await measure("audit: actor prefix, 11 labels (\"user1N\")", async (i) => (await queryAuditEvents(operator, { actor: `user1${i % 10}`, limit: 50 })).events.length);
  await measure("audit: free text, common (\"secret\")", async () => (await queryAuditEvents(operator, { search: "secret", limit: 50 })).events.length);
  await measure("audit: free text, rare (request id)", async (i) => (await queryAuditEvents(operator, { search: md5(900000 + i).slice(0, 12), limit: 50 })).events.length);
  // ~1,800 matches (an IP), and ~7,000 (3 hex characters of a request id), spread over the whole log.
  await measure("audit: free text, medium (IP, ~1.8k matches)", async (i) => (await queryAuditEvents(operator, { search: `10.${i % 250}.0.1`, limit: 50 })).events.length);
  await measure("audit: free text, medium (~7k matches)", async (i) => (await queryAuditEvents(operator, { search: md5(i).slice(0, 3), limit: 50 })).events.length);
  await measure("audit: free text, medium + organization", async (i) => (await queryAuditEvents(operator, { search: `10.${i % 250}.0.1`, organizationId: orgId(i), limit: 50 })).events.length);
  const page3 = new Map<number, string | null>();
  for (let i = 0; i <= RUNS; i++) {
    let cursor: string | null = null;
    for (let p = 0; p < 2; p++) cursor = (await queryAuditEvents(operator, { search: `10.${i % 250}.0.1`, limit: 50, cursor })).next_cursor;
    page3.set(i, cursor);
  }
  await measure("audit: free text, medium, page 3", async (i) => (await queryAuditEvents(operator, { search: `10.${i % 250}.0.1`, limit: 50, cursor: page3.get(i) })).events.length);

  await measure("orgs: newest page", async () => (await listOrganizations(operator, { limit: 25 })).organizations.length);
  await measure("orgs: name A–Z page", async () => (await listOrganizations(operator, { sort: "name_asc", limit: 25 })).organizations.length);
  await measure("orgs: name Z–A page", async () => (await listOrganizations(operator, { sort: "name_desc", limit: 25 })).organizations.length);
  await measure("orgs: newest, 200 pages deep", async () => (await listOrganizations(operator, { sort: "newest", limit: 25, cursor: deep.newest })).organizations.length);
  await measure("orgs: name A–Z, 200 pages deep", async () => (await listOrganizations(operator, { sort: "name_asc", limit: 25, cursor: deep.name_asc })).organizations.length);
  await measure("orgs: name Z–A, 200 pages deep", async () => (await listOrganizations(operator, { sort: "name_desc", limit: 25, cursor: deep.name_desc })).organizations.length);
  await measure("orgs: search common word", async (i) => (await listOrganizations(operator, { search: WORDS[i % WORDS.length]!.toLowerCase(), limit: 25 })).organizations.length);
  await measure("orgs: search unique name part", async (i) => {
    const n = 1 + ((i * 977) % ORGS);
    return (await listOrganizations(operator, { search: `${SUFFIX[n % SUFFIX.length]} ${n}`, limit: 25 })).organizations.length;
  });
  await measure("orgs: search no match", async (i) => (await listOrganizations(operator, { search: `zzqx${i}`, limit: 25 })).organizations.length);
  await measure("orgs: exact external id", async (i) => (await listOrganizations(operator, { search: `ext-${(i * 131) % ORGS}`, limit: 25 })).organizations.length);

  console.log(`\n${EVENTS.toLocaleString("en")} audit events, ${ORGS.toLocaleString("en")} organizations, ${RUNS} runs each (ms)\n`);
  console.log(`${"query".padEnd(48)} ${"p50".padStart(8)} ${"p95".padStart(8)}  rows  target`);
  for (const r of results) {
    console.log(`${r.name.padEnd(48)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}  ${String(r.rows).padStart(4)}  ${r.p95 < 100 ? "ok" : "SLOW"}`);
  }
  const slow = results.filter((r) => r.p95 >= 100);
  console.log(slow.length ? `\n${slow.length} quer${slow.length === 1 ? "y" : "ies"} over the 100 ms p95 target` : "\nevery query under the 100 ms p95 target");
  process.exitCode = slow.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await temp?.stop();
}
