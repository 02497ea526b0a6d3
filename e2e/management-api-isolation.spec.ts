import { expect, test, type APIRequestContext } from "@playwright/test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { createEnvironmentClient as createEnvironmentClientTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";
import { operatorContext, viaSchema } from "@/lib/test-support/fixtures";
import { bearer, clientToken, createOrgWithPrincipal, managementToken, requestToken, type OrgWithPrincipal } from "./support/management";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);

// Tenant isolation: a management client limited to organization A (an environment client allowed only
// A, or the bootstrap client's token minted for A) can neither read, change nor mint anything of B,
// through every management route, and B is left exactly as it was.

async function everyRouteIsClosed(request: APIRequestContext, token: string, a: OrgWithPrincipal, b: TenantB) {
  const h = { headers: bearer(token) };
  const B = `/api/v1/organizations/${b.organization.id}`;
  const bClient = `${B}/clients/${b.client.client_id}`;
  const bSecret = `${bClient}/secrets/${b.client.secrets[0]!.id}`;
  const attempts: [string, Promise<{ status(): number }>][] = [
    ["GET org", request.get(B, h)],
    ["PATCH org", request.patch(B, { ...h, data: { display_name: "taken over" } })],
    ["DELETE org", request.delete(B, h)],
    ["GET clients", request.get(`${B}/clients`, h)],
    ["POST client", request.post(`${B}/clients`, { ...h, data: { name: "intruder", scopes: [b.api.read] } })],
    ["GET client", request.get(bClient, h)],
    ["PATCH client", request.patch(bClient, { ...h, data: { status: "disabled" } })],
    ["DELETE client", request.delete(bClient, h)],
    ["POST secret", request.post(`${bClient}/secrets`, h)],
    ["DELETE secret", request.delete(bSecret, h)],
    ["GET audit", request.get(`/api/v1/audit_events?organization_id=${b.organization.id}`, h)],
    ["GET events", request.get(`/api/v1/events?organization_id=${b.organization.id}`, h)],
    ["PUT portal link", request.put(`${B}/portal_links`, { ...h, data: { kind: "shareable" } })],
    ["POST portal link", request.post(`${B}/portal_links`, { ...h, data: {} })],
    ["GET portal links", request.get(`${B}/portal_links`, h)],
    ["DELETE portal link", request.delete(`${B}/portal_links/${b.shareableLinkId}`, h)],
    // B's principal through A's path is not found either.
    ["GET B's client via A", request.get(`/api/v1/organizations/${a.organization.id}/clients/${b.client.client_id}`, h)],
    ["PATCH B's client via A", request.patch(`/api/v1/organizations/${a.organization.id}/clients/${b.client.client_id}`, { ...h, data: { name: "x" } })],
    ["DELETE B's client via A", request.delete(`/api/v1/organizations/${a.organization.id}/clients/${b.client.client_id}`, h)],
    ["POST secret on B's client via A", request.post(`/api/v1/organizations/${a.organization.id}/clients/${b.client.client_id}/secrets`, h)],
    ["DELETE B's secret via A", request.delete(`/api/v1/organizations/${a.organization.id}/clients/${b.client.client_id}/secrets/${b.client.secrets[0]!.id}`, h)],
  ];
  for (const [what, p] of attempts) expect((await p).status(), what).toBe(404);

  // Lists only show A; creating new organizations is refused to a tenant-limited client.
  const orgs = await (await request.get("/api/v1/organizations?page_size=100", h)).json();
  expect(orgs.organizations.map((o: { id: string }) => o.id)).toEqual([a.organization.id]);
  const events = await (await request.get("/api/v1/audit_events?page_size=200", h)).json();
  expect(events.audit_events.length).toBeGreaterThan(0);
  expect(events.audit_events.every((e: { organization_id: string }) => e.organization_id === a.organization.id)).toBe(true);
  expect((await request.post("/api/v1/organizations", { ...h, data: { display_name: "new tenant" } })).status()).toBe(403);
  // The events API too: only A's events, and webhook endpoints (deployment-wide) are out of reach.
  const hostEvents = await (await request.get("/api/v1/events?page_size=200", h)).json();
  expect(hostEvents.events.length).toBeGreaterThan(0);
  expect(hostEvents.events.every((e: { organization_id: string }) => e.organization_id === a.organization.id)).toBe(true);
  expect((await request.get("/api/v1/webhook_endpoints", h)).status()).toBe(403);
  expect((await request.post("/api/v1/webhook_endpoints", { ...h, data: { url: "https://example.com/hook" } })).status()).toBe(403);

  // A still works.
  expect((await request.get(`/api/v1/organizations/${a.organization.id}/clients/${a.client.client_id}`, h)).status()).toBe(200);
}

