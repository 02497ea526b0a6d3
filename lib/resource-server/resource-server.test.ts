import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { bearerChallenge, bearerToken, createTokenValidator, TokenError, type PorticoClaims } from "./index";

// Against a small local issuer: a JWKS endpoint whose keys the test controls, and tokens signed with jose.

const ISSUER_PATH = "";
let server: http.Server;
let issuer = "";
const published: JWK[] = [];
let jwksFetches = 0;
const signers = new Map<string, { key: CryptoKey; alg: string }>();

async function addKey(kid: string, alg: "RS256" | "ES256" | "EdDSA", publish = true) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  signers.set(kid, { key: privateKey, alg });
  if (publish) published.push({ ...(await exportJWK(publicKey)), kid, alg, use: "sig" });
}

async function token(kid: string, claims: Partial<PorticoClaims> = {}, { typ = "at+jwt", exp = "1h" } = {}) {
  const s = signers.get(kid)!;
  return new SignJWT({ client_id: "m2morg_1", oid: "org_1", org_id: "org_1", scopes: ["invoices:read"], scope: "invoices:read", custom_claims: {}, ...claims })
    .setProtectedHeader({ alg: s.alg, kid, typ })
    .setIssuer(claims.iss ?? issuer).setSubject("m2morg_1").setAudience(claims.aud ?? "https://api.example.com").setIssuedAt().setNotBefore("0s").setExpirationTime(exp).setJti("tkn_1")
    .sign(s.key);
}

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === `${ISSUER_PATH}/keys`) {
      jwksFetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await addKey("snk_rs", "RS256");
  await addKey("snk_es", "ES256");
  await addKey("snk_ed", "EdDSA");
});
after(() => new Promise((r) => server.close(r)));

const validator = () => createTokenValidator({ issuer, audience: "https://api.example.com", unknownKidRefetchIntervalMs: 0 });

async function reason(p: Promise<unknown>): Promise<[string, number, string | null]> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TokenError);
    return [err.reason, err.status, err.error];
  }
  return ["accepted", 200, null];
}

test("valid tokens of each algorithm return typed claims; the key set is fetched once", async () => {
  const v = validator();
  const before = jwksFetches;
  for (const kid of ["snk_rs", "snk_es", "snk_ed"]) {
    const claims = await v.validate(`Bearer ${await token(kid)}`, { organizationId: "org_1", requiredScopes: ["invoices:read"] });
    assert.equal(claims.client_id, "m2morg_1");
    assert.deepEqual(claims.scopes, ["invoices:read"]);
  }
  assert.equal(jwksFetches - before, 1);
});

test("an unknown kid refetches the key set once (a rotation), then fails as invalid_token", async () => {
  const v = validator();
  await v.validate(await token("snk_rs"));
  const before = jwksFetches;
  await addKey("snk_new", "ES256");
  await v.validate(await token("snk_new"));
  assert.equal(jwksFetches - before, 1, "refetched for the new kid");
  await addKey("snk_unpublished", "ES256", false);
  assert.deepEqual(await reason(v.validate(await token("snk_unpublished"))), ["unknown_key", 401, "invalid_token"]);
  assert.equal(jwksFetches - before, 2, "one refetch, not a loop");
});

test("wrong audience, issuer, type, expiry, organization and signature are 401 invalid_token", async () => {
  const v = validator();
  assert.deepEqual(await reason(v.validate(await token("snk_es", { aud: "https://other.example.com" }))), ["wrong_audience", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate(await token("snk_es", { iss: "https://evil.example.com" }))), ["wrong_issuer", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate(await token("snk_es", {}, { typ: "JWT" }))), ["wrong_type", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate(await token("snk_es", {}, { exp: "-1h" }))), ["expired", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate(await token("snk_es"), { organizationId: "org_2" })), ["wrong_organization", 401, "invalid_token"]);
  const t = await token("snk_es");
  assert.deepEqual(await reason(v.validate(`${t.slice(0, -4)}AAAA`)), ["bad_signature", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate("Bearer nonsense")), ["malformed", 401, "invalid_token"]);
  assert.deepEqual(await reason(v.validate(undefined)), ["missing_token", 401, null]);
});

test("a missing scope is 403 insufficient_scope with a WWW-Authenticate challenge naming the scopes", async () => {
  const v = validator();
  try {
    await v.validate(await token("snk_rs"), { requiredScopes: ["invoices:read", "invoices:write"] });
    assert.fail("accepted");
  } catch (err) {
    assert.ok(err instanceof TokenError);
    assert.equal(err.status, 403);
    assert.equal(err.wwwAuthenticate("billing"), 'Bearer realm="billing", error="insufficient_scope", error_description="The token lacks the scope invoices:write", scope="invoices:read invoices:write"');
    assert.deepEqual(err.toJSON(), { error: "insufficient_scope", error_description: "The token lacks the scope invoices:write" });
  }
  assert.equal(bearerChallenge("api"), 'Bearer realm="api"');
  assert.equal(new TokenError("missing_token", "x").wwwAuthenticate(), 'Bearer realm="api"');
  assert.equal(bearerToken("bearer abc.def.ghi"), "abc.def.ghi");
});

test("an unreachable key set is 503 temporarily_unavailable, retried with backoff, not on every request", async () => {
  let calls = 0;
  let up = false;
  const flaky: typeof fetch = async (input, init) => {
    calls++;
    if (!up) throw new Error("connect ECONNREFUSED");
    return fetch(input, init);
  };
  const v = createTokenValidator({ issuer, audience: "https://api.example.com", fetch: flaky });
  const t = await token("snk_es");
  try {
    await v.validate(t);
    assert.fail("accepted");
  } catch (err) {
    assert.ok(err instanceof TokenError);
    assert.equal(err.status, 503);
    assert.equal(err.reason, "jwks_unavailable");
    assert.deepEqual(err.toJSON().error, "temporarily_unavailable");
    assert.equal(err.wwwAuthenticate(), 'Bearer realm="api"', "no invalid_token challenge: the token may be fine");
  }
  // Within the backoff, requests fail at once without another fetch.
  for (let i = 0; i < 10; i++) assert.deepEqual(await reason(v.validate(t)), ["jwks_unavailable", 503, "temporarily_unavailable"]);
  assert.equal(calls, 1);
  // Back up: after the backoff the next request fetches and validates.
  up = true;
  await new Promise((r) => setTimeout(r, 1_100));
  assert.equal((await v.validate(t)).client_id, "m2morg_1");
  assert.equal(calls, 2);
});
