import net from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { createTokenValidator, TokenError } from "@/lib/resource-server";
import { bearer, createOrgWithPrincipal, managementToken } from "./support/management";
import { nextKeyPublishedAnHourAgo, withSigningKeysLocked } from "./support/keys";
import { awayFromWindowEdge } from "@/lib/test-support/clock";
import { withSecondInstance } from "./support/second-instance";

// The token service over real HTTP against the built app: organizations and service principals are
// created through the management API, tokens are fetched with a third-party OAuth client
// (openid-client) and verified with jose against the published JWKS.

const base = () => process.env.BASE_URL ?? "http://localhost:3000";

interface TestClient { clientId: string; secret: string; organizationId: string; audience: string; read: string; write: string; secretId: string }

/** An organization with a service principal holding read + write of a fresh catalog API, via the management API. */
async function principal(request: APIRequestContext): Promise<TestClient> {
  const token = await managementToken(request);
  const made = await createOrgWithPrincipal(request, token, { withWrite: true });
  return {
    clientId: made.client.client_id, secret: made.plainSecret, organizationId: made.organization.id,
    audience: made.api.audience, read: made.api.read, write: made.api.write, secretId: made.client.secrets[0]!.id,
  };
}

async function configFor(c: TestClient, method: "basic" | "post"): Promise<oidc.Configuration> {
  const auth = method === "basic" ? oidc.ClientSecretBasic(c.secret) : oidc.ClientSecretPost(c.secret);
  return oidc.discovery(new URL(base()), c.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: "oauth2" });
}

async function verify(token: string, audience: string) {
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
      authorization_endpoint: `${base()}/oauth/authorize`,
      userinfo_endpoint: `${base()}/oauth/userinfo`,
      grant_types_supported: ["client_credentials", "authorization_code"],
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
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

test("a service principal gets tokens with client_secret_basic and client_secret_post; they verify against /keys", async ({ request }) => {
  const c = await principal(request);
  const patched = await request.patch(`/api/v1/organizations/${c.organizationId}/clients/${c.clientId}`, {
    headers: bearer(await managementToken(request)), data: { custom_claims: [{ key: "environment", value: "prod" }] },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  for (const method of ["basic", "post"] as const) {
    const config = await configFor(c, method);
    const res = await oidc.clientCredentialsGrant(config, { scope: c.read, audience: c.audience });
    expect(res.token_type.toLowerCase()).toBe("bearer");
    expect(res.expires_in).toBe(3600);
    expect(res.scope).toBe(c.read);
    const { payload, protectedHeader } = await verify(res.access_token, c.audience);
    expect(protectedHeader.typ).toBe("at+jwt");
    expect(protectedHeader.kid).toMatch(/^snk_/);
    expect(payload).toMatchObject({
      iss: base(), aud: c.audience, sub: c.clientId, client_id: c.clientId, oid: c.organizationId, org_id: c.organizationId,
      scopes: [c.read], scope: c.read, custom_claims: { environment: "prod" }, gty: "client-credentials",
    });
    expect(payload.jti).toMatch(/^tkn_/);
    expect(payload.exp! - payload.iat!).toBe(3600);
  }
});

test("the token response is not cacheable and carries the security headers", async ({ request }) => {
  const c = await principal(request);
  const res = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret } });
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(res.headers()["pragma"]).toBe("no-cache");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-request-id"]).toBeTruthy();
  const json = await request.post("/oauth/token", { data: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret } });
  expect(json.status()).toBe(200);
});

