import assert from "node:assert/strict";
import { viaSchema } from "@/lib/test-support/fixtures";
import { after, beforeEach, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { actorFor } from "@/lib/mutation";
import { decrypt, encrypt } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import type { Principal } from "@/lib/authz";
import { generateSigningKey, signingKeyContext, signJws } from "./algorithms";
import { publishedJwks } from "./jwks";
import { ensureSigningKeys, MAX_ACCESS_TOKEN_LIFETIME_SEC, NEXT_KEY_MIN_PUBLISHED_SEC, rotateSigningKeys, rotateSigningKeysIfDue } from "./rotation";
import { SIGNING_KEY_SETTINGS_KEY, updateSigningKeySettings as updateSigningKeySettingsTyped } from "./settings";
import { currentSigningKey } from "./signing";
import { loadVerificationKeys } from "./verification";

async function resetKeys() {
  await db.signingKey.deleteMany({});
  await db.deploymentSetting.deleteMany({ where: { key: SIGNING_KEY_SETTINGS_KEY } });
}
beforeEach(resetKeys);
// Leave the default set-up (RS256 current + next) for the test files that run after this one.
after(async () => {
  await resetKeys();
  await ensureSigningKeys();
  await db.$disconnect();
});

const owner: Principal = { kind: "operator", id: "opr_keys", email: "owner@example.com", role: "owner" };
const auditor: Principal = { kind: "operator", id: "opr_aud", email: "aud@example.com", role: "auditor" };
const ctx = (principal: Principal) => ({ principal, actor: actorFor(principal), request: { requestId: "req_k", ip: "127.0.0.1", userAgent: "test" } });

async function statuses() {
  const rows = await db.signingKey.findMany({ orderBy: { createdAt: "asc" } });
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

/** Backdates the next key's publication, as if validators had had it for `minutes`. */
async function nextPublishedFor(minutes: number): Promise<string> {
  const next = await db.signingKey.findFirstOrThrow({ where: { status: "next" } });
  await db.signingKey.update({ where: { id: next.id }, data: { createdAt: new Date(Date.now() - minutes * 60_000) } });
  return next.id;
}

async function signed(now = Date.now()): Promise<string> {
  const key = await currentSigningKey();
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${b64({ alg: key.alg, typ: "at+jwt", kid: key.kid })}.${b64({ sub: "x", iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 })}`;
  return `${input}.${await signJws(key.alg, key.privateKey, input)}`;
}

test("start-up makes one current and one published next key, private parts encrypted under their kid", async () => {
  await ensureSigningKeys();
  await ensureSigningKeys(); // idempotent
  const rows = await db.signingKey.findMany();
  assert.deepEqual(rows.map((r) => r.status).sort(), ["current", "next"]);
  for (const row of rows) {
    assert.match(row.id, /^snk_/);
    assert.equal(row.alg, "RS256");
    assert.ok(!row.privateKeyEnc.includes("PRIVATE KEY"));
    assert.match(decrypt(row.privateKeyEnc, signingKeyContext(row.id)), /BEGIN PRIVATE KEY/);
    assert.throws(() => decrypt(row.privateKeyEnc, signingKeyContext("snk_other")));
  }
  const jwks = await publishedJwks();
  assert.equal(jwks.keys.length, 2);
  for (const k of jwks.keys) {
    assert.equal(k.use, "sig");
    assert.equal(k.alg, "RS256");
    assert.equal(k.kty, "RSA");
    assert.equal((k as Record<string, unknown>).d, undefined, "no private members");
  }
});

test("rotation promotes the already published next key; tokens signed before keep validating", async () => {
  await ensureSigningKeys();
  const next = { id: await nextPublishedFor(60) };
  const oldToken = await signed();
  const result = await rotateSigningKeys(ctx(owner));
  assert.equal(result.current, next.id, "the key that signs now was published before it signed");
  assert.equal((await currentSigningKey()).kid, next.id);
  const jwks = createLocalJWKSet(await publishedJwks());
  assert.equal((await publishedJwks()).keys.length, 3, "next, current and previous are published");
  await jwtVerify(oldToken, jwks, { typ: "at+jwt" });
  await jwtVerify(await signed(), jwks, { typ: "at+jwt" });
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "signing_key.rotated" }, orderBy: { seq: "desc" } });
  assert.equal(event.actorId, "opr_keys");
  assert.deepEqual((event.after as Record<string, unknown>).current, next.id);
  await assert.rejects(rotateSigningKeys(ctx(auditor)), /read-only/);
});

test("a previous key is retired only after its tokens' maximum lifetime has passed", async () => {
  const t0 = new Date("2030-01-01T00:00:00Z");
  await ensureSigningKeys({ now: t0 });
  const first = (await db.signingKey.findFirstOrThrow({ where: { status: "current" } })).id;
  const t1 = new Date(t0.getTime() + (NEXT_KEY_MIN_PUBLISHED_SEC + 60) * 1000);
  await rotateSigningKeys(ctx(owner), { now: t1 });
  assert.equal((await statuses())[first], "previous");
  await ensureSigningKeys({ now: new Date(t1.getTime() + MAX_ACCESS_TOKEN_LIFETIME_SEC * 1000) });
  assert.equal((await statuses())[first], "previous", "still published while its last token may be live");
  await ensureSigningKeys({ now: new Date(t1.getTime() + (MAX_ACCESS_TOKEN_LIFETIME_SEC + 3600) * 1000) });
  const retired = await db.signingKey.findUniqueOrThrow({ where: { id: first } });
  assert.equal(retired.status, "retired");
  assert.equal(retired.privateKeyEnc, "", "a retired key's private part is wiped");
  assert.ok(!(await publishedJwks()).keys.some((k) => k.kid === first));
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "signing_key.retired", targetId: first } });
  assert.equal(event.actorType, "system");
  assert.equal((event.metadata as Record<string, unknown>).stopped_signing_time, t1.toISOString());
});

test("automatic rotation happens only when the interval has elapsed", async () => {
  const t0 = new Date();
  await ensureSigningKeys({ now: t0 });
  await db.deploymentSetting.create({ data: { key: SIGNING_KEY_SETTINGS_KEY, value: { alg: "RS256", rotation_interval_days: 30 } } });
  assert.equal(await rotateSigningKeysIfDue({ now: new Date(t0.getTime() + 29 * 86_400_000) }), null);
  const r = await rotateSigningKeysIfDue({ now: new Date(t0.getTime() + 31 * 86_400_000) });
  assert.ok(r);
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "signing_key.rotated" }, orderBy: { seq: "desc" } });
  assert.equal(event.actorType, "system");
  assert.deepEqual((event.metadata as Record<string, unknown>).reason, "scheduled");
});

test("a next key signs only after it has been published longer than validators cache the key set", async () => {
  await ensureSigningKeys();
  const next = await db.signingKey.findFirstOrThrow({ where: { status: "next" } });
  const current = await db.signingKey.findFirstOrThrow({ where: { status: "current" } });
  await assert.rejects(rotateSigningKeys(ctx(owner)), (err: unknown) => {
    assert.ok(err instanceof DomainError && err.code === "conflict");
    assert.match(err.message, /published at .* UTC.*Rotate at or after .* UTC/);
    return true;
  });
  assert.equal((await currentSigningKey()).kid, current.id, "still signing with the current key");
  // The scheduled rotation waits too (it is retried every hour).
  await db.signingKey.update({ where: { id: current.id }, data: { activatedAt: new Date(Date.now() - 400 * 86_400_000) } });
  assert.equal(await rotateSigningKeysIfDue(), null);
  assert.equal((await db.signingKey.findUniqueOrThrow({ where: { id: next.id } })).status, "next");

  // Once published long enough it rotates; an immediate second rotation would promote a brand-new key, so it is refused.
  await nextPublishedFor(NEXT_KEY_MIN_PUBLISHED_SEC / 60 + 1);
  assert.equal((await rotateSigningKeys(ctx(owner))).current, next.id);
  await assert.rejects(rotateSigningKeys(ctx(owner)), /Rotate at or after/);
});

test("switching to ES256 or EdDSA replaces the unused next key; it signs after the next rotation", async () => {
  await ensureSigningKeys();
  await assert.rejects(updateSigningKeySettings(ctx(owner), { alg: "HS256" as "RS256" }), /alg/);
  await assert.rejects(updateSigningKeySettings(ctx(auditor), { alg: "ES256" }), /read-only/);
  for (const [alg, kty] of [["ES256", "EC"], ["EdDSA", "OKP"]] as const) {
    const replaced = await db.signingKey.findFirstOrThrow({ where: { status: "next" } });
    await updateSigningKeySettings(ctx(owner), { alg, rotation_interval_days: 30 });
    await ensureSigningKeys({ actor: ctx(owner).actor, context: ctx(owner).request });
    const next = await db.signingKey.findFirstOrThrow({ where: { status: "next" } });
    assert.equal(next.alg, alg);
    const retiredEvent = await db.auditEvent.findFirstOrThrow({ where: { action: "signing_key.retired", targetId: replaced.id } });
    assert.equal(retiredEvent.actorId, "opr_keys");
    assert.match(String((retiredEvent.metadata as Record<string, unknown>).reason), new RegExp(`replaced by a next key in ${alg}`));
    assert.ok(await db.auditEvent.findFirst({ where: { action: "signing_key.created", targetId: next.id } }));
    // The replacement was only just published: it may not sign yet.
    await assert.rejects(rotateSigningKeys(ctx(owner)), /Rotate at or after/);
    await nextPublishedFor(60);
    await rotateSigningKeys(ctx(owner));
    const key = await currentSigningKey();
    assert.equal(key.alg, alg);
    const jwks = await publishedJwks();
    assert.equal(jwks.keys.find((k) => k.kid === key.kid)?.kty, kty);
    const { protectedHeader } = await jwtVerify(await signed(), createLocalJWKSet(jwks));
    assert.equal(protectedHeader.alg, alg);
  }
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "signing_key_settings.updated" }, orderBy: { seq: "desc" } });
  assert.deepEqual(event.after, { alg: "EdDSA", rotation_interval_days: 30 });
});

test("a token's unknown kid reloads the published keys at most once a second, shared by concurrent callers", async () => {
  await ensureSigningKeys();
  await loadVerificationKeys({ refresh: true });
  await new Promise((r) => setTimeout(r, 1_100));
  const first = await loadVerificationKeys({ refresh: true });
  // Another instance publishes a key.
  const kid = `snk_other_instance_${Date.now()}`;
  const { privatePem, publicJwk } = await generateSigningKey(kid, "ES256");
  await db.signingKey.create({ data: { id: kid, alg: "ES256", status: "next", publicJwk: publicJwk as object, privateKeyEnc: encrypt(privatePem, signingKeyContext(kid)) } });
  // Junk kids within the second do not reach the database...
  const burst = await Promise.all(Array.from({ length: 20 }, () => loadVerificationKeys({ refresh: true })));
  assert.ok(burst.every((keys) => keys === first && !keys.has(kid)));
  // ...and a second later the other instance's key is found.
  await new Promise((r) => setTimeout(r, 1_100));
  const again = await Promise.all(Array.from({ length: 20 }, () => loadVerificationKeys({ refresh: true })));
  assert.ok(again.every((keys) => keys === again[0] && keys.has(kid)), "one shared reload that sees the new key");
});
import { signingKeySettingsSchema } from "./settings";

const updateSigningKeySettings = viaSchema(signingKeySettingsSchema, updateSigningKeySettingsTyped);
