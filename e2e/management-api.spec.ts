import { expect, test, type APIResponse } from "@playwright/test";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { bearer, clientToken, createOrgWithPrincipal, managementToken, requestToken } from "./support/management";
import { awayFromWindowEdge } from "@/lib/test-support/clock";
import { withSecondInstance } from "./support/second-instance";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { operatorContext, viaSchema } from "@/lib/test-support/fixtures";

// The management API over real HTTP against the built app: a host app's backend gets a token from the
// token endpoint with the bootstrap management client, then manages organizations and service principals.

const base = () => process.env.BASE_URL ?? "http://localhost:3000";

test("a host app creates an organization and a principal, whose secret then gets tokens", async ({ request }) => {
  const token = await managementToken(request);
  const claims = decodeJwt(token);
  expect(claims.aud).toBe(`${base()}/api/v1`);

  const { organization, client, plainSecret, api } = await createOrgWithPrincipal(request, token, { name: "Acme Corp" });
  expect(organization.id).toMatch(/^org_\d+$/);
  expect(client).toMatchObject({ organization_id: organization.id, name: "E2E principal", scopes: [api.read], audience: [api.audience], expiry: 3600, status: "active", created_by: "Management client (bootstrap)" });
  expect(client.client_id).toMatch(/^m2morg_\d+$/);
  expect(client.secrets).toHaveLength(1);
  expect(client.secrets[0]).toMatchObject({ status: "ACTIVE", secret_suffix: plainSecret.slice(-4) });
  expect(Object.keys(client).sort()).toEqual(["audience", "client_id", "create_time", "created_by", "custom_claims", "description", "expiry", "name", "organization_id", "scopes", "secrets", "status", "update_time"]);

  // The principal's own credentials work at the token endpoint, and the token says who and where.
  const access = await clientToken(request, client.client_id, plainSecret);
  const { payload } = await jwtVerify(access, createRemoteJWKSet(new URL(`${base()}/keys`)), { issuer: base(), audience: api.audience, typ: "at+jwt" });
  expect(payload).toMatchObject({ sub: client.client_id, client_id: client.client_id, oid: organization.id, scopes: [api.read] });

  // Read back: the plain secret is never shown again.
  const got = await request.get(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token) });
  expect(got.status()).toBe(200);
  expect(await got.text()).not.toContain(plainSecret);
  const list = await request.get(`/api/v1/organizations/${organization.id}/clients`, { headers: bearer(token) });
  const { clients } = await list.json();
  expect(clients.map((c: { client_id: string }) => c.client_id)).toEqual([client.client_id]);

  // Patch: more scopes, a shorter lifetime, a claim; the next token shows them.
  const patched = await request.patch(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, {
    headers: bearer(token), data: { scopes: [api.read, api.write], expiry: 600, custom_claims: [{ key: "environment", value: "prod" }] },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  expect((await patched.json()).client).toMatchObject({ scopes: [api.read, api.write], expiry: 600 });
  const second = decodeJwt(await clientToken(request, client.client_id, plainSecret));
  expect(second.scopes).toEqual([api.read, api.write]);
  expect(second.custom_claims).toEqual({ environment: "prod" });
  expect(Number(second.exp) - Number(second.iat)).toBe(600);

  // Rotation: add a secret, move over, revoke the old one.
  const added = await request.post(`/api/v1/organizations/${organization.id}/clients/${client.client_id}/secrets`, { headers: bearer(token) });
  expect(added.status()).toBe(201);
  const { secret, plain_secret: newSecret } = await added.json();
  expect(secret).toMatchObject({ status: "ACTIVE", secret_suffix: newSecret.slice(-4) });
  expect(secret.id).toMatch(/^sks_\d+$/);
  await clientToken(request, client.client_id, newSecret);
  const revoked = await request.delete(`/api/v1/organizations/${organization.id}/clients/${client.client_id}/secrets/${client.secrets[0]!.id}`, { headers: bearer(token) });
  expect(revoked.status()).toBe(204);
  const refused = await requestToken(request, client.client_id, plainSecret);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe("invalid_client");
  const afterRevoke = (await (await request.get(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token) })).json()).client;
  expect(afterRevoke.secrets.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[secret.id, "ACTIVE"], [client.secrets[0]!.id, "INACTIVE"]]);

  // Disable: tokens stop at once; enable again.
  const disable = await request.patch(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token), data: { status: "disabled" } });
  expect((await disable.json()).client.status).toBe("disabled");
  expect((await requestToken(request, client.client_id, newSecret)).status()).toBe(401);
  await request.patch(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token), data: { status: "active" } });
  await clientToken(request, client.client_id, newSecret);

  // Delete: gone, and its secret with it.
  const del = await request.delete(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token) });
  expect(del.status()).toBe(204);
  expect((await request.get(`/api/v1/organizations/${organization.id}/clients/${client.client_id}`, { headers: bearer(token) })).status()).toBe(404);
  expect((await requestToken(request, client.client_id, newSecret)).status()).toBe(401);

  // Every step is in the organization's audit trail, newest first.
  const audit = await request.get(`/api/v1/audit_events?organization_id=${organization.id}&action=service_principal.*`, { headers: bearer(token) });
  expect(audit.status()).toBe(200);
  const events = (await audit.json()).audit_events as { action: string; actor: { type: string; id: string } }[];
  expect(events.map((e) => e.action)).toEqual([
    "service_principal.deleted", "service_principal.enabled", "service_principal.disabled", "service_principal.updated", "service_principal.created",
  ]);
  expect(events[0]!.actor).toMatchObject({ type: "management_client", id: "skc_test_management" });
  expect(JSON.stringify(await audit.json())).not.toContain(plainSecret);
});