test("introspection reports live tokens; after revocation the token is inactive", async ({ request }) => {
  const c = await principal(request);
  const config = await configFor(c, "basic");
  const { access_token } = await oidc.clientCredentialsGrant(config);
  const live = await oidc.tokenIntrospection(config, access_token);
  expect(live).toMatchObject({ active: true, client_id: c.clientId, sub: c.clientId, oid: c.organizationId, scope: `${c.read} ${c.write}`, token_type: "Bearer" });

  // The management client may introspect any organization's token.
  const mgmt = await oidc.discovery(new URL(base()), process.env.BOOTSTRAP_MANAGEMENT_CLIENT_ID!, undefined, oidc.ClientSecretBasic(process.env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET!), { execute: [oidc.allowInsecureRequests], algorithm: "oauth2" });
  expect((await oidc.tokenIntrospection(mgmt, access_token)).active).toBe(true);

  // Another organization's client learns nothing and cannot revoke it.
  const other = await principal(request);
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
  const c = await principal(request);
  const mgmt = bearer(await managementToken(request));
  const clientPath = `/api/v1/organizations/${c.organizationId}/clients/${c.clientId}`;

  const wrong = await oauthError(oidc.clientCredentialsGrant(await configFor({ ...c, secret: `${c.secret}x` }, "basic")));
  expect(wrong).toEqual({ error: "invalid_client", status: 401 });
  const raw = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: "nope" } });
  expect(raw.headers()["www-authenticate"]).toMatch(/^Basic /);

  const config = await configFor(c, "post");
  expect(await oauthError(oidc.clientCredentialsGrant(config, { scope: "reports:read" }))).toEqual({ error: "invalid_scope", status: 400 });
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

  // Disabling takes effect on the very next request, and so does enabling.
  expect((await request.patch(clientPath, { headers: mgmt, data: { status: "disabled" } })).status()).toBe(200);
  expect(await oauthError(oidc.clientCredentialsGrant(config))).toEqual({ error: "invalid_client", status: 401 });
  expect((await request.patch(clientPath, { headers: mgmt, data: { status: "active" } })).status()).toBe(200);
  expect((await oidc.clientCredentialsGrant(config)).access_token).toBeTruthy();

  // A revoked secret stops working at once; a second secret keeps working.
  const added = await request.post(`${clientPath}/secrets`, { headers: mgmt });
  expect(added.status(), await added.text()).toBe(201);
  const second = await configFor({ ...c, secret: (await added.json()).plain_secret }, "basic");
  expect((await request.delete(`${clientPath}/secrets/${c.secretId}`, { headers: mgmt })).status()).toBe(204);
  expect(await oauthError(oidc.clientCredentialsGrant(config))).toEqual({ error: "invalid_client", status: 401 });
  expect((await oidc.clientCredentialsGrant(second)).access_token).toBeTruthy();

  // Deleting the organization ends its principals' access.
  expect((await request.delete(`/api/v1/organizations/${c.organizationId}`, { headers: mgmt })).status()).toBe(204);
  expect(await oauthError(oidc.clientCredentialsGrant(second))).toEqual({ error: "invalid_client", status: 401 });
});

test("a token signed before a key rotation keeps validating; new tokens use the promoted key", async ({ request }) => {
  const { rotateSigningKeys } = await import("@/lib/keys/rotation");
  const c = await principal(request);
  const config = await configFor(c, "basic");
  await withSigningKeysLocked(async () => {
    // The next key has been published for an hour (a rotation refuses a key validators may not have yet),
    // and /keys lists it (the app caches its key set for a few seconds).
    const nextKid = await nextKeyPublishedAnHourAgo();
    const publishedKids = async () => (await (await fetch(`${base()}/keys`)).json()).keys.map((k: { kid: string }) => k.kid) as string[];
    await expect.poll(publishedKids, { timeout: 15_000 }).toContain(nextKid);
    // A resource API that fetched the key set before the rotation.
    const api = createTokenValidator({ issuer: base(), audience: c.audience });
    const before = (await oidc.clientCredentialsGrant(config)).access_token;
    const oldKid = decodeProtectedHeader(before).kid;
    await api.validate(before);

    const rotated = await rotateSigningKeys({
      principal: { kind: "operator", id: "opr_e2e", email: "owner@portico.test", role: "owner" },
      actor: { type: "operator", id: "opr_e2e", label: "owner@portico.test" },
      request: { requestId: "req_e2e", ip: null, userAgent: null },
    });
    expect(rotated.current).toBe(nextKid); // published before it signs
    await expect.poll(async () => decodeProtectedHeader((await oidc.clientCredentialsGrant(config)).access_token).kid, { timeout: 15_000 }).toBe(rotated.current);
    expect(oldKid).not.toBe(rotated.current);
    await verify(before, c.audience);
    expect((await oidc.tokenIntrospection(config, before)).active).toBe(true);
    // The resource API accepts both without failing a request: the new key was already in its cached set.
    await api.validate(before);
    await api.validate((await oidc.clientCredentialsGrant(config)).access_token);
  });
});

