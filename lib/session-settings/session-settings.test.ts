import assert from "node:assert/strict";
import { viaSchema } from "@/lib/test-support/fixtures";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import {
  BUILT_IN_SESSION_DEFAULTS, SESSION_DEFAULTS_KEY, effectiveSessionSettings, getOrganizationSessionSettings, getSessionDefaults,
  updateOrganizationSessionSettings as updateOrganizationSessionSettingsTyped, updateSessionDefaults as updateSessionDefaultsTyped,
} from "./index";

after(async () => {
  await db.deploymentSetting.deleteMany({ where: { key: SESSION_DEFAULTS_KEY } });
  await db.$disconnect();
});

const request = { requestId: "req_ss", ip: null, userAgent: null };
const owner: Principal = { kind: "operator", id: "opr_ss", email: "owner@example.com", role: "owner" };
const ownerCtx: MutationContext = { principal: owner, actor: actorFor(owner), request };
const invalidField = (field: string, message?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.code === "invalid" && e.field === field && (!message || message.test(e.message));

async function org() {
  const id = newId("org");
  await db.organization.create({ data: { id, displayName: "Settings org", features: ["session_settings"] } });
  return id;
}

test("deployment defaults start built-in, are validated and audited", async () => {
  await db.deploymentSetting.deleteMany({ where: { key: SESSION_DEFAULTS_KEY } });
  assert.deepEqual(await getSessionDefaults(), BUILT_IN_SESSION_DEFAULTS);
  await assert.rejects(updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 3600, idle_timeout_sec: 30, access_token_lifetime_sec: 3600 }), invalidField("idle_timeout_sec", /at least 1 minute/));
  await assert.rejects(updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 3600, idle_timeout_sec: 7200, access_token_lifetime_sec: 3600 }), invalidField("idle_timeout_sec", /session lifetime/));
  await assert.rejects(updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 3600, idle_timeout_sec: 600 }), invalidField("access_token_lifetime_sec"));
  const saved = await updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 7200, idle_timeout_sec: 1200, access_token_lifetime_sec: 3600 });
  assert.deepEqual(await getSessionDefaults(), saved);
  assert.ok(await db.auditEvent.findFirst({ where: { action: "session_defaults.updated", requestId: "req_ss" } }));
  const auditor: Principal = { kind: "operator", id: "opr_aud", email: "aud@example.com", role: "auditor" };
  await assert.rejects(updateSessionDefaults({ ...ownerCtx, principal: auditor, actor: actorFor(auditor) }, saved), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
});

test("organization overrides may only tighten the defaults, and the effective value is the tighter one", async () => {
  await updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 7200, idle_timeout_sec: 1200, access_token_lifetime_sec: 3600 });
  const orgId = await org();
  assert.deepEqual((await effectiveSessionSettings(orgId)), { absolute_timeout_sec: 7200, idle_timeout_sec: 1200, access_token_lifetime_sec: 3600 });
  await assert.rejects(updateOrganizationSessionSettings(ownerCtx, orgId, { idle_timeout_sec: 1800 }), invalidField("idle_timeout_sec", /at most 20 minutes \(the deployment default\).*only tighten/));
  await assert.rejects(updateOrganizationSessionSettings(ownerCtx, orgId, { access_token_lifetime_sec: 7200 }), invalidField("access_token_lifetime_sec"));
  await assert.rejects(updateOrganizationSessionSettings(ownerCtx, orgId, { absolute_timeout_sec: 600, idle_timeout_sec: 900 }), invalidField("idle_timeout_sec"));
  await assert.rejects(updateOrganizationSessionSettings(ownerCtx, orgId, { idle_timeout_sec: "600" }), invalidField("idle_timeout_sec"));
  const view = await updateOrganizationSessionSettings(ownerCtx, orgId, { idle_timeout_sec: 600, access_token_lifetime_sec: 900 });
  assert.deepEqual(view.overrides, { absolute_timeout_sec: null, idle_timeout_sec: 600, access_token_lifetime_sec: 900 });
  assert.deepEqual(view.effective, { absolute_timeout_sec: 7200, idle_timeout_sec: 600, access_token_lifetime_sec: 900 });
  // Fields not given keep their value; null clears one.
  const cleared = await updateOrganizationSessionSettings(ownerCtx, orgId, { access_token_lifetime_sec: null });
  assert.deepEqual(cleared.overrides, { absolute_timeout_sec: null, idle_timeout_sec: 600, access_token_lifetime_sec: null });
  // Lowering the default below a stored override: the default wins.
  await updateSessionDefaults(ownerCtx, { absolute_timeout_sec: 7200, idle_timeout_sec: 300, access_token_lifetime_sec: 3600 });
  assert.equal((await effectiveSessionSettings(orgId)).idle_timeout_sec, 300);
  const audit = await db.auditEvent.findMany({ where: { action: "session_settings.updated", organizationId: orgId } });
  assert.equal(audit.length, 2);
});

test("a portal session reads and changes only its own organization's settings, and only with the feature", async () => {
  const a = await org();
  const b = await org();
  const portal: Principal = { kind: "portal", sessionId: "pls_ss", linkId: "l", organizationId: a, features: ["session_settings"], actor: { email: "admin@a.test" } };
  const portalCtx: MutationContext = { principal: portal, actor: actorFor(portal), request };
  assert.equal((await getOrganizationSessionSettings(portal, a)).organization_id, a);
  await assert.rejects(getOrganizationSessionSettings(portal, b), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  await assert.rejects(updateOrganizationSessionSettings(portalCtx, b, { idle_timeout_sec: 120 }), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  await updateOrganizationSessionSettings(portalCtx, a, { idle_timeout_sec: 120 });
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "session_settings.updated", organizationId: a } });
  assert.equal(event.actorType, "portal_user");
  assert.equal(event.actorLabel, "admin@a.test");
  const noFeature: Principal = { ...portal, features: ["api_clients"] };
  await assert.rejects(getOrganizationSessionSettings(noFeature, a), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
});
import { organizationSessionSettingsSchema, sessionDefaultsSchema } from "./schemas";

const updateSessionDefaults = viaSchema(sessionDefaultsSchema, updateSessionDefaultsTyped);
const updateOrganizationSessionSettings = viaSchema(organizationSessionSettingsSchema, updateOrganizationSessionSettingsTyped);
