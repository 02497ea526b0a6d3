// npm run bench:scim — the SCIM server under an IdP's load, against the production build (scripts/start.ts)
// and a throwaway PostgreSQL:
//   1. provision 10,000 users and 200 groups of 50 members over HTTP with 8 concurrent connections (requests/s);
//   2. with 100,000 users stored, p50/p95 of `userName eq` and `emails[value eq …]` list requests (target p95 < 20 ms);
//   3. one PATCH adding 1,000 members to a group (target < 1 s).
// BENCH_USERS (default 10000), BENCH_GROUPS (200), BENCH_MEMBERS (50), BENCH_TOTAL_USERS (100000),
// BENCH_LOOKUPS (300), BENCH_CONNECTIONS (8) change the sizes.
import crypto from "node:crypto";
import os from "node:os";
import pg from "pg";
import { startApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { migrate } from "../../scripts/lib/migrate";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";
import { parseScimFilter } from "../../lib/scim/filter";
import { filterToSql } from "../../lib/scim/filter-sql";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 200);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const TOTAL_USERS = Number(process.env.BENCH_TOTAL_USERS ?? 100_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const say = (msg: string) => console.log(`[bench] ${msg}`);


const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (n: number) => n.toFixed(1);

interface Dir { endpoint: string; token: string }

async function scim(dir: Dir, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const started = performance.now();
  const res = await fetch(dir.endpoint + path, {
    method, headers: { Authorization: `Bearer ${dir.token}`, "Content-Type": "application/scim+json", Accept: "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - started };
}

/** Runs `count` jobs over `connections` concurrent workers; returns the wall time and each job's latency. */
async function pool(count: number, connections: number, job: (i: number) => Promise<number>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    for (let i = next++; i < count; i = next++) latencies.push(await job(i));
  }));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

const USER_SCHEMA = ["urn:ietf:params:scim:schemas:core:2.0:User"];
const PATCH = ["urn:ietf:params:scim:api:messages:2.0:PatchOp"];

function user(i: number) {
  return {
    schemas: USER_SCHEMA, userName: `user${i}@bench.test`, externalId: `00u${i}`, active: true,
    name: { givenName: `Given${i}`, familyName: `Family${i}` }, displayName: `User ${i}`,
    emails: [{ value: `user${i}@bench.test`, type: "work", primary: true }], password: "ignored-by-portico",
  };
}

async function main() {
  say("starting a throwaway PostgreSQL, building and starting the production app");
  const database = await startTemporaryDatabase("portico_bench_scim");
  const mgmt = { id: "skc_bench_scim", secret: `bench_${crypto.randomBytes(24).toString("base64url")}` };
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    migrate(database.url, { quiet: true });
    ensureBuild({ log: say });
    app = await startApp({
      databaseUrl: database.url,
      env: {
        PORTICO_KEY_ENCRYPTION_SECRET: crypto.randomBytes(32).toString("hex"), PORTICO_DATA_DIR: `${database.root}/data`,
        BOOTSTRAP_MANAGEMENT_CLIENT_ID: mgmt.id, BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: mgmt.secret, LOG_LEVEL: "error",
      },
    });
    const tokenRes = await fetch(`${app.url}/oauth/token`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: mgmt.id, client_secret: mgmt.secret }) });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const auth = { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" };
    const org = (await (await fetch(`${app.url}/api/v1/organizations`, { method: "POST", headers: auth, body: JSON.stringify({ display_name: "Bench Corp", features: ["dir_sync", "roles"] }) })).json()) as { organization: { id: string } };
    const created = (await (await fetch(`${app.url}/api/v1/organizations/${org.organization.id}/directories`, { method: "POST", headers: auth, body: JSON.stringify({ provider: "OKTA" }) })).json()) as { directory: { id: string; scim_endpoint: string }; plain_token: string };
    const dir: Dir = { endpoint: created.directory.scim_endpoint, token: created.plain_token };
    say(`directory ${created.directory.id} at ${dir.endpoint}`);

    // 1. Provisioning throughput.
    const warm = await scim(dir, "GET", "/Users?count=1");
    if (warm.status !== 200) throw new Error(`warm-up failed: ${warm.status} ${JSON.stringify(warm.body)}`);
    const ids: string[] = new Array(USERS);
    const users = await pool(USERS, CONNECTIONS, async (i) => {
      const r = await scim(dir, "POST", "/Users", user(i));
      if (r.status !== 201) throw new Error(`POST /Users ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      ids[i] = r.body.id;
      return r.ms;
    });
    say(`${USERS} users created in ${users.seconds.toFixed(1)} s: ${(USERS / users.seconds).toFixed(0)} requests/s, p50 ${ms(pct(users.latencies, 50))} ms, p95 ${ms(pct(users.latencies, 95))} ms`);
    const groupIds: string[] = new Array(GROUPS);
    const groups = await pool(GROUPS, CONNECTIONS, async (i) => {
      const r = await scim(dir, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: `Group ${i}`, members: [] });
      if (r.status !== 201) throw new Error(`POST /Groups ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      groupIds[i] = r.body.id;
      return r.ms;
    });
    const members = await pool(GROUPS, CONNECTIONS, async (i) => {
      const value = Array.from({ length: MEMBERS }, (_, k) => ({ value: ids[(i * MEMBERS + k) % USERS]! }));
      const r = await scim(dir, "PATCH", `/Groups/${groupIds[i]}`, { schemas: PATCH, Operations: [{ op: "add", path: "members", value }] });
      if (r.status !== 204) throw new Error(`PATCH /Groups ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.ms;
    });
    const totalRequests = USERS + 2 * GROUPS;
    const totalSeconds = users.seconds + groups.seconds + members.seconds;
    say(`${GROUPS} groups created and given ${MEMBERS} members each (PATCH add): ${((2 * GROUPS) / (groups.seconds + members.seconds)).toFixed(0)} requests/s, member PATCH p50 ${ms(pct(members.latencies, 50))} ms, p95 ${ms(pct(members.latencies, 95))} ms`);
    say(`provisioning overall: ${totalRequests} requests in ${totalSeconds.toFixed(1)} s = ${(totalRequests / totalSeconds).toFixed(0)} requests/s with ${CONNECTIONS} connections`);

    // 2. Lookups with TOTAL_USERS stored: the rest are inserted directly (same shape, rows and email rows).
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const extra = Math.max(0, TOTAL_USERS - USERS);
    say(`storing ${extra} more users directly for ${TOTAL_USERS} in the directory`);
    await client.query(`
      INSERT INTO directory_users (id, directory_id, organization_id, user_name, external_id, display_name, email, active, resource, roles, create_time, update_time)
      SELECT 'diruser_bulk' || g, $1, $2, 'Bulk.User' || g || '@bench.test', '00b' || g, 'Bulk User ' || g, 'bulk.user' || g || '@bench.test', true,
             jsonb_build_object('userName', 'Bulk.User' || g || '@bench.test', 'externalId', '00b' || g, 'displayName', 'Bulk User ' || g,
               'emails', jsonb_build_array(jsonb_build_object('value', 'bulk.user' || g || '@bench.test', 'type', 'work', 'primary', true))),
             '{}', now(), now()
      FROM generate_series(1, $3::int) g`, [created.directory.id, org.organization.id, extra]);
    await client.query(`
      INSERT INTO directory_user_emails (user_id, directory_id, position, value, type, "primary")
      SELECT 'diruser_bulk' || g, $1, 0, 'bulk.user' || g || '@bench.test', 'work', true FROM generate_series(1, $2::int) g`, [created.directory.id, extra]);
    await client.query("ANALYZE directory_users; ANALYZE directory_user_emails; ANALYZE directory_group_members");
    const { rows: [count] } = await client.query("SELECT count(*)::int AS n FROM directory_users WHERE directory_id = $1 AND delete_time IS NULL", [created.directory.id]);
    say(`${count.n} users stored`);

    const pick = (i: number) => (i % 2 === 0 ? `USER${(i * 7919) % USERS}@Bench.Test` : `bulk.user${1 + ((i * 7919) % extra)}@BENCH.test`);
    for (const [label, filterOf] of [
      ["userName eq", (i: number) => `userName eq "${pick(i)}"`],
      ["emails[value eq …]", (i: number) => `emails[value eq "${pick(i).toLowerCase()}"]`],
    ] as const) {
      const latencies: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const r = await scim(dir, "GET", `/Users?filter=${encodeURIComponent(filterOf(i))}&startIndex=1&count=100`);
        if (r.status !== 200 || r.body.totalResults !== 1) throw new Error(`${label} ${filterOf(i)}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        if (i >= 10) latencies.push(r.ms); // after warm-up
      }
      say(`${label} over HTTP with ${count.n} users (${latencies.length} requests, one at a time): p50 ${ms(pct(latencies, 50))} ms, p95 ${ms(pct(latencies, 95))} ms, max ${ms(Math.max(...latencies))} ms (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
      // The database's share: the same translated statements (count and page) sent straight to PostgreSQL.
      const db: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const where = filterToSql({ type: "User", directoryId: created.directory.id }, parseScimFilter("User", filterOf(i)));
        const started = performance.now();
        await client.query(`SELECT count(*) FROM directory_users u WHERE u.directory_id = $${where.values.length + 1} AND u.delete_time IS NULL AND ${where.text}`, [...where.values, created.directory.id]);
        await client.query(`SELECT u.* FROM directory_users u WHERE u.directory_id = $${where.values.length + 1} AND u.delete_time IS NULL AND ${where.text} ORDER BY u.id LIMIT 100`, [...where.values, created.directory.id]);
        if (i >= 10) db.push(performance.now() - started);
      }
      say(`${label}: the two SQL statements alone: p50 ${ms(pct(db, 50))} ms, p95 ${ms(pct(db, 95))} ms`);
    }

    // 3. One PATCH adding 1,000 members.
    const big = await scim(dir, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Everyone" });
    const thousand = Array.from({ length: 1000 }, (_, k) => ({ value: `diruser_bulk${k + 1}` }));
    const patch = await scim(dir, "PATCH", `/Groups/${big.body.id}`, { schemas: PATCH, Operations: [{ op: "add", path: "members", value: thousand }] });
    if (patch.status !== 204) throw new Error(`1,000-member PATCH: ${patch.status} ${JSON.stringify(patch.body).slice(0, 300)}`);
    const { rows: [m] } = await client.query("SELECT count(*)::int AS n FROM directory_group_members WHERE group_id = $1", [big.body.id]);
    say(`one PATCH adding 1,000 members to an unmapped group: ${ms(patch.ms)} ms (${m.n} members stored)`);
    const removal = await scim(dir, "PATCH", `/Groups/${big.body.id}`, { schemas: PATCH, Operations: [{ op: "Remove", path: "members", value: thousand.slice(0, 500) }] });
    say(`one PATCH removing 500 of them (Entra's value-list form): ${ms(removal.ms)} ms`);
    const { rows: [log] } = await client.query("SELECT count(*)::int AS n FROM directory_request_log WHERE directory_id = $1", [created.directory.id]);
    say(`provisioning log rows kept for the directory: ${log.n} (bounded at 1,000)`);
    await client.end();
  } finally {
    await app?.stop();
    await database.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