test("at most five active secrets; the sixth is refused with a clear error", async ({ request }) => {
  const token = await managementToken(request);
  const { organization, client } = await createOrgWithPrincipal(request, token);
  const url = `/api/v1/organizations/${organization.id}/clients/${client.client_id}/secrets`;
  for (let i = 0; i < 4; i++) expect((await request.post(url, { headers: bearer(token) })).status()).toBe(201);
  const sixth = await request.post(url, { headers: bearer(token) });
  expect(sixth.status()).toBe(409);
  const body = await sixth.json();
  expect(body).toMatchObject({ error: "limit_exceeded", details: [{ field: "secrets" }] });
  expect(body.error_description).toMatch(/at most 5 active secrets/);
  expect(sixth.headers()["x-request-id"]).toBeTruthy();
});

test("a secret can be given an expiry; past, far-off or malformed times name expire_time; an expired secret stops working", async ({ request }) => {
  const token = await managementToken(request);
  const { organization, client, plainSecret } = await createOrgWithPrincipal(request, token);
  const url = `/api/v1/organizations/${organization.id}/clients/${client.client_id}/secrets`;
  const expireTime = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const added = await request.post(url, { headers: bearer(token), data: { expire_time: expireTime } });
  expect(added.status(), await added.text()).toBe(201);
  const { secret, plain_secret } = await added.json();
  expect(secret).toMatchObject({ status: "ACTIVE", expire_time: expireTime });
  await clientToken(request, client.client_id, plain_secret);

  for (const [value, message] of [
    [new Date(Date.now() - 60_000).toISOString(), "must be in the future"],
    [new Date(Date.now() + 800 * 86_400_000).toISOString(), "must be at most 730 days from now"],
    ["next tuesday", "must be an RFC 3339 date-time"],
  ] as const) {
    const res = await request.post(url, { headers: bearer(token), data: { expire_time: value } });
    expect(res.status(), value).toBe(422);
    const body = await res.json();
    expect(body.details, value).toEqual([{ field: "expire_time", message: expect.stringContaining(message) }]);
  }
  const unknown = await request.post(url, { headers: bearer(token), data: { expires_in: 3600 } });
  expect((await unknown.json()).details).toEqual([{ field: "expires_in", message: expect.any(String) }]);

  // Time passes: the secret's expiry is behind it, and it is refused at once; the first secret still works.
  const { db } = await import("@/lib/db");
  await db.clientSecret.update({ where: { id: secret.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const refused = await requestToken(request, client.client_id, plain_secret);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe("invalid_client");
  await clientToken(request, client.client_id, plainSecret);
  // An expired secret no longer counts against the five.
  for (let i = 0; i < 4; i++) expect((await request.post(url, { headers: bearer(token) })).status()).toBe(201);
});

test("every validation error names its field", async ({ request }) => {
  const token = await managementToken(request);
  const { organization, api } = await createOrgWithPrincipal(request, token);
  const clients = `/api/v1/organizations/${organization.id}/clients`;
  const fieldsOf = async (res: APIResponse) => {
    expect(res.status(), await res.text()).toBe(422);
    const body = (await res.json()) as { error: string; details: { field: string; message: string }[] };
    expect(body.error).toBe("validation_failed");
    return body.details.map((d) => d.field);
  };

  expect(await fieldsOf(await request.post("/api/v1/organizations", { headers: bearer(token), data: {} }))).toEqual(["display_name"]);
  expect(await fieldsOf(await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "x", colour: "red" } }))).toEqual(["colour"]);
  expect(await fieldsOf(await request.patch(`/api/v1/organizations/${organization.id}`, { headers: bearer(token), data: { metadata: { "bad key": 1 } } }))).toEqual(["metadata.bad key"]);
  expect(await fieldsOf(await request.post(clients, { headers: bearer(token), data: { scopes: [api.read] } }))).toEqual(["name"]);
  expect(await fieldsOf(await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: [api.read], expiry: 10 } }))).toEqual(["expiry"]);
  expect(await fieldsOf(await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: [api.read], custom_claims: [{ key: "aud", value: "x" }] } }))).toEqual(["custom_claims.0.key"]);
  expect(await fieldsOf(await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: [api.read], secret: "mine" } }))).toEqual(["secret"]);

  const unknownScope = await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: [api.read, "payroll:admin"] } });
  expect(await fieldsOf(unknownScope)).toEqual(["scopes"]);
  expect((await unknownScope.json()).error_description).toContain("payroll:admin");
  const unknownAudience = await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: [api.read], audience: ["https://nowhere.example"] } });
  expect(await fieldsOf(unknownAudience)).toEqual(["audience"]);
  const managementScope = await request.post(clients, { headers: bearer(token), data: { name: "x", scopes: ["organizations:write"] } });
  expect(await fieldsOf(managementScope)).toEqual(["scopes"]);

  expect(await fieldsOf(await request.get("/api/v1/organizations?page_size=0", { headers: bearer(token) }))).toEqual(["page_size"]);
  expect(await fieldsOf(await request.get("/api/v1/organizations?pagesize=5", { headers: bearer(token) }))).toEqual(["pagesize"]);
  expect(await fieldsOf(await request.get("/api/v1/audit_events?since=yesterday", { headers: bearer(token) }))).toEqual(["since"]);

  const notJson = await request.post("/api/v1/organizations", { headers: { ...bearer(token), "Content-Type": "application/json" }, data: Buffer.from("{oops") });
  expect(notJson.status()).toBe(400);
  const form = await request.post("/api/v1/organizations", { headers: bearer(token), form: { display_name: "x" } });
  expect(form.status()).toBe(415);
  const huge = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "x", metadata: { big: "y".repeat(70_000) } } });
  expect(huge.status()).toBe(413);
  // Nothing half-made: the organization's principal list still holds only the first one.
  const list = await (await request.get(clients, { headers: bearer(token) })).json();
  expect(list.clients).toHaveLength(1);
});

