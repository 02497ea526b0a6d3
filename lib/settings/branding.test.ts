import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { DomainError, parseInput } from "@/lib/errors";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import { BRANDING_KEY, DEFAULT_BRANDING, accentForegroundRgb, accentRgb, brandingSchema, getBranding, updateBranding } from "./branding";

after(async () => {
  await db.deploymentSetting.deleteMany({ where: { key: BRANDING_KEY } });
  await db.$disconnect();
});

const owner: Principal = { kind: "operator", id: "opr_b", email: "owner@example.com", role: "owner" };
/** What the console's action does: parse with the shared schema, then save. */
const save = async (c: MutationContext, input: unknown) => updateBranding(c, parseInput(brandingSchema, input));
const ctx = (requestId: string): MutationContext => ({ principal: owner, actor: actorFor(owner), request: { requestId, ip: null, userAgent: null } });

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A PNG-signed file of exactly `size` bytes (the checks read the signature, the browser test uses a real PNG). */
const png = (size = 64) => Buffer.concat([PNG_HEADER, crypto.randomBytes(size - PNG_HEADER.length)]);
const ico = (size = 64) => Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), crypto.randomBytes(size - 6)]);
const dataUrl = (type: string, bytes: Buffer | string) => `data:${type};base64,${Buffer.from(bytes).toString("base64")}`;

/** Rejects naming `field`, with a message matching `message`. */
const refused = (input: unknown, field: string, message: RegExp) =>
  assert.rejects(save(ctx("req_bad"), input), (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.field, field);
    assert.match(e.message, message);
    return true;
  });

test("branding defaults to Portico, is validated field by field, and saved with an audit event", async () => {
  await db.deploymentSetting.deleteMany({ where: { key: BRANDING_KEY } });
  assert.deepEqual(await getBranding(), DEFAULT_BRANDING);
  await refused({ name: "", accent_color: "#000000" }, "name", /is required/);
  await refused({ name: "Acme", accent_color: "red" }, "accent_color", /must be a colour like #4f46e5/);
  const saved = await save(ctx("req_b"), { name: "Acme Cloud", logo_url: dataUrl("image/png", png()), accent_color: "#0f766e" });
  assert.deepEqual(await getBranding(), saved);
  assert.ok(await db.auditEvent.findFirst({ where: { action: "branding.updated", requestId: "req_b" } }));
});

test("the logo is checked by its bytes and decoded size, not by the type it claims", async () => {
  // Images on other sites are refused: the portal's CSP loads images only from Portico itself.
  await refused({ name: "Acme", logo_url: "https://cdn.acme.test/logo.png" }, "logo_url", /must be uploaded as a file .*links to images on other sites are not accepted/);
  await refused({ name: "Acme", logo_url: "javascript:alert(1)" }, "logo_url", /must be an uploaded PNG, JPEG or WebP image/);
  // SVG, whether claimed or hidden behind a PNG type.
  const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  await refused({ name: "Acme", logo_url: dataUrl("image/svg+xml", svg) }, "logo_url", /cannot be an SVG/);
  await refused({ name: "Acme", logo_url: dataUrl("image/png", svg) }, "logo_url", /is labelled PNG but its contents are an SVG/);
  await refused({ name: "Acme", logo_url: dataUrl("image/png", "GIF89a\x01\x00\x01\x00") }, "logo_url", /labelled PNG but its contents are a GIF/);
  await refused({ name: "Acme", logo_url: dataUrl("image/jpeg", png()) }, "logo_url", /labelled JPEG but its contents are a PNG/);
  await refused({ name: "Acme", logo_url: dataUrl("image/webp", "<html><body>hi</body></html>") }, "logo_url", /contents are not an image Portico recognises/);
  await refused({ name: "Acme", logo_url: dataUrl("image/gif", "GIF89a\x01\x00\x01\x00") }, "logo_url", /must be a PNG, JPEG or WebP image, not image\/gif/);

  // The limit is on the decoded file: 100 kB exactly passes, one byte more does not.
  await save(ctx("req_limit"), { name: "Acme", logo_url: dataUrl("image/png", png(100 * 1024)) });
  await refused({ name: "Acme", logo_url: dataUrl("image/png", png(100 * 1024 + 1)) }, "logo_url", /is 101 kB; the limit is 100 kB/);
  const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), crypto.randomBytes(32)]);
  await save(ctx("req_webp"), { name: "Acme", logo_url: dataUrl("image/webp", webp) });
  await save(ctx("req_jpeg"), { name: "Acme", logo_url: dataUrl("image/jpeg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(40)])) });
});

test("the favicon is a PNG or ICO of at most 32 kB, checked the same way", async () => {
  await save(ctx("req_ico"), { name: "Acme", favicon_url: dataUrl("image/vnd.microsoft.icon", ico()) });
  assert.match((await getBranding()).favicon_url, /^data:image\/vnd\.microsoft\.icon;base64,/);
  await save(ctx("req_fav_png"), { name: "Acme", favicon_url: dataUrl("image/png", png(32 * 1024)) });
  await refused({ name: "Acme", favicon_url: dataUrl("image/png", png(32 * 1024 + 1)) }, "favicon_url", /is 33 kB; the limit is 32 kB/);
  await refused({ name: "Acme", favicon_url: dataUrl("image/jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2])) }, "favicon_url", /must be a PNG or ICO image, not image\/jpeg/);
  await refused({ name: "Acme", favicon_url: dataUrl("image/x-icon", png()) }, "favicon_url", /is labelled ICO but its contents are a PNG/);
});

test("the audit trail keeps each image's type, size and SHA-256, never the image", async () => {
  const logo = png(2048);
  const favicon = ico(300);
  await save(ctx("req_audit_1"), { name: "Acme", logo_url: dataUrl("image/png", logo), favicon_url: dataUrl("image/x-icon", favicon) });
  await save(ctx("req_audit_2"), { name: "Acme 2", logo_url: "", favicon_url: dataUrl("image/x-icon", favicon) });
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "branding.updated", requestId: "req_audit_2" } });
  const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
  assert.deepEqual(event.before, {
    name: "Acme", accent_color: "#4f46e5",
    logo: { type: "image/png", size_bytes: 2048, sha256: sha(logo) },
    favicon: { type: "image/x-icon", size_bytes: 300, sha256: sha(favicon) },
  });
  assert.deepEqual(event.after, { name: "Acme 2", accent_color: "#4f46e5", logo: null, favicon: { type: "image/x-icon", size_bytes: 300, sha256: sha(favicon) } });
  assert.doesNotMatch(JSON.stringify([event.before, event.after]), /base64|data:/);
});

test("a stored value an earlier version accepted loses only that field", async () => {
  await db.deploymentSetting.upsert({
    where: { key: BRANDING_KEY },
    create: { key: BRANDING_KEY, value: { name: "Legacy", logo_url: "https://cdn.acme.test/logo.svg", accent_color: "#0f766e" } },
    update: { value: { name: "Legacy", logo_url: "https://cdn.acme.test/logo.svg", accent_color: "#0f766e" } },
  });
  assert.deepEqual(await getBranding(), { name: "Legacy", logo_url: "", favicon_url: "", accent_color: "#0f766e" });
});

test("the accent becomes the --accent variable with readable text on it", () => {
  assert.equal(accentRgb("#4f46e5"), "79 70 229");
  assert.equal(accentRgb("not a colour"), "79 70 229");
  assert.equal(accentForegroundRgb("#4f46e5"), "255 255 255");
  assert.equal(accentForegroundRgb("#fde047"), "17 24 39");
});
