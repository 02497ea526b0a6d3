import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { db } from "@/lib/db";
import { updateDirectory, rotateDirectoryToken } from "@/lib/directory/directories";
import { operatorContext } from "@/lib/test-support/fixtures";
import { createScimDirectory, type ScimAnswer, type ScimClient } from "@/lib/test-support/scim";

// The SCIM server end to end in process: real Request objects through the route wrappers, a real
// PostgreSQL, Okta's and Entra ID's request shapes from e2e/fixtures/scim.

after(() => db.$disconnect());

const FIXTURES = path.resolve("e2e/fixtures/scim");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
/** A fixture with the ids it names replaced by real ones. */
const withIds = (name: string, ids: Record<string, string>) => JSON.parse(Object.entries(ids).reduce((t, [a, b]) => t.split(a).join(b), fs.readFileSync(path.join(FIXTURES, name), "utf8")));

function scimError(res: ScimAnswer, status: number, scimType?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(res.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
  assert.equal(res.body.status, String(status));
  if (scimType) assert.equal(res.body.scimType, scimType, res.body.detail);
  assert.equal(res.headers.get("content-type"), "application/scim+json; charset=utf-8");
}

async function snapshot(dir: ScimClient) {
  const users = await db.directoryUser.findMany({ where: { directoryId: dir.directoryId }, orderBy: { id: "asc" } });
  const groups = await db.directoryGroup.findMany({ where: { directoryId: dir.directoryId }, orderBy: { id: "asc" } });
  const members = await db.directoryGroupMember.findMany({ where: { directoryId: dir.directoryId }, orderBy: [{ groupId: "asc" }, { userId: "asc" }] });
  return JSON.stringify({ users, groups, members });
}

describe("Okta's provisioning sequence", () => {
  test("lookup, create, duplicate, replace, deactivate by PUT and PATCH, reactivate; password accepted but never kept", async () => {
    const dir = await createScimDirectory("OKTA");
    const lookup = await dir.send("GET", `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    assert.equal(lookup.status, 200);
    assert.deepEqual(lookup.body, { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await dir.send("POST", "/Users", fixture("okta/02-create-user.json"));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    assert.match(id, /^diruser_\d+$/);
    assert.equal(created.headers.get("location"), `${created.body.meta.location}`);
    assert.equal(created.body.userName, "test.user@okta.local");
    assert.equal(created.body.active, true);
    assert.equal(created.body.password, undefined);
    assert.deepEqual(created.body.groups, []);
    assert.equal(created.body.meta.resourceType, "User");
    assert.equal(created.headers.get("etag"), created.body.meta.version);
    const row = await db.directoryUser.findUniqueOrThrow({ where: { id } });
    assert.ok(!JSON.stringify(row.resource).includes("not-a-real-pw"), "the password is not stored");

    // userName is unique per directory, case-insensitively.
    const dup = await dir.send("POST", "/Users", { ...fixture("okta/02-create-user.json"), userName: "TEST.USER@okta.LOCAL" });
    scimError(dup, 409, "uniqueness");

    const found = await dir.send("GET", `/Users?filter=${encodeURIComponent('userName eq "Test.User@OKTA.local"')}`);
    assert.equal(found.body.totalResults, 1);
    assert.equal(found.body.Resources[0].id, id);

    const put = await dir.send("PUT", `/Users/${id}`, withIds("okta/04-put-user-full-replace.json", { "23a35c27-23d3-4c03-b4c5-6443c09e7173": id }));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.name, { givenName: "Another", middleName: "Excited", familyName: "User" });
    assert.equal(put.body.displayName, undefined, "PUT replaces: attributes it leaves out are gone");

    const deactivated = await dir.send("PUT", `/Users/${id}`, withIds("okta/05-put-user-deactivate.json", { "23a35c27-23d3-4c03-b4c5-6443c09e7173": id }));
    assert.equal(deactivated.body.active, false);
    const reactivated = await dir.send("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: true } }] });
    assert.equal(reactivated.body.active, true);
    const patched = await dir.send("PATCH", `/Users/${id}`, fixture("okta/06-patch-user-deactivate-pathless.json"));
    assert.equal(patched.status, 200);
    assert.equal(patched.body.active, false);
    assert.equal((await db.directoryUser.findUniqueOrThrow({ where: { id } })).active, false);

    const actions = await db.auditEvent.findMany({ where: { organizationId: dir.organizationId, action: { startsWith: "directory_user." } }, orderBy: { seq: "asc" } });
    assert.deepEqual(actions.map((a) => a.action), ["directory_user.created", "directory_user.updated", "directory_user.updated", "directory_user.updated", "directory_user.updated"]);
    assert.equal(actions[0]!.actorType, "directory");
    assert.equal(actions[0]!.actorId, dir.directoryId);
    assert.equal((actions[4]!.after as { active: boolean }).active, false);
  });

  test("group push: create, rename with its id re-sent, add and remove members, replace all members; the unknown attribute is refused whole", async () => {
    const dir = await createScimDirectory("OKTA");
    const a = (await dir.send("POST", "/Users", { ...fixture("okta/02-create-user.json"), userName: "a@okta.local" })).body.id as string;
    const b = (await dir.send("POST", "/Users", { ...fixture("okta/02-create-user.json"), userName: "b@okta.local" })).body.id as string;
    const group = await dir.send("POST", "/Groups", fixture("okta/07-create-group.json"));
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const gid = group.body.id as string;
    assert.deepEqual(group.body.members, []);

    const renamed = await dir.send("PATCH", `/Groups/${gid}`, withIds("okta/08-patch-group-rename-pathless-with-id.json", { "abf4dd94-a4c0-4f67-89c9-76b03340cb9b": gid }));
    assert.equal(renamed.status, 204, JSON.stringify(renamed.body));

    await dir.send("PATCH", `/Groups/${gid}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: b }] }] });
    const swapped = await dir.send("PATCH", `/Groups/${gid}`, withIds("okta/09-patch-group-members-remove-and-add.json", { "89bb1940-b905-4575-9e7f-6f887cfb368e": b, "23a35c27-23d3-4c03-b4c5-6443c09e7173": a }));
    assert.equal(swapped.status, 204);
    let got = await dir.send("GET", `/Groups/${gid}`);
    assert.deepEqual(got.body.members.map((m: { value: string }) => m.value), [a]);

    await dir.send("PATCH", `/Groups/${gid}`, withIds("okta/10-patch-group-replace-all-members.json", { "23a35c27-23d3-4c03-b4c5-6443c09e7173": a, "89bb1940-b905-4575-9e7f-6f887cfb368e": b }));
    got = await dir.send("GET", `/Groups/${gid}`);
    assert.deepEqual(got.body.members.map((m: { value: string }) => m.value).sort(), [a, b].sort());
    const user = await dir.send("GET", `/Users/${a}`);
    assert.deepEqual(user.body.groups.map((g: { value: string }) => g.value), [gid]);

    const before = await snapshot(dir);
    const refused = await dir.send("PATCH", `/Users/${a}`, fixture("okta/11-patch-multi-ops-no-schemas.json"));
    scimError(refused, 400, "invalidPath");
    assert.match(refused.body.detail, /companyName/);
    assert.equal(await snapshot(dir), before, "nothing of the refused PATCH was applied");
  });
});