/** B with a shareable portal link and a live access token of its principal, made by the bootstrap client. */
async function tenantB(request: APIRequestContext, admin: string): Promise<TenantB> {
  const b = await createOrgWithPrincipal(request, admin, { name: "Tenant B" });
  const link = await request.put(`/api/v1/organizations/${b.organization.id}/portal_links`, { headers: bearer(admin), data: { kind: "shareable" } });
  expect(link.status(), await link.text()).toBe(200);
  return { ...b, shareableLinkId: (await link.json()).id, accessToken: await clientToken(request, b.client.client_id, b.plainSecret) };
}

type TenantB = OrgWithPrincipal & { shareableLinkId: string; accessToken: string };

/** The client (by id and secret) learns nothing of B's token at /oauth/introspect and cannot revoke it. */
async function bTokenIsOutOfReach(request: APIRequestContext, clientId: string, secret: string, b: TenantB) {
  const auth = { client_id: clientId, client_secret: secret, token: b.accessToken };
  const introspected = await request.post("/oauth/introspect", { form: auth });
  expect(introspected.status()).toBe(200);
  expect(await introspected.json()).toEqual({ active: false });
  const revoked = await request.post("/oauth/revoke", { form: auth });
  expect(revoked.status()).toBe(400);
  expect((await revoked.json()).error).toBe("unauthorized_client");
}

async function bIsUntouched(request: APIRequestContext, b: TenantB) {
  const admin = await managementToken(request);
  const org = await (await request.get(`/api/v1/organizations/${b.organization.id}`, { headers: bearer(admin) })).json();
  expect(org.organization.display_name).toBe(b.organization.display_name);
  const { clients } = await (await request.get(`/api/v1/organizations/${b.organization.id}/clients`, { headers: bearer(admin) })).json();
  expect(clients).toHaveLength(1);
  expect(clients[0]).toMatchObject({ client_id: b.client.client_id, name: b.client.name, status: "active" });
  expect(clients[0].secrets).toHaveLength(1);
  expect(clients[0].secrets[0].status).toBe("ACTIVE");
  await clientToken(request, b.client.client_id, b.plainSecret);
  const links = await (await request.get(`/api/v1/organizations/${b.organization.id}/portal_links`, { headers: bearer(admin) })).json();
  expect(links.portal_links.map((l: { id: string }) => l.id)).toContain(b.shareableLinkId);
  // B's token is still live: nobody else could revoke it.
  const introspected = await request.post("/oauth/introspect", { form: { client_id: b.client.client_id, client_secret: b.plainSecret, token: b.accessToken } });
  expect((await introspected.json()).active).toBe(true);
}

