import { expect, test } from "@playwright/test";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { db } from "@/lib/db";
import { createTestClient, createTestOrganization, type TestClient } from "./support/service-principals";

// The token service over real HTTP against the built app, driven by a third-party OAuth client
// (openid-client) and verified with jose against the published JWKS.

const base = () => process.env.BASE_URL ?? "http://localhost:3000";
const AUD = "https://api.example.com";

async function configFor(c: TestClient, method: "basic" | "post"): Promise<oidc.Configuration> {
  const auth = method === "basic" ? oidc.ClientSecretBasic(c.secret) : oidc.ClientSecretPost(c.secret);
  return oidc.discovery(new URL(base()), c.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: "oauth2" });
}

async function verify(token: string, audience = AUD) {
  const jwks = createRemoteJWKSet(new URL(`${base()}/keys`));
  return jwtVerify(token, jwks, { issuer: base(), audience, typ: "at+jwt" });
}

async function oauthError(p: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof oidc.ResponseBodyError) return { error: err.error, status: err.status };
    // invalid_client comes with a WWW-Authenticate challenge, which the library reports on its own.
    if (err instanceof oidc.WWWAuthenticateChallengeError) {
      expect(err.cause[0]?.scheme).toBe("basic");
      return { error: (await err.response.json()).error, status: err.status };
    }
    throw err;
  }
  throw new Error("expected an OAuth error response");
}

test("discovery documents name the issuer and every endpoint", async ({ request }) => {
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const meta = await res.json();
    expect(meta).toMatchObject({
      issuer: base(),
      token_endpoint: `${base()}/oauth/token`,
      jwks_uri: `${base()}/keys`,
      introspection_endpoint: `${base()}/oauth/introspect`,
      revocation_endpoint: `${base()}/oauth/revoke`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
    expect(Array.isArray(meta.scopes_supported)).toBe(true);
  }
  for (const path of ["/keys", "/.well-known/jwks.json"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("max-age=");
    const { keys } = await res.json();
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const k of keys) {
      expect(k.kid).toMatch(/^snk_/);
      expect(k.use).toBe("sig");
      expect(k.alg).toBeTruthy();
      expect(k.d).toBeUndefined();
    }
  }
});

test("a service principal gets tokens with client_secret_basic and client_secret_post; they verify against /keys", async () => {
  const org = await createTestOrganization("Tokens e2e");
  const c = await createTestClient({ organizationId: org, customClaims: [{ key: "environment", value: "prod" }] });
  for (const method of ["basic", "post"] as const) {
    const config = await configFor(c, method);
    const res = await oidc.clientCredentialsGrant(config, { scope: "invoices:read", audience: AUD });
    expect(res.token_type.toLowerCase()).toBe("bearer");
    expect(res.expires_in).toBe(3600);
    expect(res.scope).toBe("invoices:read");
    const { payload, protectedHeader } = await verify(res.access_token);
    expect(protectedHeader.typ).toBe("at+jwt");
    expect(protectedHeader.kid).toMatch(/^snk_/);
    expect(payload).toMatchObject({ sub: c.clientId, client_id: c.clientId, oid: org, org_id: org, scopes: ["invoices:read"], scope: "invoices:read", custom_claims: { environment: "prod" }, gty: "client-credentials" });
    expect(payload.jti).toMatch(/^tkn_/);
  }
});

test("the token response is not cacheable and carries the security headers", async ({ request }) => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const res = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret } });
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(res.headers()["pragma"]).toBe("no-cache");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-request-id"]).toBeTruthy();
  const json = await request.post("/oauth/token", { data: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret } });
  expect(json.status()).toBe(200);
});

