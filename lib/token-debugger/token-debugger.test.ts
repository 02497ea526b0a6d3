import assert from "node:assert/strict";
import { test } from "node:test";
import { generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { inspectToken, type PublishedKey, type TokenExpectations } from "./index";

const ISSUER = "https://portico.example.com";
const NOW = new Date("2026-05-01T12:00:00Z");
const t = NOW.getTime() / 1000;

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const published: PublishedKey = { kid: "snk_1", alg: "ES256", key: publicKey };
  const sign = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "snk_1", typ: "at+jwt", ...header }).sign(privateKey);
  const expect: TokenExpectations = {
    issuer: ISSUER, audiences: ["https://api.example.com"], organizationId: "org_1", clientId: "m2morg_1",
    scopes: ["invoices:read", "invoices:write"], findKey: async (kid) => (kid === "snk_1" ? published : undefined), now: NOW,
  };
  const good: JWTPayload = {
    iss: ISSUER, sub: "m2morg_1", client_id: "m2morg_1", aud: "https://api.example.com", oid: "org_1",
    iat: t - 60, nbf: t - 60, exp: t + 3540, jti: "tkn_1", scopes: ["invoices:read"], scope: "invoices:read",
  };
  return { sign, expect, good };
}

const byId = (checks: { id: string; passed: boolean; reason: string }[], id: string) => {
  const c = checks.find((x) => x.id === id);
  assert.ok(c, `check ${id} present`);
  return c;
};

test("a token issued to this principal passes every check", async () => {
  const { sign, expect, good } = await setup();
  const report = await inspectToken(await sign(good), expect);
  assert.equal(report.error, null);
  assert.equal(report.header?.kid, "snk_1");
  assert.equal(report.claims?.oid, "org_1");
  assert.deepEqual(report.checks.map((c) => [c.id, c.passed]), [
    ["signature", true], ["expiry", true], ["issuer", true], ["audience", true], ["organization", true], ["client", true], ["scopes", true],
  ]);
  assert.equal(report.valid, true);
});

test("a wrong audience fails only the audience check, naming both audiences", async () => {
  const { sign, expect, good } = await setup();
  const report = await inspectToken(await sign({ ...good, aud: "https://other.example.com" }), expect);
  const aud = byId(report.checks, "audience");
  assert.equal(aud.passed, false);
  assert.match(aud.reason, /other\.example\.com/);
  assert.match(aud.reason, /api\.example\.com/);
  assert.deepEqual(report.checks.filter((c) => !c.passed).map((c) => c.id), ["audience"]);
  assert.equal(report.valid, false);
});

test("expired, foreign-issuer, other-organization and extra-scope tokens say why", async () => {
  const { sign, expect, good } = await setup();
  const report = await inspectToken(await sign({ ...good, exp: t - 600, iss: "https://evil.example", oid: "org_2", scopes: ["admin"], scope: "admin" }), expect);
  assert.match(byId(report.checks, "expiry").reason, /Expired 10 minutes ago/);
  assert.match(byId(report.checks, "issuer").reason, /evil\.example/);
  assert.match(byId(report.checks, "organization").reason, /org_2.*org_1/);
  assert.match(byId(report.checks, "scopes").reason, /“admin”/);
  assert.equal(report.checks.filter((c) => !c.passed).length, 4);
});

test("signatures are checked against the published keys", async () => {
  const { sign, expect, good } = await setup();
  const token = await sign(good);
  const [h, , s] = token.split(".");
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...good, scopes: ["invoices:write"] })).toString("base64url")}.${s}`;
  assert.match(byId((await inspectToken(tampered, expect)).checks, "signature").reason, /does not match/);
  const unknownKid = await sign(good, { kid: "snk_gone" });
  assert.match(byId((await inspectToken(unknownKid, expect)).checks, "signature").reason, /No key with kid “snk_gone”/);
  const other = await generateKeyPair("ES256");
  const foreign = await new SignJWT(good).setProtectedHeader({ alg: "ES256", kid: "snk_1" }).sign(other.privateKey);
  assert.equal(byId((await inspectToken(foreign, expect)).checks, "signature").passed, false);
  const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(good)).toString("base64url")}.`;
  assert.match(byId((await inspectToken(unsigned, expect)).checks, "signature").reason, /not signed/);
});

test("revoked tokens fail the revocation check", async () => {
  const { sign, expect, good } = await setup();
  const report = await inspectToken(await sign(good), { ...expect, isRevoked: async (jti) => jti === "tkn_1" });
  assert.equal(byId(report.checks, "revocation").passed, false);
  assert.equal(report.valid, false);
});

test("text that is not a JWT gets one clear error and no checks", async () => {
  const { expect } = await setup();
  const r1 = await inspectToken("not a token", expect);
  assert.match(r1.error ?? "", /three parts/);
  assert.deepEqual(r1.checks, []);
  const r2 = await inspectToken("abc.def.ghi", expect);
  assert.match(r2.error ?? "", /header/);
  const { sign, good } = await setup();
  const r3 = await inspectToken(`Bearer ${await sign(good)}`, expect);
  assert.equal(r3.error, null, "a pasted Authorization header value is accepted");
});
