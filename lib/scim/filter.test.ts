import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { createScimDirectory, type ScimClient } from "@/lib/test-support/scim";
import { parseScimFilter, resourceMatches } from "./filter";

// The filter grammar against RFC 7644 §3.4.2.2's own examples: parsed, then run twice — translated to SQL
// against real rows, and matched in memory against the same resources — and both must pick the same
// users (and the ones expected). Case-insensitive where the schema says caseExact: false.

after(() => db.$disconnect());

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
let dir: ScimClient;
const ids: Record<string, string> = {};
const resources: Record<string, Record<string, unknown>> = {};

const people = {
  bjensen: { userName: "bjensen", name: { familyName: "Jensen", givenName: "Barbara" }, title: "Tour Guide", userType: "Employee", emails: [{ value: "bjensen@example.com", type: "work", primary: true }, { value: "babs@jensen.org", type: "home" }], ims: [{ value: "babs@foo.com", type: "xmpp" }], active: true },
  jsmith: { userName: "J.Smith", name: { familyName: "O'Malley", givenName: "John" }, userType: "Intern", emails: [{ value: "jsmith@EXAMPLE.org", type: "work" }], active: false, [ENTERPRISE]: { department: "Sales", manager: { value: "boss" } } },
  jdoe: { userName: "jdoe", title: "", userType: "Employee", emails: [{ value: "doe@other.net", type: "home" }], active: true, [ENTERPRISE]: { department: "sales" } },
  anon: { userName: "anonymous", active: true },
};

before(async () => {
  dir = await createScimDirectory();
  for (const [key, attrs] of Object.entries(people)) {
    const schemas = ENTERPRISE in attrs ? [USER, ENTERPRISE] : [USER];
    const res = await dir.send("POST", "/Users", { schemas, ...attrs });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids[key] = res.body.id;
  }
  for (const [key, id] of Object.entries(ids)) resources[key] = (await dir.send("GET", `/Users/${id}`)).body;
  const sales = await dir.send("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Sales", members: [{ value: ids.jsmith }] });
  assert.equal(sales.status, 201);
  resources.jsmith = (await dir.send("GET", `/Users/${ids.jsmith}`)).body;
});

async function viaSql(filter: string): Promise<string[]> {
  const res = await dir.send("GET", `/Users?count=1000&filter=${encodeURIComponent(filter)}`);
  assert.equal(res.status, 200, `${filter}: ${JSON.stringify(res.body)}`);
  return res.body.Resources.map((r: { userName: string }) => Object.keys(ids).find((k) => ids[k] === (r as unknown as { id: string }).id)!).sort();
}

function inMemory(filter: string): string[] {
  const cond = parseScimFilter("User", filter);
  return Object.keys(resources).filter((k) => resourceMatches(cond, resources[k]!)).sort();
}

const CASES: [string, string[]][] = [
  // RFC 7644 §3.4.2.2 examples
  ['userName eq "bjensen"', ["bjensen"]],
  ['name.familyName co "O\'Malley"', ["jsmith"]],
  ['userName sw "J"', ["jdoe", "jsmith"]],
  [`${USER}:userName sw "J"`, ["jdoe", "jsmith"]],
  ["title pr", ["bjensen"]],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', ["anon", "bjensen", "jdoe", "jsmith"]],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', ["anon", "bjensen", "jdoe", "jsmith"]],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', []],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', []],
  ['title pr and userType eq "Employee"', ["bjensen"]],
  ['title pr or userType eq "Intern"', ["bjensen", "jsmith"]],
  [`schemas eq "${ENTERPRISE}"`, ["jdoe", "jsmith"]],
  ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ["bjensen"]],
  ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', ["anon"]],
  ['userType eq "Employee" and (emails.type eq "work")', ["bjensen"]],
  ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ["bjensen"]],
  ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', ["bjensen"]],
  // Case-insensitive attributes (caseExact: false), and case-exact ones
  ['userName eq "BJENSEN"', ["bjensen"]],
  ['emails.value eq "JSMITH@example.ORG"', ["jsmith"]],
  ['emails[value eq "BABS@jensen.org"]', ["bjensen"]],
  ['emails[type eq "work"].value eq "BJENSEN@example.com"', ["bjensen"]],
  ['emails[type eq "work"].value eq "babs@jensen.org"', []],
  [`${ENTERPRISE}:department eq "SALES"`, ["jdoe", "jsmith"]],
  [`${ENTERPRISE}:manager.value eq "boss"`, ["jsmith"]],
  [`${ENTERPRISE}:manager.value eq "BOSS"`, [], ],
  ['name.givenName ew "ARA"', ["bjensen"]],
  ['userName co "_"', []],
  ['userName co "%"', []],
  ['userName gt "j"', ["jdoe", "jsmith"]],
  // Booleans (Entra's "True" strings too), absence, negation
  ["active eq false", ["jsmith"]],
  ['active eq "True"', ["anon", "bjensen", "jdoe"]],
  ["active ne true", ["jsmith"]],
  ["title eq null", ["anon", "jdoe", "jsmith"]],
  ['not (title pr)', ["anon", "jdoe", "jsmith"]],
  ['emails.value ne "bjensen@example.com"', ["anon", "jdoe", "jsmith"]],
  ["emails pr", ["bjensen", "jdoe", "jsmith"]],
  ['groups.display eq "sales"', ["jsmith"]],
  ['userName eq "bjensen" or userName eq "jdoe" and active eq true', ["bjensen", "jdoe"]],
  ["externalId pr", []],
];