describe("Entra ID's provisioning sequence", () => {
  test("users: create, the lookups it uses, and every PATCH form it sends", async () => {
    const dir = await createScimDirectory("MICROSOFT_AD");
    const created = await dir.send("POST", "/Users", fixture("entra/01-create-user.json"));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    assert.deepEqual(created.body.schemas, ["urn:ietf:params:scim:schemas:core:2.0:User"]);

    for (const filter of ['userName eq "test_user_7e1d@contoso.test"', 'externalId eq 0b7c1e52-5d1e-4c57-9d0e-1f2a3b4c5d6e', 'emails[type eq "work"].value eq "TEST.user.7e1d@contoso.test"']) {
      const res = await dir.send("GET", `/Users?filter=${encodeURIComponent(filter)}`);
      assert.equal(res.status, 200, `${filter}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.totalResults, 1, filter);
    }
    const none = await dir.send("GET", `/Users?filter=${encodeURIComponent('emails[type eq "home"].value eq "test.user.7e1d@contoso.test"')}`);
    assert.equal(none.body.totalResults, 0, "the value and the type must be on the same email");

    let res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/05-patch-user-multivalued-Replace.json"));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.emails, [{ primary: true, type: "work", value: "updated.email@contoso.test" }]);
    assert.equal(res.body.name.familyName, "updatedFamilyName");

    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/06-patch-user-username-Replace.json"));
    assert.equal(res.body.userName, "renamed.user@contoso.test");
    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/07-patch-user-disable-boolean.json"));
    assert.equal(res.body.active, false);
    await dir.send("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "True" }] });
    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/08-patch-user-disable-string-False.json"));
    assert.equal(res.body.active, false, "the string \"False\" is false");
    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/09-patch-user-add-single-value-Add.json"));
    assert.equal(res.body.nickName, "Babs");

    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/10-patch-user-replace-many-legacy.json"));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.displayName, "Pvlo");
    assert.equal(res.body.externalId, "Eqpj");
    assert.equal(res.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber, "Eqpj");
    assert.ok(res.body.schemas.includes("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));

    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/11-patch-user-replace-many-pathless.json"));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.displayName, res.body.name.givenName, res.body.name.familyName, res.body.emails[0].value], ["Bjfe", "Kkom", "Unua", "bjfe@contoso.test"]);
    assert.equal(res.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber, "Aklq");

    res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/12-patch-user-manager-string.json"));
    assert.deepEqual(res.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager, { value: "a2c1f66c-8611-4bcd-852f-54dc340e3d97" });

    const emp = await dir.send("POST", "/Users", fixture("entra/21-mscollection-post-user-active-string.json"));
    assert.equal(emp.status, 201);
    assert.equal(emp.body.active, true);
  });

  test("a work email is created when Entra replaces emails[type eq \"work\"].value on a user without one", async () => {
    const dir = await createScimDirectory("MICROSOFT_AD");
    const id = (await dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "noemail@contoso.test" })).body.id;
    const res = await dir.send("PATCH", `/Users/${id}`, fixture("entra/05-patch-user-multivalued-Replace.json"));
    assert.deepEqual(res.body.emails, [{ type: "work", value: "updated.email@contoso.test" }]);
    const found = await dir.send("GET", `/Users?filter=${encodeURIComponent('emails.value eq "UPDATED.email@contoso.test"')}`);
    assert.equal(found.body.totalResults, 1);
  });

  test("groups: created with Microsoft's extra schema, listed without members, renamed (204), members added, removed by value list and by filter", async () => {
    const dir = await createScimDirectory("MICROSOFT_AD");
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `u${n}@contoso.test` })).body.id);
    const group = await dir.send("POST", "/Groups", fixture("entra/13-create-group.json"));
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const gid = group.body.id as string;

    const listed = await dir.send("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "DISPLAYNAME"')}`);
    assert.equal(listed.body.totalResults, 1);
    assert.equal(listed.body.Resources[0].members, undefined);
    assert.equal((await dir.send("GET", `/Groups/${gid}?excludedAttributes=members`)).body.members, undefined);
    scimError(await dir.send("POST", "/Groups", { ...fixture("entra/13-create-group.json"), displayName: "DisplayName" }), 409, "uniqueness");

    assert.equal((await dir.send("PATCH", `/Groups/${gid}`, fixture("entra/16-patch-group-rename-Replace.json"))).status, 204);
    for (const u of ids) assert.equal((await dir.send("PATCH", `/Groups/${gid}`, withIds("entra/17-patch-group-add-members-Add.json", { f648f8d5ea4e4cd38e9c: u }))).status, 204);
    const members = async () => (await dir.send("GET", `/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value).sort();
    assert.deepEqual(await members(), [...ids].sort());

    // Remove with path "members" and a value list removes ONLY the listed member (scim-patch removes all).
    assert.equal((await dir.send("PATCH", `/Groups/${gid}`, withIds("entra/18-patch-group-remove-members-value-list.json", { f648f8d5ea4e4cd38e9c: ids[0]! }))).status, 204);
    assert.deepEqual(await members(), [ids[1]!, ids[2]!].sort());
    await dir.send("PATCH", `/Groups/${gid}`, withIds("entra/19-patch-group-remove-member-filter.json", { "7f4bc1a3-285e-48ae-8202-5accb43efb0e": ids[1]! }));
    assert.deepEqual(await members(), [ids[2]!]);
    const bare = withIds("entra/20-mscollection-patch-group-add-member-bare-string.json", { "string id 1": ids[0]!, "{groupId}": gid });
    assert.equal((await dir.send("PATCH", `/Groups/${gid}`, bare)).status, 204);
    assert.deepEqual(await members(), [ids[0]!, ids[2]!].sort());
    const byMember = await dir.send("GET", `/Groups?filter=${encodeURIComponent(`members.value eq "${ids[2]}"`)}`);
    assert.equal(byMember.body.totalResults, 1);
    assert.equal((await dir.send("GET", `/Groups/${gid}`)).body.displayName, "renamedDisplayName");
  });
});

describe("bad input answers the right SCIM error and changes nothing", () => {
  test("each case", async () => {
    const dir = await createScimDirectory();
    const other = await createScimDirectory();
    const id = (await dir.send("POST", "/Users", fixture("okta/02-create-user.json"))).body.id as string;
    const gid = (await dir.send("POST", "/Groups", fixture("okta/07-create-group.json"))).body.id as string;
    const foreign = (await other.send("POST", "/Users", fixture("okta/02-create-user.json"))).body.id as string;
    const before = await snapshot(dir);
    const patchOp = (ops: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops });
    const cases: [string, Promise<ScimAnswer>, number, string?][] = [
      ["malformed JSON", dir.send("POST", "/Users", undefined, { raw: "{\"userName\": " }), 400, "invalidSyntax"],
      ["not an object", dir.send("POST", "/Users", [1, 2]), 400, "invalidSyntax"],
      ["wrong schemas", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], userName: "x@y.z" }), 400, "invalidSyntax"],
      ["no schemas", dir.send("POST", "/Users", { userName: "x@y.z" }), 400, "invalidSyntax"],
      ["unknown attribute", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@y.z", favouriteColour: "red" }), 400, "invalidSyntax"],
      ["unknown sub-attribute", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@y.z", name: { nick: "x" } }), 400, "invalidSyntax"],
      ["wrong type", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@y.z", active: "maybe" }), 400, "invalidValue"],
      ["wrong type: emails", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@y.z", emails: [{ value: 42, primary: "yes" }] }), 400, "invalidValue"],
      ["missing userName", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], displayName: "x" }), 400, "invalidValue"],
      ["NUL in a value", dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x\u0000@y.z" }), 400, "invalidValue"],
      ["two primary emails", dir.send("PUT", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "a@b.c", emails: [{ value: "a@b.c", primary: true }, { value: "d@b.c", primary: true }] }), 400, "invalidValue"],
      ["invalid filter", dir.send("GET", `/Users?filter=${encodeURIComponent('userName eq')}`), 400, "invalidFilter"],
      ["filter on an unknown attribute", dir.send("GET", `/Users?filter=${encodeURIComponent('shoeSize gt 3')}`), 400, "invalidFilter"],
      ["filter comparing a boolean with gt", dir.send("GET", `/Users?filter=${encodeURIComponent('active gt true')}`), 400, "invalidFilter"],
      ["too many filter terms", dir.send("GET", `/Users?filter=${encodeURIComponent(Array.from({ length: 70 }, (_, i) => `userName eq "${i}"`).join(" or "))}`), 400, "tooMany"],
      ["startIndex not a number", dir.send("GET", "/Users?startIndex=abc"), 400, "invalidValue"],
      ["invalid path", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "replace", path: "emails[type eq", value: "x" }])), 400, "invalidPath"],
      ["unknown path", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "replace", path: "shoeSize", value: 3 }])), 400, "invalidPath"],
      ["unknown op", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "merge", path: "title", value: "x" }])), 400, "invalidSyntax"],
      ["no Operations", dir.send("PATCH", `/Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }), 400, "invalidSyntax"],
      ["remove without path", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "remove" }])), 400, "noTarget"],
      ["replace with a filter that matches nothing", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "replace", path: 'emails[value co "nowhere"].type', value: "home" }])), 400, "noTarget"],
      ["read-only attribute", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "replace", path: "id", value: "diruser_1" }])), 400, "mutability"],
      ["removing userName", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "remove", path: "userName" }])), 400, "mutability"],
      ["second op fails: first not applied", dir.send("PATCH", `/Users/${id}`, patchOp([{ op: "replace", path: "title", value: "CEO" }, { op: "replace", path: "active", value: "perhaps" }])), 400, "invalidValue"],
      ["unknown member", dir.send("PATCH", `/Groups/${gid}`, patchOp([{ op: "add", path: "members", value: [{ value: "diruser_404" }] }])), 400, "invalidValue"],
      ["another directory's user as member", dir.send("PATCH", `/Groups/${gid}`, patchOp([{ op: "add", path: "members", value: [{ value: foreign }] }])), 400, "invalidValue"],
      ["nested group", dir.send("PATCH", `/Groups/${gid}`, patchOp([{ op: "add", path: "members", value: [{ value: gid, type: "Group" }] }])), 400, "invalidValue"],
      ["oversized body", dir.send("POST", "/Users", undefined, { raw: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "big@x.y", title: "x".repeat(1_100_000) }) }), 413],
      ["not JSON content type", dir.send("POST", "/Users", undefined, { raw: "userName=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415],
      ["wrong token", dir.send("GET", "/Users", undefined, { token: "portico_scim_wrong" }), 401],
      ["missing token", dir.send("GET", "/Users", undefined, { token: null }), 401],
      ["another directory's token", dir.send("GET", "/Users", undefined, { token: other.token }), 401],
      ["another directory's user", dir.send("GET", `/Users/${foreign}`), 404],
      ["another directory's user, PATCH", dir.send("PATCH", `/Users/${foreign}`, patchOp([{ op: "replace", path: "active", value: false }])), 404],
      ["another directory's user, DELETE", dir.send("DELETE", `/Users/${foreign}`), 404],
      ["unknown group", dir.send("GET", "/Groups/dirgroup_1"), 404],
      ["If-Match with an old version", dir.send("PUT", `/Users/${id}`, { ...fixture("okta/02-create-user.json"), title: "x" }, { headers: { "If-Match": 'W/"999"' } }), 412],
    ];
    for (const [name, pending, status, scimType] of cases) {
      const res = await pending;
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
      scimError(res, status, scimType);
      assert.ok(res.body.detail, `${name} says why`);
    }
    assert.equal(await snapshot(dir), before, "no bad request changed anything");
    assert.equal((await db.directoryUser.findUniqueOrThrow({ where: { id: foreign } })).active, true);
    const wwwAuth = await dir.send("GET", "/Users", undefined, { token: null });
    assert.match(wwwAuth.headers.get("www-authenticate") ?? "", /^Bearer/);
  });

  test("a disabled directory answers 401; rotation with no overlap stops the old token at once, with an overlap both work", async () => {
    const dir = await createScimDirectory();
    await updateDirectory(operatorContext(), dir.organizationId, dir.directoryId, { enabled: false });
    scimError(await dir.send("GET", "/Users"), 401);
    await updateDirectory(operatorContext(), dir.organizationId, dir.directoryId, { enabled: true });
    assert.equal((await dir.send("GET", "/Users")).status, 200);

    const first = await rotateDirectoryToken(operatorContext(), dir.organizationId, dir.directoryId, { overlap_seconds: 3600 });
    assert.equal((await dir.send("GET", "/Users")).status, 200, "the old token works during the overlap");
    assert.equal((await dir.send("GET", "/Users", undefined, { token: first.plainToken })).status, 200);
    const second = await rotateDirectoryToken(operatorContext(), dir.organizationId, dir.directoryId, { overlap_seconds: 0 });
    assert.equal((await dir.send("GET", "/Users")).status, 401);
    assert.equal((await dir.send("GET", "/Users", undefined, { token: first.plainToken })).status, 401);
    assert.equal((await dir.send("GET", "/Users", undefined, { token: second.plainToken })).status, 200);
    const stored = await db.directoryToken.findMany({ where: { directoryId: dir.directoryId } });
    assert.ok(stored.every((t) => !t.tokenHash.includes(second.plainToken) && t.tokenHash !== second.plainToken));
  });

  test("DELETE deprovisions: gone from SCIM, kept as deleted, event recorded; the userName can be used again", async () => {
    const dir = await createScimDirectory();
    const id = (await dir.send("POST", "/Users", fixture("okta/02-create-user.json"))).body.id as string;
    assert.equal((await dir.send("DELETE", `/Users/${id}`)).status, 204);
    assert.equal((await dir.send("GET", `/Users/${id}`)).status, 404);
    assert.equal((await dir.send("GET", "/Users")).body.totalResults, 0);
    assert.ok((await db.directoryUser.findUniqueOrThrow({ where: { id } })).deletedAt);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "directory_user.deleted", targetId: id } });
    assert.equal(event.after, null);
    assert.equal((event.before as { email: string; active: boolean }).email, "test.user@okta.local");
    assert.equal((await dir.send("POST", "/Users", fixture("okta/02-create-user.json"))).status, 201);
  });

  test("the provisioning log keeps requests with passwords removed and the last error", async () => {
    const dir = await createScimDirectory();
    await dir.send("POST", "/Users", fixture("okta/02-create-user.json"));
    await dir.send("GET", `/Users?filter=${encodeURIComponent("userName eq")}`);
    const rows = await db.directoryRequestLog.findMany({ where: { directoryId: dir.directoryId }, orderBy: { seq: "asc" } });
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.status, 201);
    assert.ok(rows[0]!.requestBody!.includes("[removed]"));
    assert.ok(!rows[0]!.requestBody!.includes("not-a-real-pw"));
    assert.equal(rows[1]!.scimType, "invalidFilter");
    const d = await db.directory.findUniqueOrThrow({ where: { id: dir.directoryId } });
    assert.ok(d.lastSyncAt);
    assert.match(d.lastError ?? "", /^400 invalidFilter/);
  });
});