test("lib/resource-server validates live tokens: organization, scopes, audience and the WWW-Authenticate header", async ({ request }) => {
  const c = await principal(request);
  const config = await configFor(c, "post");
  const api = createTokenValidator({ issuer: base(), audience: c.audience });
  const readOnly = (await oidc.clientCredentialsGrant(config, { scope: c.read })).access_token;
  const claims = await api.validate(`Bearer ${readOnly}`, { organizationId: c.organizationId, requiredScopes: [c.read] });
  expect(claims).toMatchObject({ client_id: c.clientId, oid: c.organizationId, scopes: [c.read] });

  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof TokenError) return { status: err.status, error: err.error, reason: err.reason, header: err.wwwAuthenticate() };
      throw err;
    }
    throw new Error("expected a TokenError");
  };
  expect(await failure(api.validate(readOnly, { requiredScopes: [c.write] }))).toMatchObject({ status: 403, error: "insufficient_scope", header: expect.stringContaining(`scope="${c.write}"`) });
  expect(await failure(api.validate(readOnly, { organizationId: "org_other" }))).toMatchObject({ status: 401, error: "invalid_token", reason: "wrong_organization" });
  expect(await failure(createTokenValidator({ issuer: base(), audience: "https://other.api.test" }).validate(readOnly))).toMatchObject({ status: 401, reason: "wrong_audience" });
  expect(await failure(api.validate(null))).toMatchObject({ status: 401, error: null, header: 'Bearer realm="api"' });
});

test("a second instance sharing the database enforces its rate limit over HTTP: 429 too_many_requests with Retry-After", async ({ request }) => {
  test.setTimeout(120_000);
  const c = await principal(request);
  // The same deployment (database, key-encryption secret), started again with a per-client limit of 3 a minute.
  await withSecondInstance({ TOKEN_RATE_LIMIT_PER_CLIENT: "3" }, async (second) => {
    await awayFromWindowEdge();
    const token = () => fetch(`${second.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.secret }) });
    for (let i = 0; i < 3; i++) expect((await token()).status).toBe(200);
    const limited = await token();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("cache-control")).toBe("no-store");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ error: "too_many_requests" });
    // The instance's counts reach the shared table other instances read, within a couple of seconds.
    const { db } = await import("@/lib/db");
    await expect.poll(async () => (await db.rateLimitCounter.findMany({ where: { key: `token:client:${c.clientId}` } })).reduce((n, r) => n + r.count, 0), { timeout: 10_000 }).toBe(3);
  });
});

/**
 * POSTs a chunked body (no Content-Length) over a raw socket, chunk after chunk until the server answers
 * or `upTo` bytes are sent (then the body ends properly). Resolves with the status, the response body
 * and how much was sent; status null (and the socket error as body) when the server closed without an
 * answer the client could read.
 */
function chunkedPost(url: string, headers: Record<string, string>, { upTo = 64 * 1024 * 1024 } = {}): Promise<{ status: number | null; body: string; sentBytes: number }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    let sentBytes = 0;
    let response = "";
    let done = false;
    let failure = "";
    const socket = net.connect(Number(port), hostname);
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const [head, ...rest] = response.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? "")?.[1]);
      if (!status) { resolve({ status: null, body: failure, sentBytes }); return; }
      // The body (chunked or not): take the JSON object in it.
      const body = rest.join("\r\n\r\n");
      resolve({ status, body: body.slice(body.indexOf("{"), body.lastIndexOf("}") + 1), sentBytes });
    };
    socket.on("data", (d: Buffer) => { response += d.toString(); if (response.includes("}")) finish(); });
    socket.on("error", (err: NodeJS.ErrnoException) => { failure = err.code ?? err.message; finish(); }); // EPIPE/ECONNRESET once the server has answered and closed
    socket.on("close", () => finish());
    socket.on("connect", () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nTransfer-Encoding: chunked\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
      const chunk = `1000\r\n${"a".repeat(4096)}\r\n`;
      const pump = () => {
        while (!done && sentBytes < upTo) {
          sentBytes += 4096;
          if (!socket.write(chunk)) { socket.once("drain", pump); return; }
        }
        if (!done) socket.write("0\r\n\r\n");
      };
      pump();
    });
  });
}

test("an oversized chunked body gets a clean 413 from the token endpoint; one that never ends is cut off", async () => {
  const finite = await chunkedPost(`${base()}/oauth/token`, { "content-type": "application/x-www-form-urlencoded" }, { upTo: 1024 * 1024 });
  expect(finite.status).toBe(413);
  expect(JSON.parse(finite.body).error).toBe("invalid_request");
  // A sender that never stops: the server stops reading a few megabytes in and drops the connection,
  // long before this one would have given up (64 MB).
  const endless = await chunkedPost(`${base()}/oauth/token`, { "content-type": "application/x-www-form-urlencoded" });
  expect([413, null]).toContain(endless.status);
  expect(endless.sentBytes).toBeLessThan(32 * 1024 * 1024);
});

test("a chunked body over the management API's cap is refused with 413 payload_too_large", async ({ request }) => {
  const res = await chunkedPost(`${base()}/api/v1/organizations`, { "content-type": "application/json", authorization: `Bearer ${await managementToken(request)}` }, { upTo: 1024 * 1024 });
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).error).toBe("payload_too_large");
});