test("an environment client allowed only organization A cannot reach B through any route", async ({ request }) => {
  const admin = await managementToken(request);
  const a = await createOrgWithPrincipal(request, admin, { name: "Tenant A" });
  const b = await tenantB(request, admin);
  const { client, plainSecret } = await createEnvironmentClient(operatorContext(), {
    name: "Tenant A's backend", scopes: [...MANAGEMENT_SCOPES], organization_usage: "allow", allowed_organization_ids: [a.organization.id],
  });
  const token = await clientToken(request, client.client_id, plainSecret);
  await everyRouteIsClosed(request, token, a, b);

  // Nor can it mint a token for B.
  const mint = await requestToken(request, client.client_id, plainSecret, { organization: b.organization.id });
  expect(mint.status()).toBe(400);
  expect((await mint.json()).error).toBe("unauthorized_client");
  // Nor introspect or revoke B's tokens, although it holds every management scope.
  await bTokenIsOutOfReach(request, client.client_id, plainSecret, b);
  await bIsUntouched(request, b);
});

test("a management token minted for organization A is limited to A", async ({ request }) => {
  const admin = await managementToken(request);
  const a = await createOrgWithPrincipal(request, admin, { name: "Tenant A" });
  const b = await tenantB(request, admin);
  const token = await managementToken(request, { organization: a.organization.id });
  await everyRouteIsClosed(request, token, a, b);
  await bIsUntouched(request, b);
});

test("a principal's secret only mints for its own organization", async ({ request }) => {
  const admin = await managementToken(request);
  const a = await createOrgWithPrincipal(request, admin);
  const b = await tenantB(request, admin);
  await bTokenIsOutOfReach(request, a.client.client_id, a.plainSecret, b);
  const res = await requestToken(request, a.client.client_id, a.plainSecret, { organization: b.organization.id });
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toBe("invalid_request");
  // Nor can it name B's API as audience.
  const aud = await requestToken(request, a.client.client_id, a.plainSecret, { audience: b.api.audience });
  expect(aud.status()).toBe(400);
  expect((await aud.json()).error).toBe("invalid_target");
});

test("a limited client cannot learn whether another tenant uses an external_id: changing it is refused alike, taken or not", async ({ request }) => {
  const admin = await managementToken(request);
  const stamp = Date.now().toString(36);
  const a = await createOrgWithPrincipal(request, admin, { name: "Tenant A" });
  const b = await tenantB(request, admin);
  const setB = await request.patch(`/api/v1/organizations/${b.organization.id}`, { headers: bearer(admin), data: { external_id: `b-${stamp}` } });
  expect(setB.status(), await setB.text()).toBe(200);
  for (const token of [
    await managementToken(request, { organization: a.organization.id }),
    await clientToken(request, ...(await (async () => {
      const { client, plainSecret } = await createEnvironmentClient(operatorContext(), { name: "A's backend", scopes: [...MANAGEMENT_SCOPES], organization_usage: "allow", allowed_organization_ids: [a.organization.id] });
      return [client.client_id, plainSecret] as const;
    })())),
  ]) {
    const patch = (external_id: string | null) => request.patch(`/api/v1/organizations/${a.organization.id}`, { headers: bearer(token), data: { external_id } });
    const taken = await patch(`b-${stamp}`);
    const free = await patch(`free-${stamp}`);
    // The same answer whether B uses the value or nobody does: nothing to learn.
    expect([taken.status(), free.status()]).toEqual([403, 403]);
    const [takenBody, freeBody] = [await taken.json(), await free.json()];
    expect(takenBody).toEqual(freeBody);
    expect(takenBody).toMatchObject({ error: "forbidden", details: [{ field: "external_id" }] });
    // Sending back the current value (null) is not a change; other fields still change.
    const same = await request.patch(`/api/v1/organizations/${a.organization.id}`, { headers: bearer(token), data: { external_id: null, display_name: "Tenant A renamed" } });
    expect(same.status(), await same.text()).toBe(200);
  }
  // A client allowed for any organization sets it, and learns of the conflict as before.
  expect((await request.patch(`/api/v1/organizations/${a.organization.id}`, { headers: bearer(admin), data: { external_id: `b-${stamp}` } })).status()).toBe(409);
  expect((await request.patch(`/api/v1/organizations/${a.organization.id}`, { headers: bearer(admin), data: { external_id: `a-${stamp}` } })).status()).toBe(200);
});
