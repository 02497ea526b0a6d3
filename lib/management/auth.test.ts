import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { z } from "zod";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { ApiError } from "@/lib/http/api-errors";
import { systemContext } from "@/lib/http/request-context";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { closeTokenPool } from "@/lib/oauth/pg";
import { stopTokenService } from "@/lib/oauth/runtime";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";
import { ensureScopeCatalog } from "@/lib/scope-catalog/seed";
import { createEnvironmentClient as createEnvironmentClientTyped, createServicePrincipal, updateEnvironmentClient } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext, viaSchema } from "@/lib/test-support/fixtures";
import { authenticateManagementRequest } from "./auth";
import { toApiError } from "./route";

before(async () => {
  await ensureSigningKeys();
  await ensureScopeCatalog();
});
after(async () => {
  await stopTokenService();
  await closeTokenPool();
  await db.$disconnect();
});

const ops = operatorContext();
let ip = 0;

async function tokenFor(clientId: string, secret: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await tokenEndpoint({
    method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null,
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, ...extra }).toString(),
    context: { requestId: "req_t", ip: `10.9.0.${++ip % 250}`, userAgent: "test" },
  });
  const body = JSON.parse(res.body);
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.access_token;
}

const call = (token?: string, header = token ? `Bearer ${token}` : undefined) =>
  new Request("http://localhost/api/v1/organizations", { headers: header ? { authorization: header } : {} });

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err;
  }
  assert.fail("expected an ApiError");
}

test("a management client limited to one organization reaches only that one", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const { client, plainSecret } = await createEnvironmentClient(ops, {
    name: "Tenant A backend", scopes: [...MANAGEMENT_SCOPES], organization_usage: "allow", allowed_organization_ids: [a.id],
  });
  const token = await tokenFor(client.client_id, plainSecret);
  const principal = await authenticateManagementRequest(call(token), "clients:read", { organizationId: a.id });
  assert.deepEqual(principal.organizations, [a.id]);
  assert.equal(principal.clientId, client.client_id);

  const other = await apiError(authenticateManagementRequest(call(token), "clients:read", { organizationId: b.id }));
  assert.equal(other.status, 404);
  const create = await apiError(authenticateManagementRequest(call(token), "organizations:write"));
  assert.equal(create.status, 403);
  assert.match(create.description, /cannot create organizations/);

  // Narrowed scopes: the token only carries what was asked for.
  const readOnly = await tokenFor(client.client_id, plainSecret, { scope: "clients:read" });
  const scope = await apiError(authenticateManagementRequest(call(readOnly), "clients:write", { organizationId: a.id }));
  assert.equal(scope.status, 403);
  assert.equal(scope.code, "insufficient_scope");
  assert.match(scope.headers["WWW-Authenticate"]!, /error="insufficient_scope", scope="clients:write"/);

  // Disabling the client stops its tokens at once.
  await updateEnvironmentClient(ops, client.client_id, { status: "disabled" });
  const disabled = await apiError(authenticateManagementRequest(call(token), "clients:read", { organizationId: a.id }));
  assert.equal(disabled.status, 401);
  assert.equal(disabled.code, "invalid_token");
});

test("a token naming an organization is limited to it, even for a client allowed any", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const { client, plainSecret } = await createEnvironmentClient(ops, {
    name: "Any-org backend", scopes: [...MANAGEMENT_SCOPES], organization_usage: "allow", allow_any_organization: true,
  });
  const wide = await authenticateManagementRequest(call(await tokenFor(client.client_id, plainSecret)), "organizations:write");
  assert.equal(wide.organizations, "any");
  const narrow = await tokenFor(client.client_id, plainSecret, { organization: a.id });
  assert.deepEqual((await authenticateManagementRequest(call(narrow), "clients:read", { organizationId: a.id })).organizations, [a.id]);
  assert.equal((await apiError(authenticateManagementRequest(call(narrow), "clients:read", { organizationId: b.id }))).status, 404);
});

test("missing, malformed and foreign tokens get 401 invalid_token with a Bearer challenge", async () => {
  const missing = await apiError(authenticateManagementRequest(call(), "organizations:read"));
  assert.equal(missing.status, 401);
  assert.equal(missing.headers["WWW-Authenticate"], 'Bearer realm="portico"');
  const basic = await apiError(authenticateManagementRequest(call(undefined, "Basic abc"), "organizations:read"));
  assert.equal(basic.status, 401);
  const garbage = await apiError(authenticateManagementRequest(call("not.a.jwt"), "organizations:read"));
  assert.equal(garbage.code, "invalid_token");
  assert.match(garbage.headers["WWW-Authenticate"]!, /error="invalid_token"/);

  // A service principal's token is for the vendor's APIs, not the management API.
  const org = await createTestOrganization();
  const api = await createTestApi();
  const sp = await createServicePrincipal(ops, org.id, { name: "bot", scopes: [api.read] });
  const spToken = await tokenFor(sp.client.client_id, sp.plainSecret);
  const foreign = await apiError(authenticateManagementRequest(call(spToken), "clients:read", { organizationId: org.id }));
  assert.equal(foreign.status, 401);
  assert.match(foreign.description, /audience/);
});

test("domain and validation errors map to the API's statuses, without internals", () => {
  const ctx = systemContext();
  const invalid = toApiError(new DomainError("invalid", "is not a scope in the scope catalog: x:y", "scopes"), ctx);
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.toJSON().details, [{ field: "scopes", message: "is not a scope in the scope catalog: x:y" }]);
  assert.equal(toApiError(new DomainError("not_found", "Organization not found"), ctx).status, 404);
  assert.equal(toApiError(new DomainError("conflict", "taken", "external_id"), ctx).status, 409);
  assert.equal(toApiError(new DomainError("limit_exceeded", "at most 5", "secrets"), ctx).status, 409);
  assert.equal(toApiError(new DomainError("forbidden", "no"), ctx).status, 403);
  const zod = z.object({ name: z.string() }).strict().safeParse({ name: 1, extra: true });
  const fromZod = toApiError(zod.error, ctx);
  assert.equal(fromZod.status, 422);
  assert.deepEqual(fromZod.details?.map((d) => d.field).sort(), ["extra", "name"], "an unknown field is named itself");
  const crash = toApiError(new Error("connect ECONNREFUSED 127.0.0.1:5999 (db-internal-7)"), ctx);
  assert.equal(crash.status, 500);
  assert.doesNotMatch(JSON.stringify(crash.toJSON()), /db-internal-7|127\.0\.0\.1:5999/);
  assert.match(crash.description, new RegExp(ctx.requestId));
});
import { createEnvironmentClientSchema } from "@/lib/service-principals/schemas";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
