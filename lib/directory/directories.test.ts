import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { verifySecret } from "@/lib/crypto/secrets";
import { contextFor, createTestOrganization, isDomainError, managementContext, operatorContext, viaSchema } from "@/lib/test-support/fixtures";
import { createDirectory, getDirectory, listDirectories, rotateDirectoryToken, updateDirectory } from "./directories";
import { listProvisioningLog } from "./provisioning-log";
import { listDirectoryUsers } from "./queries";
import { rotateTokenSchema } from "./schemas";

// Directories as the portal, console and management API manage them: who may do what, where, and what
// each change records.

after(() => db.$disconnect());

test("create: first directory is primary, token shown once and stored as a keyed hash, event recorded", async () => {
  const org = await createTestOrganization("Dir org");
  const { directory, plainToken } = await createDirectory(operatorContext(), org.id, { provider: "OKTA" });
  assert.match(directory.id, /^dir_\d+$/);
  assert.equal(directory.primary, true);
  assert.equal(directory.status, "pending");
  assert.equal(directory.name, "Okta");
  assert.match(directory.scim_endpoint, new RegExp(`/directory/${directory.id}/scim/v2$`));
  assert.match(plainToken, /^portico_scim_[A-Za-z0-9_-]{43}$/);
  const [token] = await db.directoryToken.findMany({ where: { directoryId: directory.id } });
  assert.ok(verifySecret(plainToken, token!.tokenHash));
  assert.equal(token!.suffix, plainToken.slice(-4));
  const trail = await db.auditEvent.findMany({ where: { organizationId: org.id }, select: { before: true, after: true, metadata: true } });
  assert.ok(!JSON.stringify(trail).includes(plainToken), "the token is never in the audit trail");
  const second = await createDirectory(operatorContext(), org.id, { provider: "MICROSOFT_AD", name: "Contoso Entra" });
  assert.equal(second.directory.primary, false);
  await updateDirectory(operatorContext(), org.id, second.directory.id, { primary: true });
  assert.deepEqual((await listDirectories(operatorContext().principal, org.id)).map((d) => [d.name, d.primary]), [["Contoso Entra", true], ["Okta", false]]);
  assert.ok(await db.auditEvent.findFirst({ where: { organizationId: org.id, action: "directory.created", targetId: directory.id } }));
});

test("enable and disable record their events with the directory's shape; rotation records no token", async () => {
  const org = await createTestOrganization("Dir org");
  const { directory } = await createDirectory(operatorContext(), org.id, { provider: "OKTA" });
  await updateDirectory(operatorContext(), org.id, directory.id, { enabled: false });
  await updateDirectory(operatorContext(), org.id, directory.id, { enabled: false });
  await updateDirectory(operatorContext(), org.id, directory.id, { enabled: true });
  const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: { in: ["directory.enabled", "directory.disabled"] } }, orderBy: { seq: "asc" } });
  assert.deepEqual(events.map((e) => e.action), ["directory.disabled", "directory.enabled"], "disabling twice records once");
  assert.deepEqual(Object.keys(events[0]!.after as object).sort(), ["directory_type", "enabled", "id", "last_sync_at", "name", "organization_id", "primary", "provider", "status", "updated_at"]);
  assert.equal((events[1]!.after as { enabled: boolean }).enabled, true);
  const rotated = await rotateDirectoryToken(operatorContext(), org.id, directory.id, { overlap_seconds: 600 });
  assert.ok(rotated.previousTokensExpireTime);
  const event = await db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id, action: "directory.token_rotated" }, select: { after: true } });
  assert.ok(!JSON.stringify(event).includes(rotated.plainToken));
  assert.equal((event.after as { token: { suffix: string } }).token.suffix, rotated.plainToken.slice(-4));
  assert.equal((await getDirectory(operatorContext().principal, org.id, directory.id)).tokens.length, 2, "both tokens live during the overlap");
  // The edges (API, actions) parse with the shared schema: more than 24 h is refused naming the field.
  const rotateViaEdge = viaSchema(rotateTokenSchema, rotateDirectoryToken);
  await assert.rejects(rotateViaEdge(operatorContext(), org.id, directory.id, { overlap_seconds: 86_401 }), isDomainError("invalid", "overlap_seconds"));
});

test("who may: auditors read only, portal sessions need dir_sync, clients need the scope and the organization; other organizations' directories are not found", async () => {
  const org = await createTestOrganization("Dir org");
  const other = await createTestOrganization("Other org");
  const { directory } = await createDirectory(operatorContext(), org.id, { provider: "OKTA" });
  const auditor = operatorContext("auditor");
  assert.equal((await listDirectories(auditor.principal, org.id)).length, 1);
  await assert.rejects(createDirectory(auditor, org.id, { provider: "OKTA" }), isDomainError("forbidden"));
  await assert.rejects(updateDirectory(auditor, org.id, directory.id, { enabled: false }), isDomainError("forbidden"));
  const portal = (features: string[], organizationId = org.id) => contextFor({ kind: "portal", sessionId: "s", linkId: "l", organizationId, features, actor: { id: "usr_1", email: "a@b.c" } });
  await assert.rejects(listDirectories(portal(["api_clients"]).principal, org.id), isDomainError("forbidden"));
  assert.equal((await listDirectories(portal(["dir_sync"]).principal, org.id)).length, 1);
  await assert.rejects(listDirectories(portal(["dir_sync"], other.id).principal, org.id), isDomainError("not_found"));
  await assert.rejects(listDirectories(managementContext("any", ["directories:write"]).principal, org.id), isDomainError("forbidden", "scope"));
  await assert.rejects(listDirectories(managementContext([other.id], ["directories:read"]).principal, org.id), isDomainError("not_found"));
  await assert.rejects(getDirectory(operatorContext().principal, other.id, directory.id), isDomainError("not_found"));
  await assert.rejects(updateDirectory(operatorContext(), other.id, directory.id, { enabled: false }), isDomainError("not_found"));
  await assert.rejects(listDirectoryUsers(operatorContext().principal, other.id, directory.id), isDomainError("not_found"));
  await assert.rejects(listProvisioningLog(operatorContext().principal, other.id, directory.id), isDomainError("not_found"));
  await assert.rejects(listDirectoryUsers(operatorContext().principal, org.id, directory.id, { cursor: "not-a-cursor" }), isDomainError("invalid", "cursor"));
});
