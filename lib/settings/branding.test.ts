import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import { BRANDING_KEY, DEFAULT_BRANDING, accentForegroundRgb, accentRgb, getBranding, updateBranding } from "./branding";

after(async () => {
  await db.deploymentSetting.deleteMany({ where: { key: BRANDING_KEY } });
  await db.$disconnect();
});

const owner: Principal = { kind: "operator", id: "opr_b", email: "owner@example.com", role: "owner" };
const ctx: MutationContext = { principal: owner, actor: actorFor(owner), request: { requestId: "req_b", ip: null, userAgent: null } };

test("branding defaults to Portico, is validated field by field, and saved with an audit event", async () => {
  await db.deploymentSetting.deleteMany({ where: { key: BRANDING_KEY } });
  assert.deepEqual(await getBranding(), DEFAULT_BRANDING);
  const bad = (input: unknown, field: string) => assert.rejects(updateBranding(ctx, input), (e: unknown) => e instanceof DomainError && e.field === field);
  await bad({ name: "", accent_color: "#000000" }, "name");
  await bad({ name: "Acme", accent_color: "red" }, "accent_color");
  await bad({ name: "Acme", logo_url: "http://insecure.example/logo.png" }, "logo_url");
  await bad({ name: "Acme", logo_url: "javascript:alert(1)" }, "logo_url");
  const saved = await updateBranding(ctx, { name: "Acme Cloud", logo_url: "https://cdn.acme.test/logo.svg", accent_color: "#0f766e" });
  assert.deepEqual(await getBranding(), saved);
  assert.ok(await db.auditEvent.findFirst({ where: { action: "branding.updated", requestId: "req_b" } }));
});

test("the accent becomes the --accent variable with readable text on it", () => {
  assert.equal(accentRgb("#4f46e5"), "79 70 229");
  assert.equal(accentRgb("not a colour"), "79 70 229");
  assert.equal(accentForegroundRgb("#4f46e5"), "255 255 255");
  assert.equal(accentForegroundRgb("#fde047"), "17 24 39");
});
