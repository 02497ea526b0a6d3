import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { rotateDirectoryToken, updateDirectory } from "@/lib/directory";
import { addDomain, deleteDomain, verifyDomainManually } from "@/lib/domains";
import { createRole, deleteRole, setRoleMapping } from "@/lib/roles";
import { appendTestAuditEvent } from "@/lib/test-support/audit";
import { operatorContext, uniq } from "@/lib/test-support/fixtures";
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
