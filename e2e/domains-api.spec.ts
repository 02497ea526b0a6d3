import { expect, test, type APIRequestContext } from "@playwright/test";
import { db } from "@/lib/db";
import { publishTxt, removeRecords, testDomainName } from "./support/dns";
import { bearer, managementToken } from "./support/management";

// The management API's domains over real HTTP, with the app resolving DNS through the test DNS server
// (scripts/test.ts sets DNS_SERVERS and checks domains in the background every couple of seconds).

test.afterAll(() => db.$disconnect());

type Domain = { id: string; name: string; status: string; verification: { record_name: string; record_value: string }; last_check: { outcome: string; message: string } | null; failure_reason: string | null };

async function newOrganization(request: APIRequestContext, token: string, name: string): Promise<string> {
  const res = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: name, features: ["domain_verification"] } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).organization.id;
}

async function addDomain(request: APIRequestContext, token: string, orgId: string, name: string): Promise<Domain> {
  const res = await request.post(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(token), data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).domain;
}

async function getDomain(request: APIRequestContext, token: string, orgId: string, id: string): Promise<Domain> {
  const res = await request.get(`/api/v1/organizations/${orgId}/domains/${id}`, { headers: bearer(token) });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).domain;
}

test("add, list, get, verify now, remove; the record at _portico.<domain> verifies it", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await newOrganization(request, token, "Domains API Corp");
  const name = testDomainName();

  const domain = await addDomain(request, token, orgId, `${name.toUpperCase()}.`);
  expect(domain).toMatchObject({ name, status: "pending", verification: { record_type: "TXT", record_name: `_portico.${name}`, alternative_record_name: name } });
  expect(domain.verification.record_value).toMatch(/^portico-verification=[0-9a-f]{32}$/);

  const list = await (await request.get(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(token) })).json();
  expect(list.domains.map((d: Domain) => d.id)).toEqual([domain.id]);

  let res = await request.post(`/api/v1/organizations/${orgId}/domains/${domain.id}/verify`, { headers: bearer(token) });
  expect(res.status()).toBe(200);
  let checked: Domain = (await res.json()).domain;
  expect(checked.status).toBe("pending");
  expect(checked.last_check).toEqual({ outcome: "not_found", message: `No TXT record found at _portico.${name} or ${name}. DNS changes can take a while to appear.` });

  publishTxt(`_portico.${name}`, "portico-verification=ffffffffffffffffffffffffffffffff");
  checked = (await (await request.post(`/api/v1/organizations/${orgId}/domains/${domain.id}/verify`, { headers: bearer(token) })).json()).domain;
  expect(checked.last_check?.outcome).toBe("wrong_token");
  expect(checked.last_check?.message).toContain(`Found a record with another token at _portico.${name}`);

  publishTxt(`_portico.${name}`, domain.verification.record_value);
  checked = (await (await request.post(`/api/v1/organizations/${orgId}/domains/${domain.id}/verify`, { headers: bearer(token) })).json()).domain;
  expect(checked.status).toBe("verified");

  res = await request.delete(`/api/v1/organizations/${orgId}/domains/${domain.id}`, { headers: bearer(token) });
  expect(res.status()).toBe(204);
  expect((await request.get(`/api/v1/organizations/${orgId}/domains/${domain.id}`, { headers: bearer(token) })).status()).toBe(404);
  const events = await db.auditEvent.findMany({ where: { targetId: domain.id }, orderBy: { seq: "asc" } });
  expect(events.map((e) => e.action)).toEqual(["domain.created", "domain.verified", "domain.deleted"]);
  expect(events.every((e) => e.actorId === "skc_test_management" && e.requestId)).toBe(true);
});

test("the background checks verify a domain whose record appears later, and fail it when the record disappears", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await newOrganization(request, token, "Background Corp");
  const name = testDomainName("bg");
  const domain = await addDomain(request, token, orgId, name);
  publishTxt(name, domain.verification.record_value);
  await expect.poll(async () => (await getDomain(request, token, orgId, domain.id)).status, { timeout: 20_000 }).toBe("verified");

  removeRecords(name);
  await expect.poll(async () => (await getDomain(request, token, orgId, domain.id)).status, { timeout: 20_000 }).toBe("failed");
  const failed = await getDomain(request, token, orgId, domain.id);
  expect(failed.failure_reason).toMatch(/^The verification record was not found when the domain was re-verified on .* UTC\. Put the record back/);
  expect(failed.last_check?.message).toMatch(/^No TXT record found at _portico\./);
  const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: domain.id, action: "domain.verification_failed" } });
  expect(event.actorType).toBe("system");
});

