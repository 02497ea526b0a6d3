import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { rotateDirectoryToken, updateDirectory } from "@/lib/directory";
import { addDomain, deleteDomain, verifyDomainManually } from "@/lib/domains";
import { createRole, deleteRole, setRoleMapping } from "@/lib/roles";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { createTestOrganization, operatorContext, uniq } from "@/lib/test-support/fixtures";
import { startSamlIdp } from "@/lib/test-support/saml-idp";
import { createConnection, deleteConnection, disableConnection, enableConnection, updateConnection } from "@/lib/sso/connections";
import { createScimDirectory } from "@/lib/test-support/scim";
import { activityKindsFor, portalActivityPage } from "./activity";

// The portal's Activity tab after directory sync, roles and domains joined it: their changes in tenant
// words with a readable target, the IdP's user-by-user provisioning left to the Directory sync tab.

after(() => db.$disconnect());

const portal = (organizationId: string, features = ["activity", "dir_sync", "roles", "domain_verification"]): Extract<Principal, { kind: "portal" }> =>
  ({ kind: "portal", sessionId: "pls_test", linkId: "ptl_test", organizationId, features, actor: null });

test("directory, SCIM token, role mapping and domain changes read in tenant words; provisioned users are not listed one by one", async () => {
  const dir = await createScimDirectory("MICROSOFT_AD");
  const org = dir.organizationId;
  const ops = operatorContext("owner");
  await updateDirectory(ops, org, dir.directoryId, { name: "Contoso Entra" });
  await updateDirectory(ops, org, dir.directoryId, { enabled: false });
  const rotated = await rotateDirectoryToken(ops, org, dir.directoryId, { overlap_seconds: 0 });
  // The IdP provisions a user and a group: directory_user/… events, which stay out of Activity.
  const user = (await dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@contoso.test" }, { token: rotated.plainToken })).status;
  assert.equal(user, 401, "a disabled directory refuses the IdP");
  await updateDirectory(ops, org, dir.directoryId, { enabled: true });
  await dir.send("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@contoso.test" }, { token: rotated.plainToken });
  const group = (await dir.send("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Workspace Admins" }, { token: rotated.plainToken })).body.id as string;
  const role = `act_${uniq()}`;
  await createRole(ops, { name: role, display_name: "Activity role" });
  try {
    await setRoleMapping(ops, org, group, { role_name: role });
    await setRoleMapping(ops, org, group, { role_name: null });
  } finally {
    await deleteRole(ops, role);
  }
  const domain = await addDomain(ops, org, { name: `act-${uniq()}.example.com` });
  await verifyDomainManually(ops, org, domain.id, { reason: "Checked the registrar by phone" });
  await deleteDomain(ops, org, domain.id);
  await appendTestAuditEvent(db, {
    action: "domain.verification_failed", actor: { type: "system", id: null, label: "system" }, organizationId: org, target: { type: "domain", id: "dom_gone" },
    after: { display_name: "lapsed.example.com", failure_reason: "No verification record was found within 3 days of adding the domain" },
  });

  const { events } = await portalActivityPage(portal(org));
  const lines = events.map((e) => `${e.label} | ${e.target ?? ""}`);
  const has = (line: string) => assert.ok(lines.includes(line), `${line}\nin:\n${lines.join("\n")}`);
  has("Directory created | directory Microsoft Entra ID");
  has("Directory changed | directory Contoso Entra (Microsoft Entra ID)");
  has("Directory disabled | directory Contoso Entra (Microsoft Entra ID)");
  has("Directory enabled | directory Contoso Entra (Microsoft Entra ID)");
  has(`SCIM token rotated | SCIM token ••••${rotated.plainToken.slice(-4)} of directory Contoso Entra (Microsoft Entra ID)`);
  has(`Group role changed | group Workspace Admins → role ${role}`);
  has("Group role changed | group Workspace Admins, now without a role");
  has(`Domain added | domain ${domain.display_name}`);
  has(`Domain verified | domain ${domain.display_name}`);
  has(`Domain removed | domain ${domain.display_name}`);
  has("Domain verification failed | domain lapsed.example.com");

  const renamed = events.find((e) => e.label === "Directory changed")!;
  assert.deepEqual(renamed.changes, [{ label: "Name", from: "Microsoft Entra ID", to: "Contoso Entra" }]);
  assert.equal(events.find((e) => e.label === "Domain verification failed")!.note, "No verification record was found within 3 days of adding the domain.");
  assert.ok(events.every((e) => e.actor.name === "the app's administrators" || e.actor.name === "the system"));
  // The IdP's provisioning and the deployment's role registry are not the tenant's activity feed.
  assert.ok(!events.some((e) => /^(directory_user|directory_group|role)\./.test(e.action)), lines.join("\n"));
  assert.ok(!JSON.stringify(events).includes(rotated.plainToken), "never the token");

  // The filter by kind offers the session's tabs, and filters.
  const roles = await portalActivityPage(portal(org), null, "roles");
  assert.deepEqual(roles.events.map((e) => e.label), ["Group role changed", "Group role changed"]);
  const domains = await portalActivityPage(portal(org), null, "domains");
  assert.ok(domains.events.length === 4 && domains.events.every((e) => e.kind === "domains"));
  assert.deepEqual(activityKindsFor(["api_clients", "activity"]), ["api_clients", "portal_access"]);
  assert.deepEqual(activityKindsFor(["dir_sync", "roles", "domain_verification", "activity"]), ["directory_sync", "roles", "domains", "portal_access"]);
});