test("RFC 7644 filter examples pick the same users in SQL and in memory", async () => {
  for (const [filter, expected] of CASES) {
    const sql = await viaSql(filter);
    if (!filter.startsWith("groups.")) assert.deepEqual(inMemory(filter), expected, `in memory: ${filter}`);
    assert.deepEqual(sql, expected, `SQL: ${filter}`);
  }
});

test("filters that do not parse or do not fit the schema are invalidFilter, with a reason", async () => {
  for (const filter of ["userName eq", 'userName eq "a" and', "userName xx \"a\"", "(userName eq \"a\"", 'emails[type eq "work"', 'name eq "x"', 'meta.created eq "yesterday"', 'nickName eq "a" ]', 'meta.lastModified gt "0000-01-01T00:00:00Z"']) {
    const res = await dir.send("GET", `/Users?filter=${encodeURIComponent(filter)}`);
    assert.equal(res.status, 400, filter);
    assert.equal(res.body.scimType, "invalidFilter", `${filter}: ${res.body.detail}`);
  }
});

test("paging: stable order, integer counts, startIndex below 1 read as 1, count capped", async () => {
  const all = await dir.send("GET", "/Users?startIndex=1&count=100");
  assert.equal(typeof all.body.totalResults, "number");
  assert.equal(all.body.totalResults, 4);
  const pages = [];
  for (let i = 1; i <= 4; i += 2) pages.push(...(await dir.send("GET", `/Users?startIndex=${i}&count=2`)).body.Resources.map((r: { id: string }) => r.id));
  assert.deepEqual(pages, all.body.Resources.map((r: { id: string }) => r.id));
  const zero = await dir.send("GET", "/Users?startIndex=-5&count=0");
  assert.deepEqual([zero.body.startIndex, zero.body.itemsPerPage, zero.body.totalResults, zero.body.Resources], [1, 0, 4, []]);
  const projected = await dir.send("GET", `/Users?attributes=userName,emails.value&filter=${encodeURIComponent('userName eq "bjensen"')}`);
  assert.deepEqual(Object.keys(projected.body.Resources[0]).sort(), ["emails", "id", "schemas", "userName"]);
  assert.deepEqual(projected.body.Resources[0].emails, [{ value: "bjensen@example.com" }, { value: "babs@jensen.org" }]);
  const excluded = await dir.send("GET", `/Users/${ids.jsmith}?excludedAttributes=groups,emails,${ENTERPRISE}:department`);
  assert.equal(excluded.body.groups, undefined);
  assert.equal(excluded.body.emails, undefined);
  assert.deepEqual(excluded.body[ENTERPRISE], { manager: { value: "boss" } });
});

test("the lookups IdPs make are index lookups: userName eq, emails[value eq …], emails.value eq, group displayName eq", async () => {
  const { Prisma } = await import("@/lib/db");
  const { filterToSql } = await import("./filter-sql");
  const plan = async (type: "User" | "Group", filter: string) => db.$transaction(async (tx) => {
    // With sequential scans priced out, the planner uses an index whenever the condition allows one.
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    const where = filterToSql({ type, directoryId: dir.directoryId }, parseScimFilter(type, filter));
    const table = type === "User" ? Prisma.sql`directory_users u WHERE u.directory_id = ${dir.directoryId} AND u.delete_time IS NULL` : Prisma.sql`directory_groups g WHERE g.directory_id = ${dir.directoryId}`;
    const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT 1 FROM ${table} AND ${where}`;
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
  assert.match(await plan("User", 'userName eq "BJensen"'), /directory_users_user_name_idx/);
  assert.match(await plan("User", 'emails[value eq "Babs@jensen.org"]'), /directory_user_emails_value_idx/);
  assert.match(await plan("User", 'emails.value eq "Babs@jensen.org"'), /directory_user_emails_value_idx/);
  assert.match(await plan("Group", 'displayName eq "Sales"'), /directory_groups_display_name_idx/);
});
