import assert from "node:assert/strict";
import { test } from "node:test";
import { authorize, can, canReachOrganization, type Principal } from "./index";

const auditor: Principal = { kind: "operator", id: "opr_1", email: "a@x", role: "auditor" };
const admin: Principal = { kind: "operator", id: "opr_2", email: "b@x", role: "admin" };
const portal: Principal = { kind: "portal", sessionId: "s", linkId: "l", organizationId: "org_a", features: ["api_clients"], actor: null };
const mgmt: Principal = { kind: "management_client", clientId: "skc_1", name: "m", scopes: ["clients:read"], organizations: ["org_a"] };

test("auditors read everything and change nothing", () => {
  assert.ok(can(auditor, "audit:read"));
  assert.ok(can(auditor, "clients:read", { organizationId: "org_z" }));
  assert.throws(() => authorize(auditor, "clients:write", { organizationId: "org_a" }), /read-only/);
  assert.ok(!can(admin, "operators:write"));
});

test("a portal session reaches only its organization and its link's features", () => {
  assert.ok(can(portal, "clients:write", { organizationId: "org_a" }));
  assert.ok(!can(portal, "clients:write", { organizationId: "org_b" }));
  assert.ok(!can(portal, "clients:read"));
  assert.ok(!can(portal, "audit:read", { organizationId: "org_a" }), "activity is not on this link");
});

test("a management client needs the scope and the organization", () => {
  assert.ok(can(mgmt, "clients:read", { organizationId: "org_a" }));
  assert.ok(!can(mgmt, "clients:read", { organizationId: "org_b" }));
  assert.throws(() => authorize(mgmt, "clients:write", { organizationId: "org_a" }), /clients:write/);
});

test("a client limited to some organizations reaches only those and cannot create new ones", () => {
  assert.ok(canReachOrganization(mgmt, "org_a"));
  assert.ok(!canReachOrganization(mgmt, "org_b"));
  assert.ok(!canReachOrganization(portal, "org_b"));
  assert.ok(canReachOrganization(admin, "org_b"));
  const writer: Principal = { ...mgmt, scopes: ["organizations:write"] } as Principal;
  assert.throws(() => authorize(writer, "organizations:write"), /cannot create organizations/);
  assert.ok(can({ ...writer, organizations: "any" } as Principal, "organizations:write"));
});

test("token introspection and revocation: own organization's tokens; environment clients only the organizations they may act for", async () => {
  const { mayInspectToken } = await import("./index");
  const sp = { id: "m2morg_1", organizationId: "org_a", scopes: ["invoices:read"], allowAnyOrganization: false, allowedOrganizationIds: [] };
  assert.ok(mayInspectToken(sp, { client_id: "m2morg_1", oid: "org_a" }, "introspect"));
  assert.ok(mayInspectToken(sp, { client_id: "m2morg_2", oid: "org_a" }, "revoke"), "a sibling principal's token");
  assert.ok(!mayInspectToken(sp, { client_id: "m2morg_9", oid: "org_b" }, "introspect"));
  assert.ok(!mayInspectToken(sp, { client_id: "skc_x" }, "introspect"), "an environment token without an organization");

  // A management client limited to org_a: management scopes do not reach other organizations.
  const limited = { id: "skc_m", organizationId: null, scopes: ["audit:read", "clients:write"], allowAnyOrganization: false, allowedOrganizationIds: ["org_a"] };
  assert.ok(mayInspectToken(limited, { client_id: "m2morg_1", oid: "org_a" }, "introspect"));
  assert.ok(mayInspectToken(limited, { client_id: "m2morg_1", oid: "org_a" }, "revoke"));
  assert.ok(!mayInspectToken(limited, { client_id: "m2morg_9", oid: "org_b" }, "introspect"));
  assert.ok(!mayInspectToken(limited, { client_id: "m2morg_9", oid: "org_b" }, "revoke"));
  assert.ok(!mayInspectToken(limited, { client_id: "skc_bootstrap" }, "revoke"), "another environment client's token");

  // The bootstrap-style client (every organization): any organization's tokens; environment tokens with a management scope.
  const any = { id: "skc_any", organizationId: null, scopes: ["clients:read"], allowAnyOrganization: true, allowedOrganizationIds: [] };
  assert.ok(mayInspectToken(any, { client_id: "m2morg_9", oid: "org_b" }, "introspect"));
  assert.ok(mayInspectToken(any, { client_id: "skc_other" }, "introspect"));
  assert.ok(!mayInspectToken(any, { client_id: "skc_other" }, "revoke"), "revoking an environment client's token needs clients:write");
  assert.ok(mayInspectToken({ ...any, scopes: ["clients:write"] }, { client_id: "skc_other" }, "revoke"));
  assert.ok(!mayInspectToken({ ...any, scopes: ["invoices:read"] }, { client_id: "skc_other" }, "introspect"), "no management scope");

  const acting = { id: "skc_a", organizationId: null, scopes: ["invoices:read"], allowAnyOrganization: false, allowedOrganizationIds: ["org_a"] };
  assert.ok(mayInspectToken(acting, { client_id: "m2morg_1", oid: "org_a" }, "introspect"));
  assert.ok(!mayInspectToken(acting, { client_id: "m2morg_9", oid: "org_b" }, "introspect"));
});
