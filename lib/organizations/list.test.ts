import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { listOrganizations, type OrganizationSort } from "./index";

after(() => db.$disconnect());

const operator: Principal = { kind: "operator", id: "opr_list", email: "list@example.test", role: "auditor" };
const tag = `Zebulon${Date.now().toString(36)}`;
const names = ["alpha", "Bravo", "charlie", "delta", "Echo", "foxtrot", "golf"].map((n) => `${tag} ${n}`);

before(async () => {
  const base = Date.parse("2031-01-01T00:00:00Z");
  for (const [i, name] of names.entries()) {
    await db.organization.create({ data: { id: newId("org"), displayName: name, createdAt: new Date(base + (i % 3) * 1000), externalId: `${tag}-ext-${i}` } });
  }
});

async function all(sort: OrganizationSort, limit: number, search = tag) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listOrganizations(operator, { sort, limit, search, cursor });
    assert.ok(page.organizations.length <= limit);
    seen.push(...page.organizations.map((o) => o.display_name));
    cursor = page.next_cursor;
  } while (cursor);
  return seen;
}

test("every sort order pages through each organization exactly once, in order", async () => {
  for (const sort of ["newest", "oldest", "name_asc", "name_desc"] as const) {
    const seen = await all(sort, 2);
    assert.equal(seen.length, names.length, sort);
    assert.equal(new Set(seen).size, names.length, `${sort}: no duplicates across pages`);
  }
  const asc = await all("name_asc", 3);
  assert.deepEqual(asc, [...asc].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.deepEqual(await all("name_desc", 3), [...asc].reverse());
});

test("search matches part of the name case-insensitively, or an exact external id", async () => {
  const page = await listOrganizations(operator, { search: `${tag} ECH` });
  assert.deepEqual(page.organizations.map((o) => o.display_name), [`${tag} Echo`]);
  const byExternal = await listOrganizations(operator, { search: `${tag}-ext-3` });
  assert.deepEqual(byExternal.organizations.map((o) => o.display_name), [`${tag} delta`]);
  assert.equal((await listOrganizations(operator, { search: `${tag}-ext` })).organizations.length, 0, "external ids match exactly");
});

test("a cursor from another sort order is refused with a field error", async () => {
  const page = await listOrganizations(operator, { sort: "newest", limit: 1, search: tag });
  await assert.rejects(listOrganizations(operator, { sort: "name_asc", cursor: page.next_cursor }), (e: Error & { field?: string }) => e.field === "cursor");
  await assert.rejects(listOrganizations(operator, { cursor: "garbage" }), /cursor/);
});