test("tokens are required, checked and scoped", async ({ request }) => {
  const none = await request.get("/api/v1/organizations");
  expect(none.status()).toBe(401);
  expect(none.headers()["www-authenticate"]).toBe('Bearer realm="portico"');
  expect((await none.json()).error).toBe("invalid_token");
  const bad = await request.get("/api/v1/organizations", { headers: bearer("eyJhbGciOiJub25lIn0.e30.") });
  expect(bad.status()).toBe(401);
  expect(bad.headers()["www-authenticate"]).toContain('error="invalid_token"');

  const token = await managementToken(request);
  const { organization, client, plainSecret } = await createOrgWithPrincipal(request, token);
  // A service principal's token is for the vendor's APIs, not for managing Portico.
  const spToken = await clientToken(request, client.client_id, plainSecret);
  expect((await request.get(`/api/v1/organizations/${organization.id}/clients`, { headers: bearer(spToken) })).status()).toBe(401);

  const readOnly = await managementToken(request, { scope: "organizations:read clients:read" });
  expect((await request.get(`/api/v1/organizations/${organization.id}`, { headers: bearer(readOnly) })).status()).toBe(200);
  const write = await request.post(`/api/v1/organizations/${organization.id}/clients/${client.client_id}/secrets`, { headers: bearer(readOnly) });
  expect(write.status()).toBe(403);
  expect((await write.json()).error).toBe("insufficient_scope");
  expect(write.headers()["www-authenticate"]).toContain('scope="clients:write"');
  expect((await request.get("/api/v1/audit_events", { headers: bearer(readOnly) })).status()).toBe(403);
});