test("SSO connection changes read in tenant words: set-up, settings, tests, enable/disable, the IdP's certificate, removal", async () => {
  // The test IdP serves plain http on localhost, which only a lifted outbound guard accepts.
  const guard = process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES;
  process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
  const idp = await startSamlIdp();
  try {
    const org = await createTestOrganization();
    const ops = operatorContext("owner");
    const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_xml: idp.metadataXml } });
    await updateConnection(ops, org.id, conn.id, { allowed_domains: ["acme.test"], idp_initiated_login: true });
    await appendTestAuditEvent(db, {
      action: "connection.tested", actor: { type: "portal_user", id: null, label: "it@acme.test" }, organizationId: org.id, target: { type: "connection", id: conn.id },
      after: { id: conn.id, provider: "OKTA", type: "SAML", test: { id: "tst_1", passed: false, error_code: "signature_validation_failed" } },
    });
    await enableConnection(ops, org.id, conn.id, { skip_test: true });
    await disableConnection(ops, org.id, conn.id);
    await appendTestAuditEvent(db, {
      action: "connection.certificate_changed", actor: { type: "system", id: null, label: "system" }, organizationId: org.id, target: { type: "connection", id: conn.id },
      before: { provider: "OKTA", type: "SAML", certificates: ["AA:BB:CC:DD:11:22:33:44"] }, after: { provider: "OKTA", type: "SAML", certificates: ["AA:BB:CC:DD:55:66:77:88"] },
    });
    await deleteConnection(ops, org.id, conn.id);

    const { events } = await portalActivityPage(portal(org.id, ["activity", "sso"]));
    const lines = events.map((e) => `${e.label} | ${e.target ?? ""}`);
    const has = (line: string) => assert.ok(lines.includes(line), `${line}\nin:\n${lines.join("\n")}`);
    has("SSO connection added | SSO connection Okta (SAML)");
    has("SSO connection changed | SSO connection Okta (SAML)");
    has("SSO connection tested | SSO connection Okta (SAML)");
    // Each event names the connection itself: these read the same after it was removed.
    has("SSO connection enabled | SSO connection Okta (SAML)");
    has("SSO connection disabled | SSO connection Okta (SAML)");
    has("Identity provider certificate changed | SSO connection Okta (SAML)");
    has("SSO connection removed | SSO connection Okta (SAML)");
    const changed = events.find((e) => e.label === "SSO connection changed")!;
    assert.deepEqual(changed.changes, [
      { label: "Allowed email domains", from: "any", to: "acme.test" },
      { label: "Sign-in started at the identity provider", from: "off", to: "on" },
    ]);
    assert.match(events.find((e) => e.label === "SSO connection tested")!.note!, /failed \(signature_validation_failed\): The SAML response's signature did not validate/);
    assert.equal(events.find((e) => e.label === "SSO connection enabled")!.note, "Enabled by the app's administrators without a passing test.");
    assert.deepEqual(events.find((e) => e.label === "Identity provider certificate changed")!.changes, [{ label: "Signing certificates", from: "…11223344", to: "…55667788" }]);
    // Users' sign-ins are not the tenant's activity feed.
    assert.ok(!events.some((e) => e.action.startsWith("sso.")));
    const sso = await portalActivityPage(portal(org.id, ["activity", "sso"]), null, "sso");
    assert.equal(sso.events.length, 7);
    assert.deepEqual(activityKindsFor(["sso", "activity"]), ["sso", "portal_access"]);
  } finally {
    await idp.close();
    if (guard === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES; else process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = guard;
  }
});
