import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { bearer, managementToken } from "./support/management";
import { createDirectoryOverApi, fixture, scim, type ScimDirectory } from "./support/scim";

// Okta's and Entra ID's provisioning sequences replayed over real HTTP against the built app, with the
// request shapes they send (e2e/fixtures/scim), then read back through the management API.

test.afterAll(() => db.$disconnect());

const PATCH = ["urn:ietf:params:scim:api:messages:2.0:PatchOp"];

async function organization(request: Parameters<typeof managementToken>[0], token: string, name: string): Promise<string> {
  const res = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: `${name} ${Date.now()}`, features: ["dir_sync", "roles"] } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).organization.id;
}

test("Okta: credential test, create, update, deactivate and reactivate users; push a group and change its members", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await organization(request, token, "Okta Corp");
  const dir = await createDirectoryOverApi(request, token, orgId, "OKTA");

  // "Test API Credentials": a filtered lookup that finds nothing.
  const probe = await scim(request, dir, "GET", "/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100");
  expect(probe.status).toBe(200);
  expect(probe.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  expect(probe.body).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

  const created = await scim(request, dir, "POST", "/Users", fixture("okta/02-create-user.json"));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const userId = created.body.id as string;
  expect(created.headers.location).toBe(`${dir.endpoint}/Users/${userId}`);
  expect(created.body.password).toBeUndefined();
  expect((await scim(request, dir, "POST", "/Users", fixture("okta/02-create-user.json"))).body.scimType).toBe("uniqueness");
  const second = (await scim(request, dir, "POST", "/Users", { ...(fixture("okta/02-create-user.json") as object), userName: "second@okta.local", externalId: "00usecond" })).body.id as string;

  const ids = { "23a35c27-23d3-4c03-b4c5-6443c09e7173": userId, "89bb1940-b905-4575-9e7f-6f887cfb368e": second };
  const replaced = await scim(request, dir, "PUT", `/Users/${userId}`, fixture("okta/04-put-user-full-replace.json", ids));
  expect(replaced.body.name.middleName).toBe("Excited");
  expect((await scim(request, dir, "PUT", `/Users/${userId}`, fixture("okta/05-put-user-deactivate.json", ids))).body.active).toBe(false);
  expect((await scim(request, dir, "PATCH", `/Users/${userId}`, { schemas: PATCH, Operations: [{ op: "replace", value: { active: true } }] })).body.active).toBe(true);
  expect((await scim(request, dir, "PATCH", `/Users/${userId}`, fixture("okta/06-patch-user-deactivate-pathless.json"))).body.active).toBe(false);

  const group = await scim(request, dir, "POST", "/Groups", fixture("okta/07-create-group.json"));
  expect(group.status).toBe(201);
  const gid = group.body.id as string;
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("okta/08-patch-group-rename-pathless-with-id.json", { "abf4dd94-a4c0-4f67-89c9-76b03340cb9b": gid }))).status).toBe(204);
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("okta/10-patch-group-replace-all-members.json", ids))).status).toBe(204);
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("okta/09-patch-group-members-remove-and-add.json", ids))).status).toBe(204);
  const members = (await scim(request, dir, "GET", `/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value);
  expect(members).toEqual([userId]);
  expect((await scim(request, dir, "PATCH", `/Users/${userId}`, fixture("okta/11-patch-multi-ops-no-schemas.json"))).body.scimType).toBe("invalidPath");

  // The host app reads the result through the management API.
  const users = await request.get(`/api/v1/organizations/${orgId}/directories/${dir.id}/users?group_id=${gid}`, { headers: bearer(token) });
  expect(users.status()).toBe(200);
  const page = await users.json();
  expect(page.users.map((u: { id: string }) => u.id)).toEqual([userId]);
  expect(page.users[0]).toMatchObject({ preferred_username: "test.user@okta.local", active: false, given_name: "Another", groups: [{ id: gid, name: "Test SCIMv2" }], dp_id: "00uexample0000000h7" });
  const directory = (await (await request.get(`/api/v1/organizations/${orgId}/directories/${dir.id}`, { headers: bearer(token) })).json()).directory;
  expect(directory).toMatchObject({ id: dir.id, provider: "OKTA", enabled: true, status: "active", total_users: 2, total_groups: 1, directory_type: "SCIM" });
  expect(directory.last_sync_at).not.toBeNull();
  const log = (await (await request.get(`/api/v1/organizations/${orgId}/directories/${dir.id}/logs?failed=true`, { headers: bearer(token) })).json()).entries;
  expect(log.map((e: { status: number; scim_type: string }) => [e.status, e.scim_type])).toEqual([[400, "invalidPath"], [409, "uniqueness"]]);
});

test("Entra ID: create, lookups, every PATCH form, groups with excludedAttributes, members added and removed by value list and filter", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await organization(request, token, "Contoso");
  const dir = await createDirectoryOverApi(request, token, orgId, "MICROSOFT_AD");
  const created = await scim(request, dir, "POST", "/Users", fixture("entra/01-create-user.json"));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  for (const filter of ['userName eq "Test_User_7e1d@contoso.test"', "externalId eq 0b7c1e52-5d1e-4c57-9d0e-1f2a3b4c5d6e", 'emails[type eq "work"].value eq "test.user.7e1d@contoso.test"']) {
    expect((await scim(request, dir, "GET", `/Users?filter=${encodeURIComponent(filter)}`)).body.totalResults, filter).toBe(1);
  }
  for (const file of ["05-patch-user-multivalued-Replace", "06-patch-user-username-Replace", "07-patch-user-disable-boolean", "08-patch-user-disable-string-False", "09-patch-user-add-single-value-Add", "10-patch-user-replace-many-legacy", "11-patch-user-replace-many-pathless", "12-patch-user-manager-string"]) {
    const res = await scim(request, dir, "PATCH", `/Users/${id}`, fixture(`entra/${file}.json`));
    expect(res.status, `${file}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  const user = (await scim(request, dir, "GET", `/Users/${id}`)).body;
  expect(user).toMatchObject({ userName: "renamed.user@contoso.test", active: false, nickName: "Babs", displayName: "Bjfe", name: { givenName: "Kkom", familyName: "Unua" } });
  expect(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toEqual({ employeeNumber: "Aklq", manager: { value: "a2c1f66c-8611-4bcd-852f-54dc340e3d97" } });
  const emp = await scim(request, dir, "POST", "/Users", fixture("entra/21-mscollection-post-user-active-string.json"));
  expect(emp.body.active).toBe(true);

  const group = await scim(request, dir, "POST", "/Groups", fixture("entra/13-create-group.json"));
  expect(group.status).toBe(201);
  const gid = group.body.id as string;
  expect((await scim(request, dir, "GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`)).body.Resources[0].members).toBeUndefined();
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("entra/16-patch-group-rename-Replace.json"))).status).toBe(204);
  for (const member of [id, emp.body.id]) expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("entra/17-patch-group-add-members-Add.json", { f648f8d5ea4e4cd38e9c: member }))).status).toBe(204);
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("entra/18-patch-group-remove-members-value-list.json", { f648f8d5ea4e4cd38e9c: id }))).status).toBe(204);
  let members = (await scim(request, dir, "GET", `/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value);
  expect(members, "Remove with a value list removes only the listed member").toEqual([emp.body.id]);
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("entra/19-patch-group-remove-member-filter.json", { "7f4bc1a3-285e-48ae-8202-5accb43efb0e": emp.body.id }))).status).toBe(204);
  expect((await scim(request, dir, "PATCH", `/Groups/${gid}`, fixture("entra/20-mscollection-patch-group-add-member-bare-string.json", { "string id 1": id, "{groupId}": gid }))).status).toBe(204);
  members = (await scim(request, dir, "GET", `/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value);
  expect(members).toEqual([id]);
  expect((await scim(request, dir, "DELETE", `/Users/${emp.body.id}`)).status).toBe(204);
  expect((await scim(request, dir, "GET", `/Users/${emp.body.id}`)).status).toBe(404);

  const events = await db.auditEvent.findMany({ where: { organizationId: orgId, actorType: "directory" }, select: { action: true } });
  const counts = events.reduce<Record<string, number>>((c, e) => ({ ...c, [e.action]: (c[e.action] ?? 0) + 1 }), {});
  expect(counts).toMatchObject({ "directory_user.created": 2, "directory_user.deleted": 1, "directory_group.created": 1 });
  // Eight PATCHes, seven changes: disabling with "False" after disabling with false changes nothing and records nothing.
  expect(counts["directory_user.updated"]).toBe(7);
});