test("organizations: create, page through, search, update and delete", async ({ request }) => {
  const token = await managementToken(request);
  const tag = `pg${Date.now()}`;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: `${tag} ${i}`, external_id: `${tag}-${i}`, metadata: { plan: "pro" } } });
    expect(res.status()).toBe(201);
    ids.push((await res.json()).organization.id);
  }
  const dup = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: "dup", external_id: `${tag}-0` } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).details).toEqual([{ field: "external_id", message: expect.any(String) }]);

  const first = await (await request.get(`/api/v1/organizations?search=${tag}&page_size=2`, { headers: bearer(token) })).json();
  expect(first.organizations.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
  expect(first.next_cursor).toBeTruthy();
  const rest = await (await request.get(`/api/v1/organizations?search=${tag}&page_size=2&cursor=${first.next_cursor}`, { headers: bearer(token) })).json();
  expect(rest.organizations.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
  expect(rest.next_cursor).toBeNull();

  const patched = await request.patch(`/api/v1/organizations/${ids[0]}`, { headers: bearer(token), data: { display_name: "Renamed" } });
  expect((await patched.json()).organization).toMatchObject({ id: ids[0], display_name: "Renamed", metadata: { plan: "pro" } });
  expect((await request.delete(`/api/v1/organizations/${ids[0]}`, { headers: bearer(token) })).status()).toBe(204);
  expect((await request.get(`/api/v1/organizations/${ids[0]}`, { headers: bearer(token) })).status()).toBe(404);
});

test("the management API limits each client per minute: 429 rate_limited with Retry-After", async ({ request }) => {
  test.setTimeout(120_000);
  await withSecondInstance({ MANAGEMENT_RATE_LIMIT_PER_CLIENT: "2" }, async (second) => {
    // A management client of its own: the bootstrap client's requests from other tests share its counter.
    const { client, plainSecret } = await createEnvironmentClient(operatorContext(), { name: "Rate-limited backend", scopes: ["organizations:read"], allow_any_organization: true });
    const token = await clientToken(request, client.client_id, plainSecret);
    await awayFromWindowEdge();
    const list = () => fetch(`${second.url}/api/v1/organizations?page_size=1`, { headers: bearer(token) });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: "rate_limited", error_description: expect.stringMatching(/^Too many requests: try again in \d+ s$/) });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("x-request-id")).toBeTruthy();
  });
});
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