test("introspection reports live tokens; after revocation the token is inactive", async () => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const config = await configFor(c, "basic");
  const { access_token } = await oidc.clientCredentialsGrant(config);
  const live = await oidc.tokenIntrospection(config, access_token);
  expect(live).toMatchObject({ active: true, client_id: c.clientId, sub: c.clientId, oid: org, scope: "invoices:read invoices:write" });

  // Another organization's client learns nothing and cannot revoke it.
  const other = await createTestClient({ organizationId: await createTestOrganization("Other") });
  const otherConfig = await configFor(other, "post");
  expect(await oidc.tokenIntrospection(otherConfig, access_token)).toEqual({ active: false });
  expect((await oauthError(oidc.tokenRevocation(otherConfig, access_token))).error).toBe("unauthorized_client");
  expect((await oidc.tokenIntrospection(config, access_token)).active).toBe(true);

  await oidc.tokenRevocation(config, access_token);
  expect(await oidc.tokenIntrospection(config, access_token)).toEqual({ active: false });
  await oidc.tokenRevocation(config, access_token); // idempotent
  expect(await oidc.tokenIntrospection(config, "not-a-token")).toEqual({ active: false });
});

test("each error case gets its RFC 6749 error", async ({ request }) => {
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });

  const wrong = await oauthError(oidc.clientCredentialsGrant(await configFor({ ...c, secret: `${c.secret}x` }, "basic")));
  expect(wrong).toEqual({ error: "invalid_client", status: 401 });
  const raw = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: "nope" } });
  expect(raw.headers()["www-authenticate"]).toMatch(/^Basic /);

  const config = await configFor(c, "post");
  expect(await oauthError(oidc.clientCredentialsGrant(config, { scope: "admin:all" }))).toEqual({ error: "invalid_scope", status: 400 });
  expect(await oauthError(oidc.clientCredentialsGrant(config, { audience: "https://unknown.example.com" }))).toEqual({ error: "invalid_target", status: 400 });

  const grant = await request.post("/oauth/token", { form: { grant_type: "password", client_id: c.clientId, client_secret: c.secret } });
  expect(grant.status()).toBe(400);
  expect((await grant.json()).error).toBe("unsupported_grant_type");

  const malformed = await request.post("/oauth/token", { headers: { "content-type": "application/json" }, data: "{not json" });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error).toBe("invalid_request");

  const oversized = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret, pad: "x".repeat(64 * 1024) } });
  expect(oversized.status()).toBe(413);
  expect((await oversized.json()).error).toBe("invalid_request");

  await db.clientSecret.update({ where: { id: c.secretId }, data: { status: "INACTIVE" } });
  expect(await oauthError(oidc.clientCredentialsGrant(config))).toEqual({ error: "invalid_client", status: 401 });
  await db.clientSecret.update({ where: { id: c.secretId }, data: { status: "ACTIVE" } });
  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "disabled" } });
  expect(await oauthError(oidc.clientCredentialsGrant(config))).toEqual({ error: "invalid_client", status: 401 });
  await db.servicePrincipal.update({ where: { id: c.clientId }, data: { status: "active" } });
  expect((await oidc.clientCredentialsGrant(config)).access_token).toBeTruthy();
});

test("a token signed before a key rotation keeps validating; new tokens use the promoted key", async () => {
  const { rotateSigningKeys } = await import("@/lib/keys/rotation");
  const org = await createTestOrganization();
  const c = await createTestClient({ organizationId: org });
  const config = await configFor(c, "basic");
  const before = (await oidc.clientCredentialsGrant(config)).access_token;
  const oldKid = decodeProtectedHeader(before).kid;
  const keysBefore = (await (await fetch(`${base()}/keys`)).json()).keys.map((k: { kid: string }) => k.kid);

  const rotated = await rotateSigningKeys({
    principal: { kind: "operator", id: "opr_e2e", email: "owner@portico.test", role: "owner" },
    actor: { type: "operator", id: "opr_e2e", label: "owner@portico.test" },
    request: { requestId: "req_e2e", ip: null, userAgent: null },
  });
  expect(keysBefore).toContain(rotated.current); // published before it signs
  await expect.poll(async () => decodeProtectedHeader((await oidc.clientCredentialsGrant(config)).access_token).kid, { timeout: 15_000 }).toBe(rotated.current);
  expect(oldKid).not.toBe(rotated.current);
  await verify(before);
  expect((await oidc.tokenIntrospection(config, before)).active).toBe(true);
});
