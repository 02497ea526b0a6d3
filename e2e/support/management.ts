// Management API helpers for end-to-end tests: tokens from the real token endpoint and organizations
// with a service principal created over HTTP, as a host app's backend would.
import { expect, type APIRequestContext } from "@playwright/test";
import { createTestApi } from "@/lib/test-support/fixtures";
import type { ServicePrincipalView } from "@/lib/service-principals/schemas";
import type { OrganizationView } from "@/lib/organizations";
import { TEST_BOOTSTRAP } from "./bootstrap-env";

export const BOOTSTRAP_CLIENT = {
  clientId: TEST_BOOTSTRAP.BOOTSTRAP_MANAGEMENT_CLIENT_ID,
  secret: TEST_BOOTSTRAP.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET,
};

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** POST /oauth/token with client_secret_post; returns the raw response for error cases. */
export function requestToken(request: APIRequestContext, clientId: string, secret: string, extra: Record<string, string> = {}) {
  return request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret, ...extra } });
}

/** An access token for any client; fails the test when the token endpoint refuses. */
export async function clientToken(request: APIRequestContext, clientId: string, secret: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await requestToken(request, clientId, secret, extra);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token as string;
}

/**
 * A management API token of the bootstrap management client (every management scope, any
 * organization). `scope` narrows it; `organization` limits it to one organization (claim `oid`).
 */
export async function managementToken(request: APIRequestContext, opts: { scope?: string; organization?: string; clientId?: string; secret?: string } = {}): Promise<string> {
  const extra: Record<string, string> = {};
  if (opts.scope) extra.scope = opts.scope;
  if (opts.organization) extra.organization = opts.organization;
  return clientToken(request, opts.clientId ?? BOOTSTRAP_CLIENT.clientId, opts.secret ?? BOOTSTRAP_CLIENT.secret, extra);
}

export interface OrgWithPrincipal {
  organization: OrganizationView;
  client: ServicePrincipalView;
  plainSecret: string;
  /** The catalog API the principal's scopes come from (created for this test, unique names). */
  api: { audience: string; read: string; write: string };
}

/**
 * Creates an organization and a service principal through the management API. The principal holds
 * `read` (and `write` when asked) of a fresh catalog API, so tests never depend on each other's scopes.
 */
export async function createOrgWithPrincipal(request: APIRequestContext, token: string, opts: { name?: string; withWrite?: boolean } = {}): Promise<OrgWithPrincipal> {
  const api = await createTestApi();
  const orgRes = await request.post("/api/v1/organizations", { headers: bearer(token), data: { display_name: opts.name ?? `E2E org ${Date.now()}` } });
  expect(orgRes.status(), await orgRes.text()).toBe(201);
  const { organization } = await orgRes.json();
  const clientRes = await request.post(`/api/v1/organizations/${organization.id}/clients`, {
    headers: bearer(token),
    data: { name: "E2E principal", description: "made by an end-to-end test", scopes: opts.withWrite ? [api.read, api.write] : [api.read] },
  });
  expect(clientRes.status(), await clientRes.text()).toBe(201);
  const { client, plain_secret } = await clientRes.json();
  return { organization, client, plainSecret: plain_secret, api: { audience: api.audience, read: api.read, write: api.write } };
}