test("over HTTP: discovery, a body over the limit, wrong tokens, another directory's ids, and management API scopes and isolation", async ({ request }) => {
  const token = await managementToken(request);
  const orgA = await organization(request, token, "Isolation A");
  const orgB = await organization(request, token, "Isolation B");
  const a: ScimDirectory = await createDirectoryOverApi(request, token, orgA);
  const b: ScimDirectory = await createDirectoryOverApi(request, token, orgB);
  const userB = (await scim(request, b, "POST", "/Users", fixture("okta/02-create-user.json"))).body.id as string;

  const config = await scim(request, a, "GET", "/ServiceProviderConfig");
  expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 1000 }, etag: { supported: true }, sort: { supported: false } });
  expect((await scim(request, a, "GET", "/ResourceTypes")).body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
  expect((await scim(request, a, "GET", "/Schemas")).body.totalResults).toBe(3);
  expect((await scim(request, a, "GET", "/Nope")).status).toBe(404);

  const big = await scim(request, a, "POST", "/Users", undefined, { raw: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "big@x.test", title: "x".repeat(1_200_000) }) });
  expect(big.status).toBe(413);
  expect(big.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect((await scim(request, a, "GET", "/Users", undefined, { token: b.token })).status).toBe(401);
  expect((await scim(request, a, "GET", "/Users", undefined, { token: null })).status).toBe(401);
  expect((await scim(request, a, "GET", `/Users/${userB}`)).status).toBe(404);
  expect((await scim(request, a, "DELETE", `/Users/${userB}`)).status).toBe(404);
  expect((await scim(request, { ...a, endpoint: b.endpoint }, "GET", "/Users")).status, "a's token at b's endpoint").toBe(401);

  // Disabling answers 401 at once; the management API says which scope it needs.
  const disable = await request.patch(`/api/v1/organizations/${orgA}/directories/${a.id}`, { headers: bearer(token), data: { enabled: false } });
  expect((await disable.json()).directory.status).toBe("disabled");
  expect((await scim(request, a, "GET", "/Users")).status).toBe(401);
  const readOnly = await managementToken(request, { scope: "directories:read" });
  const refused = await request.post(`/api/v1/organizations/${orgA}/directories/${a.id}/tokens`, { headers: bearer(readOnly), data: {} });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toBe("insufficient_scope");
  const limited = await managementToken(request, { organization: orgA });
  expect((await request.get(`/api/v1/organizations/${orgB}/directories/${b.id}/users`, { headers: bearer(limited) })).status()).toBe(404);
  expect((await request.get(`/api/v1/organizations/${orgA}/directories/${b.id}`, { headers: bearer(token) })).status(), "b's directory through a's organization").toBe(404);
  const rotated = await request.post(`/api/v1/organizations/${orgB}/directories/${b.id}/tokens`, { headers: bearer(token), data: { overlap_seconds: 90_000 } });
  expect(rotated.status()).toBe(422);
  const ok = await request.post(`/api/v1/organizations/${orgB}/directories/${b.id}/tokens`, { headers: bearer(token), data: { overlap_seconds: 60 } });
  expect(ok.status()).toBe(201);
  const newToken = (await ok.json()).plain_token as string;
  expect((await scim(request, b, "GET", "/Users")).status, "the old token during the overlap").toBe(200);
  expect((await scim(request, { ...b, token: newToken }, "GET", "/Users")).status).toBe(200);
});
