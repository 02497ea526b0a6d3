import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { isDomainError, managementContext, operatorContext, contextFor, viaSchema } from "@/lib/test-support/fixtures";
import { createScimDirectory } from "@/lib/test-support/scim";
import { createRole, deleteRole, listRoleMappings, listRoles, setRoleMapping, updateRole } from "./index";
import { createRoleSchema } from "./schemas";

// One role registry; group → role mapping per organization; users get the roles of all their groups or
// the default role; every change recomputes the users it touches and records user_updated for each.

after(async () => {
  await db.roleMapping.deleteMany({});
  await db.role.deleteMany({});
  await db.$disconnect();
});

const USER = ["urn:ietf:params:scim:schemas:core:2.0:User"];

test("registry, mapping and recomputation", async () => {
  await db.roleMapping.deleteMany({});
  await db.role.deleteMany({});
  const dir = await createScimDirectory();
  const alice = (await dir.send("POST", "/Users", { schemas: USER, userName: "alice@acme.test" })).body.id as string;
  const bob = (await dir.send("POST", "/Users", { schemas: USER, userName: "bob@acme.test" })).body.id as string;
  const admins = (await dir.send("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Admins", members: [{ value: alice }] })).body.id as string;
  const eng = (await dir.send("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Engineering", members: [{ value: alice }, { value: bob }] })).body.id as string;
  const roles = async (id: string) => (await db.directoryUser.findUniqueOrThrow({ where: { id } })).roles;
  assert.deepEqual(await roles(alice), [], "no registry, no roles");

  // The first role becomes the default and every user without a mapped group gets it.
  const member = await createRole(operatorContext(), { name: "member", display_name: "Member", description: "Uses the app" });
  assert.equal(member.default, true);
  assert.deepEqual(await roles(alice), ["member"]);
  const admin = await createRole(operatorContext(), { name: "admin", display_name: "Admin" });
  assert.equal(admin.default, false);
  await assert.rejects(createRole(operatorContext(), { name: "admin", display_name: "Again" }), isDomainError("conflict", "name"));
  // The edges parse with the shared schema: a name that could not appear in tokens is refused naming the field.
  await assert.rejects(viaSchema(createRoleSchema, createRole)(operatorContext(), { name: "Bad Name", display_name: "x" }), isDomainError("invalid", "name"));
  await assert.rejects(createRole(operatorContext("auditor"), { name: "viewer", display_name: "Viewer" }), isDomainError("forbidden"));

  const seq = (await db.auditEvent.aggregate({ _max: { seq: true } }))._max.seq!;
  const mapped = await setRoleMapping(operatorContext(), dir.organizationId, admins, { role_name: "admin" });
  assert.equal(mapped.role_name, "admin");
  assert.deepEqual(await roles(alice), ["admin"], "a mapped group replaces the default role");
  assert.deepEqual(await roles(bob), ["member"]);
  const updates = await db.auditEvent.findMany({ where: { seq: { gt: seq }, action: "directory_user.updated" } });
  assert.deepEqual(updates.map((e) => e.targetId), [alice], "only the user whose roles changed gets user_updated");
  assert.deepEqual((updates[0]!.after as { roles: unknown }).roles, [{ role_name: "admin" }]);

  await setRoleMapping(operatorContext(), dir.organizationId, eng, { role_name: "member" });
  assert.deepEqual(await roles(alice), ["admin", "member"], "the roles of all its groups");
  // Membership changes over SCIM recompute too.
  await dir.send("PATCH", `/Groups/${admins}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: bob }] }] });
  assert.deepEqual(await roles(bob), ["admin", "member"]);
  await dir.send("DELETE", `/Groups/${admins}`);
  assert.deepEqual(await roles(alice), ["member"]);

  await assert.rejects(deleteRole(operatorContext(), "member"), isDomainError("conflict", "name", /mapped to 1 group in 1 organization/));
  await assert.rejects(setRoleMapping(operatorContext(), dir.organizationId, eng, { role_name: "nope" }), isDomainError("invalid", "role_name"));
  const other = await createScimDirectory();
  await assert.rejects(setRoleMapping(operatorContext(), other.organizationId, eng, { role_name: "admin" }), isDomainError("not_found"), "another organization's group is not found");
  await assert.rejects(setRoleMapping(managementContext([other.organizationId], ["roles:write"]), dir.organizationId, eng, { role_name: "admin" }), isDomainError("not_found"));
  const portal = contextFor({ kind: "portal", sessionId: "s", linkId: "l", organizationId: dir.organizationId, features: ["dir_sync"], actor: null });
  await assert.rejects(setRoleMapping(portal, dir.organizationId, eng, { role_name: "admin" }), isDomainError("forbidden"), "the portal needs the roles feature");

  await setRoleMapping(operatorContext(), dir.organizationId, eng, { role_name: null });
  assert.deepEqual((await listRoleMappings(operatorContext().principal, dir.organizationId)).map((m) => [m.group_name, m.role_name]), [["Engineering", null]]);
  await updateRole(operatorContext(), "admin", { default: true });
  assert.deepEqual((await listRoles(operatorContext().principal)).map((r) => [r.name, r.default]), [["admin", true], ["member", false]]);
  assert.deepEqual(await roles(alice), ["admin"], "the new default reaches unmapped users");
  await assert.rejects(deleteRole(operatorContext(), "admin"), isDomainError("conflict", "name", /default role/));
  await deleteRole(operatorContext(), "member");
});