test("bad names are refused with 422 naming the field, and nothing is stored", async ({ request }) => {
  const token = await managementToken(request);
  const orgId = await newOrganization(request, token, "Bad Input Corp");
  const cases: [unknown, RegExp][] = [
    [{ name: "not a domain" }, /cannot contain spaces/],
    [{ name: "203.0.113.7" }, /IP addresses cannot be verified/],
    [{ name: "*.acme.com" }, /Wildcards are not allowed/],
    [{ name: `${"x".repeat(64)}.com` }, /at most 63 characters/],
    [{ name: "gmail.com" }, /public email provider/],
    [{ name: "co.uk" }, /public suffix/],
    [{ name: "intranet" }, /full domain name with a dot/],
    [{}, /is required/],
    [{ name: 42 }, /is required|expected string/i],
  ];
  for (const [body, message] of cases) {
    const res = await request.post(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(token), data: body });
    expect(res.status(), JSON.stringify(body)).toBe(422);
    const err = await res.json();
    expect(err.error).toBe("validation_failed");
    expect(err.details[0].field).toBe("name");
    expect(err.details[0].message).toMatch(message);
  }
  const unknown = await request.post(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(token), data: { name: testDomainName(), status: "verified" } });
  expect(unknown.status()).toBe(422);
  expect((await unknown.json()).details).toEqual([{ field: "status", message: "is not a known field" }]);
  expect(await db.organizationDomain.count({ where: { organizationId: orgId } })).toBe(0);
});

test("isolation: a client limited to organization B cannot see, verify or remove A's domain, nor claim it once A verified it", async ({ request }) => {
  const admin = await managementToken(request);
  const a = await newOrganization(request, admin, "Tenant A");
  const b = await newOrganization(request, admin, "Tenant B");
  const name = testDomainName("owned");
  const domain = await addDomain(request, admin, a, name);
  const tokenB = await managementToken(request, { organization: b });
  const h = { headers: bearer(tokenB) };

  const attempts: [string, Promise<{ status(): number }>][] = [
    ["list A", request.get(`/api/v1/organizations/${a}/domains`, h)],
    ["add to A", request.post(`/api/v1/organizations/${a}/domains`, { ...h, data: { name: testDomainName() } })],
    ["get via A", request.get(`/api/v1/organizations/${a}/domains/${domain.id}`, h)],
    ["verify via A", request.post(`/api/v1/organizations/${a}/domains/${domain.id}/verify`, h)],
    ["delete via A", request.delete(`/api/v1/organizations/${a}/domains/${domain.id}`, h)],
    ["get via B", request.get(`/api/v1/organizations/${b}/domains/${domain.id}`, h)],
    ["verify via B", request.post(`/api/v1/organizations/${b}/domains/${domain.id}/verify`, h)],
    ["delete via B", request.delete(`/api/v1/organizations/${b}/domains/${domain.id}`, h)],
  ];
  for (const [what, p] of attempts) expect((await p).status(), what).toBe(404);
  expect((await (await request.get(`/api/v1/organizations/${b}/domains`, h)).json()).domains).toEqual([]);

  // B may hold a pending claim of the same name (invisible to A) …
  const claimB = await addDomain(request, tokenB, b, name);
  expect((await (await request.get(`/api/v1/organizations/${a}/domains`, { headers: bearer(admin) })).json()).domains.map((d: Domain) => d.id)).toEqual([domain.id]);
  // … until A verifies first: B's claim fails with the reason, and a new claim is refused.
  publishTxt(`_portico.${name}`, domain.verification.record_value);
  expect((await (await request.post(`/api/v1/organizations/${a}/domains/${domain.id}/verify`, { headers: bearer(admin) })).json()).domain.status).toBe("verified");
  const lost = await getDomain(request, tokenB, b, claimB.id);
  expect(lost.status).toBe("failed");
  expect(lost.failure_reason).toContain("was verified by another organization");
  expect((await request.delete(`/api/v1/organizations/${b}/domains/${claimB.id}`, h)).status()).toBe(204);
  const refused = await request.post(`/api/v1/organizations/${b}/domains`, { ...h, data: { name } });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toEqual({
    error: "conflict",
    error_description: `${name} is already verified by another organization. A domain can be verified for one organization only; if yours owns it, contact support.`,
    details: [{ field: "name", message: `${name} is already verified by another organization. A domain can be verified for one organization only; if yours owns it, contact support.` }],
  });
  expect((await getDomain(request, admin, a, domain.id)).status).toBe("verified");
});

test("scopes: domains:read lists but cannot add; other scopes see nothing", async ({ request }) => {
  const admin = await managementToken(request);
  const orgId = await newOrganization(request, admin, "Scoped Corp");
  const read = await managementToken(request, { scope: "domains:read" });
  expect((await request.get(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(read) })).status()).toBe(200);
  const add = await request.post(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(read), data: { name: testDomainName() } });
  expect(add.status()).toBe(403);
  expect((await add.json()).error).toBe("insufficient_scope");
  expect(add.headers()["www-authenticate"]).toContain('scope="domains:write"');
  const other = await managementToken(request, { scope: "organizations:read" });
  expect((await request.get(`/api/v1/organizations/${orgId}/domains`, { headers: bearer(other) })).status()).toBe(403);
});
