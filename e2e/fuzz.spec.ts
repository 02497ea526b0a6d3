// The fuzz suite (issue 10): hostile input at every route of the running app, over real HTTP.
//
// For each route family it sends a table of hostile values (e2e/support/hostile.ts: NUL, unpaired
// surrogates, broken percent-encoding, over-long and whitespace-only strings, wrong JSON types, huge
// numbers, duplicate parameters, odd content types, malformed bodies) plus seeded fast-check strings,
// into every path id, query parameter and body field, and asserts:
//   - no answer is a 5xx, and no server action answers an "internal" failure (a hidden 500);
//   - every refusal has the family's documented error shape, and a 422 names the field it is about;
//   - a value no field may accept is refused (4xx), never stored;
//   - nothing the suite's fixtures hold changed (database snapshot before/after, including the audit
//     events its callers caused: every change in Portico is audited);
//   - legitimate callers running at the same time (token requests, management reads, portal and console
//     pages) all succeed.
// Where a whole family shares one check (management path ids and query parameters, JSON bodies, the
// server-action gate, odd OAuth parameters), every route gets the core values and the rest in turn
// (inTurn), so each value still meets many routes and the suite stays near two minutes.
// It prints how many hostile requests it sent over how many routes. It runs after every other spec, on its
// own (the "fuzz" project in playwright.config.ts), so its thousands of requests do not slow them down.
//
// ADDING ROUTES (SSO next; SCIM, webhooks, events and domains are in): a few lines each.
//   - Management API or any JSON API with the management error shape: add an entry to API_ROUTES
//     (method, path with {placeholders} and the fixture value for each, the valid baseline body and the
//     kind of each field: "text-required", "text", "int", "string-array", "object", …). Path ids,
//     query parameters, fields, content types and malformed bodies are generated from it.
//     A protocol with its own error shape (SCIM's {schemas, detail, status}) adds a Shape in
//     e2e/support/fuzz.ts (judge) and uses it in its entry.
//   - A page: add it to CONSOLE_PAGES / PORTAL_PAGES / PUBLIC_PAGES with its query parameters.
//   - Server actions join by themselves: every action in the build's server-reference manifest is
//     called with hostile arguments (list one in SKIPPED_ACTIONS only if calling it changes state
//     whatever its arguments, like rotating signing keys); one that answers { code: "internal" } (an
//     exception runAction did not expect) fails the suite. Actions taking a fixture's id first get it
//     in ACTION_FIRST_IDS, so their other arguments are reached.
//   - New fixtures (a connection, a directory): create them in beforeAll and add them to the snapshot.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { hashPassword } from "@/lib/operators/passwords";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createOrganization } from "@/lib/organizations";
import { createPortalLink } from "@/lib/portal/links";
import { createPortalLinkSchema } from "@/lib/portal/schemas";
import { csrfTokenFor, PORTAL_SESSION_COOKIE } from "@/lib/portal/sessions";
import { createDirectory } from "@/lib/directory";
import { createConnection } from "@/lib/sso/connections";
import { createConnectionSchema } from "@/lib/sso/schemas";
import selfsigned from "selfsigned";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointSchema } from "@/lib/webhooks/schemas";
import { createEnvironmentClient as createEnvironmentClientTyped, createServicePrincipal as createServicePrincipalTyped } from "@/lib/service-principals";
import { createEnvironmentClientSchema, createServicePrincipalSchema } from "@/lib/service-principals/schemas";
import { createTestApi, operatorContext, uniq, viaSchema } from "@/lib/test-support/fixtures";
import { parseInput } from "@/lib/errors";
import { signInAsOperator } from "./support/console";
import {
  FuzzLedger, legitimateCallers, runCases, send, snapshotFixtures, type FuzzCase, type RawRequest, type Shape,
} from "./support/fuzz";
import {
  EMOJI_AT_LIMIT, FUZZ_SEED, HOSTILE_PATH_SEGMENTS, HOSTILE_QUERY_VALUES, MALFORMED_JSON_BODIES, NOT_INTEGERS, NOT_OBJECTS, NOT_STRING_ARRAYS,
  NOT_STRINGS, ODD_CONTENT_TYPES, ODD_STRINGS, OVER_LONG, randomHostileStrings, randomJsonValues, UNSTORABLE_STRINGS, WHITESPACE_ONLY,
} from "./support/hostile";
import { hostCtx } from "./support/portal";

const createEnvironmentClient = viaSchema(createEnvironmentClientSchema, createEnvironmentClientTyped);
const createServicePrincipal = viaSchema(createServicePrincipalSchema, createServicePrincipalTyped);

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const ledger = new FuzzLedger();
const baseUrl = () => process.env.BASE_URL ?? "http://localhost:3000";
const RANDOM = randomHostileStrings(6);

// ─────────────────────────────── fixtures ───────────────────────────────

interface Fixtures {
  orgId: string;
  orgName: string;
  principalId: string;
  principalSecret: string;
  secretId: string;
  legitPrincipalId: string;
  legitPrincipalSecret: string;
  scope: string;
  resourceId: string;
  mgmtClientIds: string[];
  mgmtTokens: string[];
  legitMgmtToken: string;
  linkId: string;
  accessToken: string;
  operatorId: string;
  operatorCookie: string;
  portalCookie: string;
  portalCsrf: string;
  portalActorId: string;
  directoryId: string;
  scimToken: string;
  webhookEndpointId: string;
  /** SSO (issue 12): a SAML connection of the suite's organization (configured, never enabled) and a host app's environment client. */
  connectionId: string;
  hostClientId: string;
  hostClientSecret: string;
  hostRedirectUri: string;
}

let f: Fixtures;

async function tokenFor(clientId: string, secret: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await send({
    method: "POST", path: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, ...extra }).toString(),
  });
  expect(res.status, res.text).toBe(200);
  return JSON.parse(res.text).access_token as string;
}

async function operatorSession(browser: Browser, email: string, password: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsOperator(page, email, password);
  const cookies = await context.cookies(baseUrl());
  await context.close();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

async function portalSession(location: string): Promise<string> {
  const url = new URL(location);
  const res = await send({ method: "GET", path: url.pathname });
  expect(res.status).toBe(303);
  const cookie = [res.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith(`${PORTAL_SESSION_COOKIE}=`));
  expect(cookie, "the link sets the portal session cookie").toBeTruthy();
  return cookie!.split(";")[0]!;
}

test.beforeAll(async ({ browser }) => {
  const stamp = uniq();
  const api = await createTestApi(`fz${stamp}`);
  const org = await createOrganization(operatorContext(), { display_name: `Fuzz org ${stamp}`, features: ["api_clients", "session_settings", "activity", "domain_verification", "dir_sync", "roles", "sso"] });
  const ctx = operatorContext();
  const principal = await createServicePrincipal(ctx, org.id, { name: "Fuzz principal", scopes: [api.read] });
  const legit = await createServicePrincipal(ctx, org.id, { name: "Fuzz legitimate caller", scopes: [api.read] });
  // Management clients of the suite's own (each client has its own rate limit; other tests keep theirs).
  const mgmt = await Promise.all(["hostile 1", "hostile 2", "hostile 3", "legitimate"].map((n) =>
    createEnvironmentClient(ctx, { name: `Fuzz management ${n} ${stamp}`, scopes: [...MANAGEMENT_SCOPES], allow_any_organization: true })));
  const directory = await createDirectory(ctx, org.id, { provider: "OTHER", name: "Fuzz directory" });
  // A webhook endpoint only for the suite's organization's deletion, which never happens: no delivery is
  // ever queued for it unless a hostile request changed something (the snapshot counts them).
  const webhook = await createWebhookEndpoint(ctx, parseInput(createWebhookEndpointSchema, {
    url: "https://hooks.fuzz.example/portico", description: "Fuzz endpoint", event_types: ["organization.deleted"], organization_ids: [org.id],
  }));
  // SSO: a configured SAML connection that stays disabled (a login naming it ends before anything is
  // stored), and a host app allowed one redirect URI, so hostile authorize parameters get past the client checks.
  const idpCert = await selfsigned.generate([{ name: "commonName", value: "Fuzz IdP" }], { keySize: 2048, algorithm: "sha256" });
  const connection = await createConnection(ctx, org.id, parseInput(createConnectionSchema, {
    provider: "OKTA", saml: { idp_entity_id: "https://idp.fuzz.example/entity", idp_sso_url: "https://idp.fuzz.example/sso", idp_certificates: [idpCert.cert] },
  }));
  const hostRedirectUri = "https://host.fuzz.example/auth/callback";
  const host = await createEnvironmentClient(ctx, { name: `Fuzz host app ${stamp}`, scopes: [], redirect_uris: [hostRedirectUri] });
  const portalActorId = `usr_fuzz_${stamp}`;
  const link = await createPortalLink(hostCtx, org.id, parseInput(createPortalLinkSchema, { kind: "shareable", actor: { id: portalActorId, email: "fuzz@host.test", name: "Fuzz" } }));
  const password = `fuzz-${stamp}-${uniq()}`;
  const email = `fuzz-${stamp}@portico.test`;
  const operator = await db.operator.create({ data: { id: newId("opr"), email, name: "Fuzz operator", role: "owner", passwordHash: await hashPassword(password) } });
  const portalCookie = await portalSession(link.location);
  const session = await db.portalSession.findFirstOrThrow({ where: { linkId: link.id }, orderBy: { createdAt: "desc" } });
  const mgmtTokens = await Promise.all(mgmt.map((m) => tokenFor(m.client.client_id, m.plainSecret)));
  f = {
    orgId: org.id, orgName: org.display_name,
    principalId: principal.client.client_id, principalSecret: principal.plainSecret, secretId: principal.client.secrets[0]!.id,
    legitPrincipalId: legit.client.client_id, legitPrincipalSecret: legit.plainSecret,
    scope: api.read, resourceId: api.id,
    mgmtClientIds: mgmt.map((m) => m.client.client_id), mgmtTokens: mgmtTokens.slice(0, 3), legitMgmtToken: mgmtTokens[3]!,
    linkId: link.id,
    accessToken: await tokenFor(principal.client.client_id, principal.plainSecret),
    operatorId: operator.id, operatorCookie: await operatorSession(browser, email, password),
    portalCookie, portalCsrf: csrfTokenFor(session.id), portalActorId,
    directoryId: directory.directory.id, scimToken: directory.plainToken,
    webhookEndpointId: webhook.endpoint.id,
    connectionId: connection.id, hostClientId: host.client.client_id, hostClientSecret: host.plainSecret, hostRedirectUri,
  };
});

test.afterAll(async () => {
  const families = new Map<string, number>();
  for (const [route, n] of ledger.sent) {
    const family = route.split(" ")[0]!;
    families.set(family, (families.get(family) ?? 0) + n);
  }
  console.log(`[fuzz] ${ledger.total} hostile requests over ${ledger.sent.size} routes (seed ${FUZZ_SEED}): ${[...families].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  await db.$disconnect();
});

const snapshot = () => snapshotFixtures({
  organizationId: f.orgId, clientIds: [...f.mgmtClientIds, f.hostClientId], resourceId: f.resourceId, directoryId: f.directoryId, webhookEndpointId: f.webhookEndpointId,
  actorIds: [...f.mgmtClientIds, f.operatorId, f.principalId, f.portalActorId],
});

/** Runs cases with legitimate callers alongside and checks nothing stored changed. */
async function fuzz(cases: FuzzCase[]): Promise<void> {
  const before = await snapshot();
  const failuresBefore = ledger.failures.length;
  const legit = legitimateCallers([
    {
      name: "token request", expect: 200,
      run: async () => (await send({ method: "POST", path: "/oauth/token", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form({ grant_type: "client_credentials", client_id: f.legitPrincipalId, client_secret: f.legitPrincipalSecret }) })).status,
    },
    { name: "management read", expect: 200, run: async () => (await send({ method: "GET", path: `/api/v1/organizations/${f.orgId}`, headers: { authorization: `Bearer ${f.legitMgmtToken}` } })).status },
    { name: "portal session", expect: 200, run: async () => (await send({ method: "GET", path: "/portal/session", headers: { cookie: f.portalCookie } })).status },
    { name: "SCIM list", expect: 200, run: async () => (await send({ method: "GET", path: `/directory/${f.directoryId}/scim/v2/Users?count=1`, headers: { authorization: `Bearer ${f.scimToken}` } })).status },
  ]);
  await runCases(cases, ledger);
  const { made, failures } = await legit.stop();
  const problems = ledger.failures.slice(failuresBefore);
  expect(problems.slice(0, 40), `${problems.length} of ${cases.length} hostile requests misbehaved`).toEqual([]);
  expect(failures, `legitimate callers failed while hostile requests ran (${made} calls)`).toEqual([]);
  expect(made).toBeGreaterThan(0);
  expect(await snapshot(), "nothing stored changed").toEqual(before);
}

// ─────────────────────────────── encodings ───────────────────────────────

/** Percent-encodes as WTF-8: an unpaired surrogate becomes the three bytes a careless encoder sends (ED A0 80). */
function pct(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const bytes = pair ? Buffer.from(value.slice(i, i + 2), "utf8")
      : c >= 0xd800 && c <= 0xdfff ? Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)])
      : Buffer.from(value[i]!, "utf8");
    if (pair) i++;
    for (const b of bytes) out += /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The values every route gets (`core`: each kind of value that once cost a 500) and `extra` more of the
 * rest, taken in turn from one call to the next, so every value still meets many routes of a family that
 * shares one check (the management wrapper, the JSON body reader, the server-action gate) while the suite
 * stays near two minutes.
 */
function inTurn<T>(all: readonly T[], core: (value: T) => boolean, extra: number): T[] {
  const rest = all.filter((v) => !core(v));
  const turn = (turns.get(all) ?? 0);
  turns.set(all, turn + extra);
  return [...all.filter(core), ...Array.from({ length: Math.min(extra, rest.length) }, (_, i) => rest[(turn + i) % rest.length]!)];
}
const turns = new Map<readonly unknown[], number>();
const CORE_SEGMENT = (s: string) => /%00|%E0%A4%A$|%ED%A0%80|^9{19}$/.test(s) || s.length > 1_000;
const CORE_QUERY_VALUE = (s: string) => /%00|%E0%A4%A$|^0000-|^9{19}$/.test(s) || s.length > 1_000;
const CORE_BODY = (s: string) => s === "{" || s === "null" || s.length > 1_000;

const form = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&");
const show = (v: unknown) => {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…(${s.length})` : s;
};

// ─────────────────────────────── management API ───────────────────────────────

type FieldKind = "text-required" | "text" | "text-nullable" | "token" | "int" | "string-array" | "object" | "claims" | "datetime" | "since" | "enum" | "actor" | "bool";

interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** With {placeholders}, each filled from `params`. */
  path: string;
  params?: Record<string, () => string>;
  /** Query parameters of a read (mutated one at a time). */
  query?: string[];
  /** A valid body; each field is mutated in turn with the values of its kind. */
  body?: () => Record<string, unknown>;
  fields?: Record<string, FieldKind>;
  /** DELETE and the like: only hostile ids are sent, never a request that could succeed. */
  destructive?: boolean;
  shape?: Shape;
}

const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/api/v1/organizations", query: ["search", "page_size", "cursor", "page_token"] },
  {
    method: "POST", path: "/api/v1/organizations", body: () => ({ display_name: "Fuzz never created" }),
    fields: { display_name: "text-required", external_id: "token", metadata: "object", features: "string-array" },
  },
  { method: "GET", path: "/api/v1/organizations/{id}", params: { id: () => f.orgId } },
  {
    method: "PATCH", path: "/api/v1/organizations/{id}", params: { id: () => f.orgId }, body: () => ({}),
    fields: { display_name: "text-required", external_id: "token", metadata: "object", features: "string-array" },
  },
  { method: "DELETE", path: "/api/v1/organizations/{id}", params: { id: () => f.orgId }, destructive: true },
  { method: "GET", path: "/api/v1/organizations/{id}/clients", params: { id: () => f.orgId } },
  {
    method: "POST", path: "/api/v1/organizations/{id}/clients", params: { id: () => f.orgId }, body: () => ({ name: "Fuzz never created", scopes: [f.scope] }),
    fields: { name: "text-required", description: "text", scopes: "string-array", audience: "string-array", expiry: "int", custom_claims: "claims" },
  },
  { method: "GET", path: "/api/v1/organizations/{id}/clients/{client_id}", params: { id: () => f.orgId, client_id: () => f.principalId } },
  {
    method: "PATCH", path: "/api/v1/organizations/{id}/clients/{client_id}", params: { id: () => f.orgId, client_id: () => f.principalId }, body: () => ({}),
    fields: { name: "text-required", description: "text", scopes: "string-array", audience: "string-array", expiry: "int", custom_claims: "claims", status: "enum" },
  },
  { method: "DELETE", path: "/api/v1/organizations/{id}/clients/{client_id}", params: { id: () => f.orgId, client_id: () => f.principalId }, destructive: true },
  {
    method: "POST", path: "/api/v1/organizations/{id}/clients/{client_id}/secrets", params: { id: () => f.orgId, client_id: () => f.principalId },
    body: () => ({ expire_time: new Date(Date.now() + 86_400_000).toISOString() }), fields: { expire_time: "datetime" }, destructive: true,
  },
  {
    method: "DELETE", path: "/api/v1/organizations/{id}/clients/{client_id}/secrets/{secret_id}",
    params: { id: () => f.orgId, client_id: () => f.principalId, secret_id: () => f.secretId }, destructive: true,
  },
  {
    method: "PUT", path: "/api/v1/organizations/{id}/portal_links", params: { id: () => f.orgId }, body: () => ({ kind: "shareable" }),
    fields: { kind: "enum", features: "string-array", actor: "actor", show_header: "bool" }, destructive: true,
  },
  {
    method: "POST", path: "/api/v1/organizations/{id}/portal_links", params: { id: () => f.orgId }, body: () => ({ kind: "embedded" }),
    fields: { kind: "enum", features: "string-array", actor: "actor", show_header: "bool" }, destructive: true,
  },
  { method: "GET", path: "/api/v1/organizations/{id}/portal_links", params: { id: () => f.orgId } },
  { method: "DELETE", path: "/api/v1/organizations/{id}/portal_links/{link_id}", params: { id: () => f.orgId, link_id: () => f.linkId }, destructive: true },
  { method: "GET", path: "/api/v1/audit_events", query: ["organization_id", "action", "actor", "target", "since", "until", "search", "cursor", "page_size"] },
  // Domains (issue 13). The fixture's domain id is well-formed but no domain: a pending one would be
  // checked in the background and change under the snapshot.
  { method: "GET", path: "/api/v1/organizations/{id}/domains", params: { id: () => f.orgId } },
  { method: "POST", path: "/api/v1/organizations/{id}/domains", params: { id: () => f.orgId }, body: () => ({ name: `fuzz-never-added-${uniq()}.com` }), fields: { name: "text-required" } },
  { method: "GET", path: "/api/v1/organizations/{id}/domains/{domain_id}", params: { id: () => f.orgId, domain_id: () => "dom_1" } },
  { method: "DELETE", path: "/api/v1/organizations/{id}/domains/{domain_id}", params: { id: () => f.orgId, domain_id: () => "dom_1" }, destructive: true },
  { method: "POST", path: "/api/v1/organizations/{id}/domains/{domain_id}/verify", params: { id: () => f.orgId, domain_id: () => "dom_1" }, destructive: true },
  // Directory sync and roles (issue 11).
  { method: "GET", path: "/api/v1/organizations/{id}/directories", params: { id: () => f.orgId } },
  { method: "POST", path: "/api/v1/organizations/{id}/directories", params: { id: () => f.orgId }, body: () => ({ provider: "OTHER" }), fields: { provider: "enum", name: "text-required" } },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}", params: { id: () => f.orgId, directory_id: () => f.directoryId } },
  { method: "PATCH", path: "/api/v1/organizations/{id}/directories/{directory_id}", params: { id: () => f.orgId, directory_id: () => f.directoryId }, body: () => ({}), fields: { name: "text-required", enabled: "bool", primary: "bool" } },
  { method: "POST", path: "/api/v1/organizations/{id}/directories/{directory_id}/tokens", params: { id: () => f.orgId, directory_id: () => f.directoryId }, destructive: true },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}/users", params: { id: () => f.orgId, directory_id: () => f.directoryId }, query: ["search", "cursor", "page_size", "group_id", "updated_after", "include_deleted"] },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}/users/{user_id}", params: { id: () => f.orgId, directory_id: () => f.directoryId, user_id: () => "diruser_1" } },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}/groups", params: { id: () => f.orgId, directory_id: () => f.directoryId }, query: ["search", "cursor", "page_size"] },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}/groups/{group_id}", params: { id: () => f.orgId, directory_id: () => f.directoryId, group_id: () => "dirgroup_1" } },
  { method: "GET", path: "/api/v1/organizations/{id}/directories/{directory_id}/logs", params: { id: () => f.orgId, directory_id: () => f.directoryId }, query: ["page_size", "before", "failed"] },
  { method: "GET", path: "/api/v1/organizations/{id}/role_mappings", params: { id: () => f.orgId } },
  { method: "PUT", path: "/api/v1/organizations/{id}/role_mappings/{group_id}", params: { id: () => f.orgId, group_id: () => "dirgroup_1" }, body: () => ({ role_name: "fuzz_no_such_role" }), fields: { role_name: "token" } },
  { method: "DELETE", path: "/api/v1/organizations/{id}/role_mappings/{group_id}", params: { id: () => f.orgId, group_id: () => "dirgroup_1" }, destructive: true },
  { method: "GET", path: "/api/v1/roles" },
  { method: "POST", path: "/api/v1/roles", body: () => ({ name: `fuzz_never_${uniq()}`, display_name: "Fuzz never created" }), fields: { name: "token", display_name: "text-required", description: "text" } },
  { method: "PATCH", path: "/api/v1/roles/{name}", params: { name: () => "fuzz_no_such_role" }, body: () => ({}), fields: { display_name: "text-required", description: "text", default: "bool" } },
  { method: "DELETE", path: "/api/v1/roles/{name}", params: { name: () => "fuzz_no_such_role" }, destructive: true },
  // Events (issue 9): the events API and the catalog.
  { method: "GET", path: "/api/v1/events", query: ["type", "organization_id", "since", "cursor", "page_size"] },
  { method: "GET", path: "/api/v1/event_types", query: ["webhook"] },
  // Webhook endpoints (issue 9). The suite's endpoint is real; its rotate, test and replay are sent only
  // with hostile ids or bodies, and delivery "1" is no delivery of it.
  { method: "GET", path: "/api/v1/webhook_endpoints" },
  {
    method: "POST", path: "/api/v1/webhook_endpoints", body: () => ({ url: "https://hooks.fuzz.example/never" }),
    fields: { url: "text-required", description: "text", event_types: "string-array", organization_ids: "string-array" },
  },
  { method: "GET", path: "/api/v1/webhook_endpoints/{id}", params: { id: () => f.webhookEndpointId } },
  {
    method: "PATCH", path: "/api/v1/webhook_endpoints/{id}", params: { id: () => f.webhookEndpointId }, body: () => ({}),
    fields: { url: "text-required", description: "text", event_types: "string-array", organization_ids: "string-array", status: "enum" },
  },
  { method: "DELETE", path: "/api/v1/webhook_endpoints/{id}", params: { id: () => f.webhookEndpointId }, destructive: true },
  { method: "POST", path: "/api/v1/webhook_endpoints/{id}/rotate_secret", params: { id: () => f.webhookEndpointId }, destructive: true },
  { method: "POST", path: "/api/v1/webhook_endpoints/{id}/test", params: { id: () => f.webhookEndpointId }, destructive: true },
  {
    method: "POST", path: "/api/v1/webhook_endpoints/{id}/replay", params: { id: () => f.webhookEndpointId },
    body: () => ({ since: new Date(Date.now() - 60_000).toISOString() }), fields: { since: "since" }, destructive: true,
  },
  { method: "GET", path: "/api/v1/webhook_endpoints/{id}/deliveries", params: { id: () => f.webhookEndpointId }, query: ["status", "type", "cursor", "page_size"] },
  { method: "GET", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}", params: { id: () => f.webhookEndpointId, delivery_id: () => "1" } },
  { method: "POST", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend", params: { id: () => f.webhookEndpointId, delivery_id: () => "1" }, destructive: true },
  // SSO (issue 12): connections (the suite's SAML one, never enabled) and the caller's own redirect URIs.
  // Nested saml/oidc fields are in ssoConnectionFieldCases.
  { method: "GET", path: "/api/v1/organizations/{id}/connections", params: { id: () => f.orgId } },
  {
    method: "POST", path: "/api/v1/organizations/{id}/connections", params: { id: () => f.orgId }, body: () => ({ provider: "OKTA" }),
    fields: { provider: "enum", type: "enum", attribute_mapping: "object", allowed_domains: "string-array", verified_domains_only: "bool", idp_initiated_login: "bool", saml: "object" },
  },
  { method: "GET", path: "/api/v1/organizations/{id}/connections/{connection_id}", params: { id: () => f.orgId, connection_id: () => f.connectionId } },
  {
    method: "PATCH", path: "/api/v1/organizations/{id}/connections/{connection_id}", params: { id: () => f.orgId, connection_id: () => f.connectionId }, body: () => ({}),
    fields: { provider: "enum", attribute_mapping: "object", allowed_domains: "string-array", verified_domains_only: "bool", idp_initiated_login: "bool", saml: "object", oidc: "object" },
  },
  {
    method: "PATCH", path: "/api/v1/organizations/{id}/connections/{connection_id}:enable", params: { id: () => f.orgId, connection_id: () => f.connectionId },
    body: () => ({}), fields: { skip_test: "bool" }, destructive: true,
  },
  { method: "PATCH", path: "/api/v1/organizations/{id}/connections/{connection_id}:disable", params: { id: () => f.orgId, connection_id: () => f.connectionId }, destructive: true },
  { method: "DELETE", path: "/api/v1/organizations/{id}/connections/{connection_id}", params: { id: () => f.orgId, connection_id: () => f.connectionId }, destructive: true },
  { method: "GET", path: "/api/v1/redirect_uris" },
  {
    method: "PUT", path: "/api/v1/redirect_uris", body: () => ({ redirect_uris: ["https://host.fuzz.example/never"] }),
    fields: { redirect_uris: "string-array", default_redirect_uri: "text-nullable" }, destructive: true,
  },
];

/** The nested fields of a connection (saml.*, oidc.*): each hostile value on the suite's connection (PATCH) and a new one (POST). */
function ssoConnectionFieldCases(): FuzzCase[] {
  const unstorable = [...UNSTORABLE_STRINGS, ...RANDOM.filter((r) => !isStorable(r)).slice(0, 2)];
  // (null is a valid value of these: it clears the field.)
  const text = [...unstorable, OVER_LONG.repeat(2), 42, []];
  const nested: [string, string, unknown[]][] = [
    ["saml", "metadata_url", [...text, "not a url", "http://127.0.0.1/metadata"]],
    ["saml", "metadata_xml", [...unstorable, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "<EntityDescriptor", "x".repeat(600 * 1024), 42]],
    ["saml", "idp_entity_id", text], ["saml", "idp_sso_url", [...text, "javascript:alert(1)"]],
    ["saml", "idp_certificates", [[...unstorable], ["not a certificate"], "x", [42], Array(6).fill("x")]],
    ["saml", "idp_sso_binding", ["HTTP-Artifact", ...unstorable]], ["saml", "want_response_signed", ["true", null]],
    ["oidc", "issuer", text], ["oidc", "client_id", text], ["oidc", "client_secret", [...unstorable, ""]], ["oidc", "scopes", [[...unstorable], ["a b"], "openid"]],
  ];
  const attribute = ["x\u0000", "\ud800", "e\u0007"].map((v) => ({ email: v }));
  const cases: FuzzCase[] = [];
  const push = (route: ApiRoute, field: string, value: unknown, body: Record<string, unknown>) => cases.push({
    route: routeName(route), what: `${field} = ${show(value)}`, shape: "management", field, mustReject: true,
    request: { method: route.method, path: fill(route), headers: jsonHeaders(), body: JSON.stringify(body) },
  });
  const post = API_ROUTES.find((r) => r.method === "POST" && r.path.endsWith("/connections"))!;
  const patch = API_ROUTES.find((r) => r.method === "PATCH" && r.path.endsWith("{connection_id}"))!;
  for (const [group, field, values] of nested) {
    for (const value of values) {
      const inner = { [field]: value };
      if (group === "saml") push(post, `${group}.${field}`, value, { provider: "OKTA", saml: inner });
      else push(post, `${group}.${field}`, value, { provider: "GENERIC_OIDC", oidc: inner });
      if (group === "saml") push(patch, `${group}.${field}`, value, { saml: inner });
    }
  }
  for (const mapping of attribute) push(patch, "attribute_mapping", mapping, { attribute_mapping: mapping });
  return cases;
}

/** Values no field of this kind may accept. */
function rejectedValues(kind: FieldKind): unknown[] {
  const unstorable = [...UNSTORABLE_STRINGS, ...RANDOM.slice(0, 3)];
  switch (kind) {
    case "text-required": return [...unstorable, OVER_LONG, ...WHITESPACE_ONLY, null, ...NOT_STRINGS];
    case "text": return [...unstorable, OVER_LONG, null, ...NOT_STRINGS];
    case "text-nullable": return [...unstorable, OVER_LONG, ...NOT_STRINGS];
    case "token": return [...unstorable, OVER_LONG, "has spaces", EMOJI_AT_LIMIT, ...NOT_STRINGS];
    case "int": return [...NOT_INTEGERS, null, "\ud800"];
    case "string-array": return [...NOT_STRING_ARRAYS, null, ...unstorable.map((s) => [s])];
    case "object": return [...NOT_OBJECTS, null, ...unstorable.map((s) => ({ key: s })), ...unstorable.map((s) => ({ [s]: "v" }))];
    case "claims": return ["x", {}, [{ key: "k" }], [{ key: "k", value: "v", extra: 1 }], ...unstorable.map((s) => [{ key: s, value: "v" }]), ...unstorable.map((s) => [{ key: "k", value: s }]), null];
    case "datetime": return ["0000-01-01T00:00:00Z", "yesterday", "2020-01-01T00:00:00Z", "9999-12-31T23:59:59Z", 12, true, [], ...unstorable];
    // A time in the past (replay's since): the future, year 0 and non-times are refused.
    case "since": return ["0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "yesterday", "9999-12-31T23:59:59Z", "", 12, true, [], null, ...unstorable];
    case "enum": return ["not-a-kind", "", 1, [], null, ...unstorable];
    case "actor": return ["x", [], {}, { id: "" }, { email: "not-an-email" }, { email: "a@b.test\u0000" }, { unknown: 1 }, ...unstorable.map((s) => ({ id: s })), ...unstorable.map((s) => ({ name: s }))];
    case "bool": return ["true", 1, null, [], ...unstorable];
  }
}

const fill = (route: ApiRoute, override: Record<string, string> = {}) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? route.params![name]!());
const routeName = (route: ApiRoute) => `${route.method} ${route.path}`;
let tokenTurn = 0;
const auth = () => ({ authorization: `Bearer ${f.mgmtTokens[tokenTurn++ % f.mgmtTokens.length]}` });
const jsonHeaders = () => ({ ...auth(), "content-type": "application/json" });

function apiCases(route: ApiRoute): FuzzCase[] {
  const name = routeName(route);
  const shape = route.shape ?? "management";
  const cases: FuzzCase[] = [];
  const hasBody = route.method !== "GET" && route.method !== "DELETE";
  const validBody = () => JSON.stringify(route.body?.() ?? {});
  // Path ids: every placeholder, every hostile segment (the others valid): 404 or 400, never more.
  for (const param of Object.keys(route.params ?? {})) {
    for (const segment of [...inTurn(HOSTILE_PATH_SEGMENTS, CORE_SEGMENT, 4), ...RANDOM.slice(0, 2).map(pct)]) {
      cases.push({
        route: name, what: `{${param}} = ${show(segment)}`, shape, mustReject: true,
        request: { method: route.method, path: fill(route, { [param]: segment }), headers: hasBody ? jsonHeaders() : auth(), body: hasBody ? validBody() : undefined },
      });
    }
  }
  // Query parameters of reads: each hostile value, a duplicate, and an unknown parameter.
  for (const param of route.query ?? []) {
    for (const value of inTurn(HOSTILE_QUERY_VALUES, CORE_QUERY_VALUE, 6)) {
      // (A query string's broken UTF-8, %ED%A0%80 included, decodes to U+FFFD, which is storable: only NUL must be refused.)
      const unstorable = value.includes("%00");
      cases.push({ route: name, what: `?${param}=${show(value)}`, shape, field: param, okStatuses: [200], mustReject: unstorable, request: { method: "GET", path: `${fill(route)}?${param}=${value}`, headers: auth() } });
    }
    cases.push({ route: name, what: `?${param} twice`, shape, field: param, mustReject: true, request: { method: "GET", path: `${fill(route)}?${param}=1&${param}=2`, headers: auth() } });
  }
  if (route.query) cases.push({ route: name, what: "unknown parameter", shape, field: "unknown_param", mustReject: true, request: { method: "GET", path: `${fill(route)}?unknown_param=1`, headers: auth() } });
  if (!hasBody || route.destructive && !route.fields) return cases;
  // Body fields: every value its kind must refuse; an unknown field; then whole bodies that are not JSON objects.
  for (const [field, kind] of Object.entries(route.fields ?? {})) {
    for (const value of rejectedValues(kind)) {
      cases.push({ route: name, what: `${field} = ${show(value)}`, shape, field, mustReject: true, request: { method: route.method, path: fill(route), headers: jsonHeaders(), body: JSON.stringify({ ...route.body!(), [field]: value }) } });
    }
  }
  cases.push({ route: name, what: "unknown field", shape, field: "unknown_field", mustReject: true, request: { method: route.method, path: fill(route), headers: jsonHeaders(), body: JSON.stringify({ ...route.body!(), unknown_field: 1 }) } });
  for (const body of inTurn(MALFORMED_JSON_BODIES, CORE_BODY, 2)) {
    cases.push({ route: name, what: `body ${show(body)}`, shape, mustReject: true, request: { method: route.method, path: fill(route), headers: jsonHeaders(), body } });
  }
  for (const type of inTurn(ODD_CONTENT_TYPES, (t) => t === "" || t === "text/plain", 1)) {
    cases.push({ route: name, what: `content-type ${show(type)}`, shape, mustReject: true, request: { method: route.method, path: fill(route), headers: { ...auth(), "content-type": type }, body: validBody() } });
  }
  return cases;
}

function managementAuthCases(): FuzzCase[] {
  const route = "GET /api/v1/organizations";
  const headers = ["Bearer", "Bearer ", `Bearer ${"A".repeat(10_000)}`, "Bearer a.b.c", `Bearer ${f.accessToken}`, "Basic dXNlcjpwYXNz", `Bearer ${f.mgmtTokens[0]}x`, "bearer\t x"];
  return headers.map((authorization) => ({ route, what: `Authorization ${show(authorization)}`, shape: "management" as const, mustReject: true, request: { method: "GET", path: "/api/v1/organizations", headers: { authorization } } }));
}

// ─────────────────────────────── OAuth ───────────────────────────────

interface OAuthRoute {
  path: string;
  /** Told apart in the counts when one path serves several grants. */
  label?: string;
  baseline: () => Record<string, string>;
  fields: string[];
  /** Fields a hostile value may legitimately be answered 200 for (an unreadable token is simply not active). */
  answeredOk?: string[];
}

const OAUTH_ROUTES: OAuthRoute[] = [
  {
    path: "/oauth/token", baseline: () => ({ grant_type: "client_credentials", client_id: f.principalId, client_secret: f.principalSecret }),
    fields: ["grant_type", "client_id", "client_secret", "scope", "audience", "resource", "organization"],
  },
  // The authorization code grant (issue 12): the host app's code exchange; the baseline code is no code.
  {
    path: "/oauth/token", label: "(authorization_code)", baseline: () => ({ grant_type: "authorization_code", client_id: f.hostClientId, client_secret: f.hostClientSecret, code: "not-a-code", redirect_uri: f.hostRedirectUri, code_verifier: "v".repeat(43) }),
    fields: ["code", "redirect_uri", "code_verifier"],
  },
  { path: "/oauth/introspect", baseline: () => ({ client_id: f.principalId, client_secret: f.principalSecret, token: f.accessToken }), fields: ["client_id", "client_secret", "token"], answeredOk: ["token"] },
  // The baseline token is not a token: a hostile value must never revoke anything.
  { path: "/oauth/revoke", baseline: () => ({ client_id: f.principalId, client_secret: f.principalSecret, token: "not-a-token" }), fields: ["client_id", "client_secret", "token"], answeredOk: ["token"] },
];

function oauthCases(route: OAuthRoute): FuzzCase[] {
  const name = `POST ${route.path}${route.label ? ` ${route.label}` : ""}`;
  const cases: FuzzCase[] = [];
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
  for (const field of route.fields) {
    // Whitespace-only optional parameters read as absent, which is fine; everything else is refused.
    const optional = ["scope", "audience", "resource", "organization"].includes(field);
    const ok = route.answeredOk?.includes(field) ? [200] : undefined;
    const values: [unknown, boolean][] = [
      ...[...UNSTORABLE_STRINGS, ...RANDOM, OVER_LONG, EMOJI_AT_LIMIT, ...inTurn(ODD_STRINGS, () => false, 6)].map((v): [unknown, boolean] => [v, true]),
      ...WHITESPACE_ONLY.map((v): [unknown, boolean] => [v, !optional]),
    ];
    for (const [value, reject] of values) {
      const params = { ...route.baseline(), [field]: value as string };
      cases.push({ route: name, what: `form ${field} = ${show(value)}`, shape: "oauth", mustReject: reject && !ok, okStatuses: ok ?? (reject ? undefined : [200]), request: { method: "POST", path: route.path, headers: formHeaders, body: form(params) } });
      cases.push({ route: name, what: `JSON ${field} = ${show(value)}`, shape: "oauth", mustReject: reject && !ok, okStatuses: ok ?? (reject ? undefined : [200]), request: { method: "POST", path: route.path, headers: { "content-type": "application/json" }, body: JSON.stringify(params) } });
    }
    for (const value of NOT_STRINGS) {
      cases.push({ route: name, what: `JSON ${field} = ${show(value)}`, shape: "oauth", mustReject: true, request: { method: "POST", path: route.path, headers: { "content-type": "application/json" }, body: JSON.stringify({ ...route.baseline(), [field]: value }) } });
    }
    cases.push({ route: name, what: `${field} twice`, shape: "oauth", mustReject: true, request: { method: "POST", path: route.path, headers: formHeaders, body: `${form(route.baseline())}&${pct(field)}=x&${pct(field)}=y` } });
  }
  const valid = form(route.baseline());
  for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x", ""]) {
    cases.push({ route: name, what: `content-type ${show(type)}`, shape: "oauth", mustReject: true, request: { method: "POST", path: route.path, headers: { "content-type": type }, body: valid } });
  }
  for (const body of ["{", "[]", "null", "\"str\"", "[".repeat(5_000) + "]".repeat(5_000), `client_id=${"x".repeat(20_000)}`]) {
    const type = body.startsWith("client_id") ? "application/x-www-form-urlencoded" : "application/json";
    cases.push({ route: name, what: `body ${show(body)}`, shape: "oauth", mustReject: true, request: { method: "POST", path: route.path, headers: { "content-type": type }, body } });
  }
  const basic = (s: string) => `Basic ${Buffer.from(s, "latin1").toString("base64")}`;
  for (const authorization of ["Basic %%%", basic("x\u0000:y"), basic(":"), basic(`${f.principalId}:`), basic("%E0%A4%A:x"), `Basic ${"A".repeat(10_000)}`, "Bearer x", "Basic"]) {
    cases.push({ route: name, what: `Authorization ${show(authorization)}`, shape: "oauth", mustReject: true, request: { method: "POST", path: route.path, headers: { ...formHeaders, authorization }, body: route.path === "/oauth/token" ? "grant_type=client_credentials" : "token=x" } });
  }
  return cases;
}

// ─────────────────────────────── the SSO login flow (issue 12) ───────────────────────────────

const AUTHORIZE_PARAMS = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "organization_id", "connection_id", "domain", "login_hint", "provider"];

/**
 * /oauth/authorize (GET and POST), the ACS, the OIDC callback, Test connection's start, SP metadata and
 * userinfo. The baseline authorization request names the suite's connection, which is not enabled: it
 * ends at the redirect URI with connection_not_active, having stored nothing.
 */
function ssoLoginCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const baseline = () => ({ response_type: "code", client_id: f.hostClientId, redirect_uri: f.hostRedirectUri, scope: "openid email", state: "fuzz-state", connection_id: f.connectionId });
  const values = [...UNSTORABLE_STRINGS, ...RANDOM.slice(0, 3), OVER_LONG, EMOJI_AT_LIMIT, ...inTurn(ODD_STRINGS, () => false, 3), "   "];
  for (const param of AUTHORIZE_PARAMS) {
    // Before the client and its redirect URI are known to be good, nothing redirects.
    const untrusted = param === "client_id" || param === "redirect_uri";
    for (const value of values) {
      const query = form({ ...baseline(), [param]: value });
      const unstorable = !isStorable(value);
      const base = { route: "GET /oauth/authorize", what: `${param} = ${show(value)}`, shape: "sso" as const, redirectUri: f.hostRedirectUri, noRedirect: untrusted, field: unstorable ? param : undefined, okStatuses: [303, 200] };
      cases.push({ ...base, request: { method: "GET", path: `/oauth/authorize?${query}` } });
      cases.push({ ...base, route: "POST /oauth/authorize", request: { method: "POST", path: "/oauth/authorize", headers: { "content-type": "application/x-www-form-urlencoded" }, body: query } });
    }
    cases.push({ route: "GET /oauth/authorize", what: `${param} twice`, shape: "sso", redirectUri: f.hostRedirectUri, noRedirect: untrusted, okStatuses: [303], request: { method: "GET", path: `/oauth/authorize?${form(baseline())}&${param}=x` } });
  }
  for (const raw of ["%E0%A4%A", "%ED%A0%80", "%", "%%00", "client_id=%00", ""]) {
    cases.push({ route: "GET /oauth/authorize", what: `query ${show(raw)}`, shape: "sso", noRedirect: true, okStatuses: [200], request: { method: "GET", path: `/oauth/authorize?client_id=${raw}` } });
  }
  for (const type of ["text/plain", "application/json", "multipart/form-data; boundary=x"]) {
    cases.push({ route: "POST /oauth/authorize", what: `content-type ${show(type)}`, shape: "sso", noRedirect: true, mustReject: true, request: { method: "POST", path: "/oauth/authorize", headers: { "content-type": type }, body: form(baseline()) } });
  }
  cases.push({ route: "POST /oauth/authorize", what: "a 40 KB body", shape: "sso", noRedirect: true, mustReject: true, request: { method: "POST", path: "/oauth/authorize", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `${form(baseline())}&state=${"x".repeat(40_000)}` } });

  // The ACS: whatever is posted, the SAML error page (4xx), never a 500. Nothing answers a sign-in request.
  const acs = (id: string) => `/sso/saml/${id}/acs`;
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  const samlResponses: [string, string][] = [
    ["not base64", "%%%not base64%%%"], ["NUL", "PHg%00+"], ["NUL in the XML", b64("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" InResponseTo=\"a\u0000b\"/>")],
    ["lone surrogate", "%ED%A0%80"], ["empty", ""], ["huge", "A".repeat(420_000)],
    ["DOCTYPE with an external entity", b64("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&x;</samlp:Response>")],
    ["billion laughs", b64(`<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i ? "b".repeat(i) : "a"};`.repeat(10)}">`).join("")}]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&bbbbbbbb;</samlp:Response>`)],
    ["InResponseTo of another connection's request", b64("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" InResponseTo=\"_fuzz\"/>")],
    ["not XML", b64("{\"json\": true}")], ["binary", Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64")],
  ];
  const relayStates = ["", "%00", "%ED%A0%80", "x".repeat(5_000), "//evil.example", "https://evil.example/", "\u0000"];
  const post = (id: string, body: string, type = "application/x-www-form-urlencoded"): RawRequest => ({ method: "POST", path: acs(id), headers: { "content-type": type }, body });
  for (const [what, value] of samlResponses) {
    const encoded = /%/.test(value) ? value : encodeURIComponent(value);
    cases.push({ route: "POST /sso/saml/{connection_id}/acs", what: `SAMLResponse ${what}`, shape: "page", mustReject: true, request: post(f.connectionId, `SAMLResponse=${encoded}`) });
  }
  for (const relay of relayStates) {
    cases.push({ route: "POST /sso/saml/{connection_id}/acs", what: `RelayState ${show(relay)}`, shape: "page", mustReject: true, request: post(f.connectionId, `SAMLResponse=${encodeURIComponent(samlResponses[8]![1])}&RelayState=${/%/.test(relay) ? relay : pct(relay)}`) });
  }
  for (const segment of HOSTILE_PATH_SEGMENTS) {
    cases.push({ route: "POST /sso/saml/{connection_id}/acs", what: `{connection_id} = ${show(segment)}`, shape: "page", mustReject: true, request: post(segment, `SAMLResponse=${encodeURIComponent(samlResponses[8]![1])}`) });
    cases.push({ route: "GET /sso/oidc/{connection_id}/callback", what: `{connection_id} = ${show(segment)}`, shape: "page", mustReject: true, request: { method: "GET", path: `/sso/oidc/${segment}/callback?state=x&code=y` } });
    cases.push({ route: "GET /sso/saml/{connection_id}/metadata", what: `{connection_id} = ${show(segment)}`, shape: "page", mustReject: true, request: { method: "GET", path: `/sso/saml/${segment}/metadata` } });
  }
  for (const [what, body, type] of [["SAMLResponse twice", "SAMLResponse=a&SAMLResponse=b", undefined], ["JSON", "{\"SAMLResponse\":\"x\"}", "application/json"], ["no body", "", undefined], ["multipart", "--b\r\n\r\n--b--", "multipart/form-data; boundary=b"]] as const) {
    cases.push({ route: "POST /sso/saml/{connection_id}/acs", what, shape: "page", mustReject: true, request: post(f.connectionId, body, type) });
  }
  // The OIDC callback: state and code of no sign-in request (the suite's connection is SAML, too).
  for (const param of ["state", "code", "error", "iss"]) {
    for (const value of [...inTurn(HOSTILE_QUERY_VALUES, CORE_QUERY_VALUE, 4), "a%00b"]) {
      cases.push({ route: "GET /sso/oidc/{connection_id}/callback", what: `?${param}=${show(value)}`, shape: "page", mustReject: true, request: { method: "GET", path: `/sso/oidc/${f.connectionId}/callback?${param === "state" ? "" : "state=s&"}${param === "code" ? "" : "code=c&"}${param}=${value}` } });
    }
  }
  // Test connection's start link: a request and token it never issued.
  for (const param of ["request", "token"]) {
    for (const value of [...inTurn(HOSTILE_QUERY_VALUES, CORE_QUERY_VALUE, 4), "a%00b"]) {
      cases.push({ route: "GET /sso/test/start", what: `?${param}=${show(value)}`, shape: "page", mustReject: true, request: { method: "GET", path: `/sso/test/start?${param === "request" ? "token=t" : "request=r"}&${param}=${value}` } });
    }
  }
  // userinfo: tokens that are not the authorization code grant's.
  for (const authorization of ["", "Bearer", "Bearer %00", `Bearer ${"A".repeat(10_000)}`, "Bearer a.b.c", `Bearer ${f.accessToken}`, "Basic dXNlcjpwYXNz"]) {
    for (const method of ["GET", "POST"]) {
      cases.push({ route: `${method} /oauth/userinfo`, what: `Authorization ${show(authorization)}`, shape: "oauth", mustReject: true, request: { method, path: "/oauth/userinfo", headers: authorization ? { authorization } : {} } });
    }
  }
  for (const body of ["access_token=%00", `access_token=${"x".repeat(20_000)}`, "access_token=a&access_token=b"]) {
    cases.push({ route: "POST /oauth/userinfo", what: `body ${show(body)}`, shape: "oauth", mustReject: true, request: { method: "POST", path: "/oauth/userinfo", headers: { "content-type": "application/x-www-form-urlencoded" }, body } });
  }
  return cases;
}

// ─────────────────────────────── SCIM (issue 11) ───────────────────────────────

function scimCases(): FuzzCase[] {
  const base = `/directory/${f.directoryId}/scim/v2`;
  const auth = { authorization: `Bearer ${f.scimToken}` };
  const headers = { ...auth, "content-type": "application/scim+json" };
  const user = () => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `fuzz-never-${uniq()}@fuzz.test`, name: { givenName: "Fuzz", familyName: "Never" }, emails: [{ value: `never-${uniq()}@fuzz.test`, primary: true }], active: true });
  const group = () => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: `Fuzz never ${uniq()}` });
  const cases: FuzzCase[] = [];
  const add = (route: string, what: string, request: RawRequest, extra: Partial<FuzzCase> = {}) => cases.push({ route: `SCIM ${route}`, what, shape: "scim", request, ...extra });
  // Queries: every hostile value in filter and paging (odd filters are 400 invalidFilter; NUL must be refused).
  const filters = ["userName eq \"a%00\"", "userName eq", "((((", "emails[value eq \"x\"", "userName eq \"%ED%A0%80\"", `userName eq "${"x".repeat(3_000)}"`, "meta.lastModified gt \"0000-01-01T00:00:00Z\""];
  for (const resource of ["Users", "Groups"]) {
    for (const param of ["filter", "startIndex", "count", "attributes", "excludedAttributes"]) {
      for (const value of [...HOSTILE_QUERY_VALUES.filter((_, i) => i % 2 === 0), "a%00b", ...(param === "filter" ? filters.map((v) => encodeURIComponent(v).replace(/%2500/g, "%00").replace(/%25ED%25A0%2580/g, "%ED%A0%80")) : [])]) {
        add(`GET /${resource}`, `?${param}=${show(value)}`, { method: "GET", path: `${base}/${resource}?${param}=${value}`, headers: auth }, { okStatuses: [200], mustReject: value.includes("%00") });
      }
    }
    for (const segment of HOSTILE_PATH_SEGMENTS) {
      add(`GET /${resource}/{id}`, `{id} = ${show(segment)}`, { method: "GET", path: `${base}/${resource}/${segment}`, headers: auth }, { mustReject: true });
      add(`PATCH /${resource}/{id}`, `{id} = ${show(segment)}`, { method: "PATCH", path: `${base}/${resource}/${segment}`, headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] }) }, { mustReject: true });
      add(`DELETE /${resource}/{id}`, `{id} = ${show(segment)}`, { method: "DELETE", path: `${base}/${resource}/${segment}`, headers: auth }, { mustReject: true });
    }
  }
  // Bodies: text the database cannot hold, anywhere in a user or group, is refused naming where it was.
  const unstorable = [...UNSTORABLE_STRINGS, ...RANDOM.filter((r) => !isStorable(r)).slice(0, 3)];
  const userFields: [string, (v: string) => Record<string, unknown>][] = [
    ["userName", (v) => ({ ...user(), userName: v })], ["externalId", (v) => ({ ...user(), externalId: v })], ["displayName", (v) => ({ ...user(), displayName: v })],
    ["name.givenName", (v) => ({ ...user(), name: { givenName: v, familyName: "x" } })], ["emails.value", (v) => ({ ...user(), emails: [{ value: v, primary: true }] })],
    ["extension key", (v) => ({ ...user(), [`urn:ietf:params:scim:schemas:extension:${v}:2.0:User`]: { department: "x" } })],
  ];
  for (const [field, body] of userFields) for (const v of unstorable) add("POST /Users", `${field} = ${show(v)}`, { method: "POST", path: `${base}/Users`, headers, body: JSON.stringify(body(v)) }, { mustReject: true });
  for (const v of unstorable) {
    add("POST /Groups", `displayName = ${show(v)}`, { method: "POST", path: `${base}/Groups`, headers, body: JSON.stringify({ ...group(), displayName: v }) }, { mustReject: true });
    add("POST /Groups", `members.value = ${show(v)}`, { method: "POST", path: `${base}/Groups`, headers, body: JSON.stringify({ ...group(), members: [{ value: v }] }) }, { mustReject: true });
    add("PATCH /Users/{id}", `Operations.path = ${show(v)}`, { method: "PATCH", path: `${base}/Users/diruser_1`, headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: v, value: "x" }] }) }, { mustReject: true });
  }
  for (const body of MALFORMED_JSON_BODIES) add("POST /Users", `body ${show(body)}`, { method: "POST", path: `${base}/Users`, headers, body }, { mustReject: true });
  for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x"]) add("POST /Users", `content-type ${show(type)}`, { method: "POST", path: `${base}/Users`, headers: { ...auth, "content-type": type }, body: JSON.stringify(user()) }, { mustReject: true });
  // Authentication: no token, a wrong one, a broken header, another directory's (made-up) id.
  for (const authorization of ["", "Bearer", "Bearer x", `Bearer ${"A".repeat(600)}`, `Basic ${Buffer.from("a:b").toString("base64")}`, `Bearer ${f.scimToken}x`]) {
    add("GET /Users", `Authorization ${show(authorization)}`, { method: "GET", path: `${base}/Users`, headers: authorization ? { authorization } : {} }, { mustReject: true });
  }
  for (const segment of HOSTILE_PATH_SEGMENTS) add("GET /directory/{directory_id}/Users", `{directory_id} = ${show(segment)}`, { method: "GET", path: `/directory/${segment}/scim/v2/Users`, headers: auth }, { mustReject: true });
  for (const path of ["ServiceProviderConfig", "Schemas", "ResourceTypes", "ResourceTypes/%00", "Schemas/%ED%A0%80", "Nope/%00"]) {
    add(`GET /${path.split("/")[0]}`, `${path}?x=%00`, { method: "GET", path: `${base}/${path}?x=%00`, headers: auth }, { okStatuses: [200] });
  }
  return cases;
}

const isStorable = (s: string) => !/[\u0000\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));

// ─────────────────────────────── pages ───────────────────────────────

interface PageRoute {
  path: string;
  /** Query parameters to fill with hostile values. */
  query?: string[];
  /** Path placeholders to fill with hostile segments. */
  params?: Record<string, () => string>;
  /** What the page says when a parameter breaks the text rule (the page names the field). */
  names?: Record<string, RegExp>;
  /** Answers other than 200 that are fine (redirects). */
  ok?: number[];
  /** JSON answers with the error shape (the audit export). */
  shape?: Shape;
}


const CONSOLE_PAGES: PageRoute[] = [
  { path: "/console" },
  { path: "/console/organizations", query: ["q", "sort", "cursor"], names: { q: /Search must not contain NUL/ } },
  { path: "/console/organizations/{id}", params: { id: () => f.orgId } },
  { path: "/console/organizations/{id}/edit", params: { id: () => f.orgId } },
  { path: "/console/organizations/new" },
  {
    path: "/console/audit", query: ["q", "actor", "action", "target", "since", "until", "organization_id", "cursor", "event"],
    names: { q: /Search: must not contain NUL/, actor: /Actor: must not contain NUL/, action: /Action: must not contain NUL/, target: /Target: must not contain NUL/, organization_id: /Organization: must not contain NUL/ },
  },
  { path: "/console/audit/export", query: ["format", "q", "actor", "action", "target", "since", "until", "organization_id"], shape: "management" },
  { path: "/console/usage", query: ["organization_id", "days", "rotation"], names: { organization_id: /Organization: must not contain NUL/ } },
  { path: "/console/operators" },
  { path: "/console/settings", ok: [307] },
  { path: "/console/settings/sessions" }, { path: "/console/settings/portal" }, { path: "/console/settings/keys" },
  { path: "/console/settings/scopes", query: ["q"] }, { path: "/console/settings/clients" }, { path: "/console/settings/roles" },
  { path: "/console/organizations/{id}/directory-sync", params: { id: () => f.orgId } },
  // The organization page's tabs (issue 14).
  { path: "/console/organizations/{id}/service-principals", params: { id: () => f.orgId } },
  { path: "/console/organizations/{id}/portal-links", params: { id: () => f.orgId } },
  { path: "/console/organizations/{id}/domains", params: { id: () => f.orgId } },
  { path: "/console/organizations/{id}/activity", params: { id: () => f.orgId }, query: ["cursor"] },
  { path: "/console/organizations/{id}/sso", params: { id: () => f.orgId } },
  { path: "/console/organizations/{id}/sso/tests/{test_id}", params: { id: () => f.orgId, test_id: () => "tst_1" } },
  { path: "/console/settings/sso" },
  // Webhooks (issue 9): the delivery log's filters are the API's, named when they cannot be a query.
  { path: "/console/webhooks" },
  {
    path: "/console/webhooks/{id}", params: { id: () => f.webhookEndpointId }, query: ["status", "type", "cursor", "delivery"],
    names: { type: /Event type: must not contain NUL/, cursor: /Page: must not contain NUL/ },
  },
  { path: "/dev/organizations/{id}", params: { id: () => f.orgId } },
];

const PORTAL_PAGES: PageRoute[] = [
  { path: "/portal" }, { path: "/portal/api-clients" }, { path: "/portal/session-settings" }, { path: "/portal/domains" },
  { path: "/portal/directory-sync" }, { path: "/portal/roles" }, { path: "/portal/sso" }, { path: "/portal/sso/tests/{id}", params: { id: () => "tst_1" } },
  { path: "/portal/activity", query: ["cursor", "kind"] }, { path: "/portal/session", query: ["activity"] },
];

const PUBLIC_PAGES: PageRoute[] = [
  { path: "/portal/l/{token}", params: { token: () => "ptl_unknown" }, ok: [303] },
  { path: "/portal/link-error", query: ["reason"] },
  { path: "/console/sign-in", query: ["callbackUrl", "error"] },
  { path: "/console/accept-invitation" }, { path: "/console/setup", ok: [307] },
  { path: "/.well-known/openid-configuration", query: ["x"] }, { path: "/.well-known/oauth-authorization-server" },
  { path: "/keys", query: ["kid"] }, { path: "/.well-known/jwks.json" }, { path: "/api/health" }, { path: "/favicon.ico" },
  { path: "/examples/embed", query: ["organization_id"] },
  { path: "/sso/test/{id}", params: { id: () => "tst_1" } }, { path: "/sso/saml/{connection_id}/metadata", params: { connection_id: () => f.connectionId }, query: ["download"] },
  { path: "/docs/api" }, { path: "/api/v1/openapi.json", query: ["x"] },
  { path: "/api/auth/signin", query: ["callbackUrl", "error"], ok: [302] }, { path: "/api/auth/session" }, { path: "/api/auth/csrf" }, { path: "/api/auth/providers" },
];

function pageCases(route: PageRoute, cookie: string | null, family: string): FuzzCase[] {
  const name = `${family} GET ${route.path}`;
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const ok = [200, 303, 307, 308, 302, ...(route.ok ?? [])];
  const shape = route.shape ?? "page";
  const fillPath = (override: Record<string, string> = {}) => route.path.replace(/\{(\w+)\}/g, (_, n: string) => override[n] ?? route.params![n]!());
  const cases: FuzzCase[] = [{ route: name, what: "hostile header values", shape: "page", okStatuses: ok, request: { method: "GET", path: fillPath(), headers: { ...headers, "user-agent": Buffer.from(EMOJI_AT_LIMIT.repeat(4)).toString("latin1"), "x-request-id": "x".repeat(500), accept: "*/*;q=\u00ff" } } }];
  for (const param of Object.keys(route.params ?? {})) {
    for (const segment of HOSTILE_PATH_SEGMENTS) cases.push({ route: name, what: `{${param}} = ${show(segment)}`, shape, okStatuses: ok, request: { method: "GET", path: fillPath({ [param]: segment }), headers } });
  }
  for (const param of route.query ?? []) {
    // Pages render (slower than an API answer): a dozen values per parameter, the NUL ones among them.
    for (const value of [...HOSTILE_QUERY_VALUES.filter((_, i) => i % 2 === 0), "a%00b", ...RANDOM.slice(0, 2).map(pct)]) {
      const unstorable = value.includes("%00") || RANDOM.some((r) => pct(r) === value && r.includes("\u0000"));
      const names = unstorable ? route.names?.[param] : undefined;
      cases.push({
        route: name, what: `?${param}=${show(value)}`, shape, field: route.shape ? param : undefined, okStatuses: ok, mustContain: names,
        request: { method: "GET", path: `${fillPath()}?${param}=${value}${route.path.endsWith("/export") && param !== "format" ? "&format=csv" : ""}`, headers },
      });
    }
    cases.push({ route: name, what: `?${param} twice`, shape: "page", okStatuses: ok, request: { method: "GET", path: `${fillPath()}?${param}=a&${param}=b`, headers } });
  }
  return cases;
}

/** GET /portal/events (the portal page's pull of its browser events): a cursor it was never given is a 422 naming `after`. */
function portalEventsCases(): FuzzCase[] {
  const route = "portal GET /portal/events";
  const headers = { cookie: f.portalCookie };
  const cases: FuzzCase[] = [];
  for (const value of [...HOSTILE_QUERY_VALUES, ...RANDOM.slice(0, 2).map(pct)]) {
    // "0" is a position (before every event); nothing else in the table is one.
    const position = value === "0";
    cases.push({ route, what: `?after=${show(value)}`, shape: "management", field: "after", mustReject: !position, okStatuses: position ? [200] : undefined, request: { method: "GET", path: `/portal/events?after=${value}`, headers } });
  }
  for (const [what, query] of [["no cursor", ""], ["after twice", "?after=1&after=2"], ["unknown parameter", "?after=1&unknown_param=1"]] as const) {
    cases.push({ route, what, shape: "management", mustReject: true, request: { method: "GET", path: `/portal/events${query}`, headers } });
  }
  // Without a session: 401, whatever the cursor.
  for (const value of ["1", "%00", "%E0%A4%A"]) cases.push({ route, what: `no session, ?after=${show(value)}`, shape: "page", mustReject: true, request: { method: "GET", path: `/portal/events?after=${value}` } });
  return cases;
}

function hostileCookieCases(): FuzzCase[] {
  const values = ["%00", "x".repeat(4_000), "pst_%E0%A4%A", "\"quoted\"", "a=b=c", ";;;", "pst_" + "A".repeat(43)];
  return values.flatMap((v) => [
    { route: "portal GET /portal (cookie)", what: `session cookie ${show(v)}`, shape: "page" as const, okStatuses: [200, 303, 307], request: { method: "GET", path: "/portal", headers: { cookie: `${PORTAL_SESSION_COOKIE}=${v}` } } },
    { route: "console GET /console (cookie)", what: `session cookie ${show(v)}`, shape: "page" as const, okStatuses: [200, 303, 307], request: { method: "GET", path: "/console", headers: { cookie: `next-auth.session-token=${v}` } } },
  ]);
}

/** Sign-in attempts with hostile emails and passwords, through next-auth's own callback. */
async function signInCases(): Promise<FuzzCase[]> {
  const csrf = await send({ method: "GET", path: "/api/auth/csrf" });
  const token = JSON.parse(csrf.text).csrfToken as string;
  const cookie = [csrf.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).join("; ");
  const values = [...UNSTORABLE_STRINGS, OVER_LONG, EMOJI_AT_LIMIT, ...WHITESPACE_ONLY, "owner@portico.test\u0000", "%E0%A4%A"];
  return values.flatMap((v) => ["email", "password"].map((field): FuzzCase => ({
    route: "public POST /api/auth/callback/credentials", what: `${field} = ${show(v)}`, shape: "page", okStatuses: [200, 302],
    request: {
      method: "POST", path: "/api/auth/callback/credentials", headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: form({ email: field === "email" ? v : `nobody-${uniq()}@portico.test`, password: field === "password" ? v : "not the password", csrfToken: token, json: "true" }),
    },
  })));
}

// ─────────────────────────────── server actions ───────────────────────────────

/** Actions whose call changes state whatever its arguments: not fuzzed (they take none). */
const SKIPPED_ACTIONS = new Set(["rotateSigningKeysAction"]);

interface ManifestAction { id: string; name: string; file: string; page: string }

function serverActions(): ManifestAction[] {
  const file = path.resolve(process.env.PORTICO_DIST_DIR || ".next", "server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { exportedName: string; filename: string; workers: Record<string, unknown> }> };
  return Object.entries(manifest.node).map(([id, a]) => ({ id, name: a.exportedName, file: a.filename, page: Object.keys(a.workers)[0]! }));
}

/** "app/console/(app)/organizations/[id]/page" → "/console/organizations/org_…" (a webhook page: the suite's endpoint) */
function pageUrl(worker: string): string {
  const path = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "");
  return path.replace(/\[id\]/g, path.startsWith("/console/webhooks/") ? f.webhookEndpointId : f.orgId) || "/";
}

/**
 * Actions whose first argument is a fixture's id and whose other arguments are input: also called with
 * that id, so hostile input reaches their schemas (never actions that change state with the id alone).
 */
const ACTION_FIRST_IDS: Record<string, () => unknown[]> = {
  updateWebhookEndpointAction: () => [f.webhookEndpointId],
  replayEventsAction: () => [f.webhookEndpointId],
  resendDeliveryAction: () => [f.webhookEndpointId],
  // SSO: the organization and the suite's connection, then the patch or the enabled flag (a truthy
  // non-boolean once disabled the connection); enabling with hostile options.
  updateConnectionAction: () => [f.orgId, f.connectionId],
  setConnectionEnabledAction: () => [f.orgId, f.connectionId],
};
const ACTION_MORE_ARGS: Record<string, () => unknown[][]> = {
  setConnectionEnabledAction: () => [[f.orgId, f.connectionId, true, { skip_test: "yes" }], [f.orgId, f.connectionId, true, "\u0000"]],
};

/** Bodies React's encodeReply never makes, as text and as multipart. */
const ACTION_BODIES = ["{", "{\"a\":1}", "\"str\"", "", "[".repeat(3_000) + "]".repeat(3_000), "[\"$Q\"]", "[{\"x\":\"$@1\"}]"];
const ACTION_MULTIPARTS: Record<string, string>[] = [{ 0: "[\"$@1\"]" }, { x: "1" }, { 0: "{" }, { 0: "[\"a\u0000\"]", 1: "\"\ud800\"" }];

function actionCases(): { cases: FuzzCase[]; actions: number } {
  const actions = serverActions().filter((a) => !SKIPPED_ACTIONS.has(a.name));
  // Never null, undefined ("$undefined") or {}: several actions take an input whose fields are all
  // optional, where those are a valid call (a portal link with the defaults), not a hostile one.
  const valid = (v: unknown) => v === null || (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);
  const hostile: unknown[] = [...UNSTORABLE_STRINGS.slice(0, 4), OVER_LONG, 42, -1e308, true, [], { $ne: 1 }, "$K1", ...randomJsonValues(8).filter((v) => !valid(v)).slice(0, 4)];
  const cases: FuzzCase[] = [];
  for (const action of actions) {
    // Portal actions live beside the portal's pages or in components/ (shared with the console): the page decides.
    const portal = action.page.startsWith("app/portal/");
    const isPublic = action.file.startsWith("app/console/(public)/");
    const url = pageUrl(action.page);
    const headers: Record<string, string> = {
      "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: new URL(baseUrl()).origin,
      ...(portal ? { cookie: f.portalCookie, "x-portico-csrf": f.portalCsrf } : isPublic ? {} : { cookie: f.operatorCookie }),
    };
    const route = `action ${action.name}`;
    const argLists: unknown[][] = [];
    const firstId = ACTION_FIRST_IDS[action.name];
    for (const h of hostile) argLists.push([h], [f.orgId, h], [f.orgId, h, h], ...(firstId ? [[...firstId(), h]] : []));
    argLists.push(...(ACTION_MORE_ARGS[action.name]?.() ?? []));
    // An empty list is a valid custom-attribute registry (it would clear the deployment's), not a hostile one.
    if (action.name === "updateSsoCustomAttributesAction") argLists.splice(0, argLists.length, ...argLists.filter((a) => !(Array.isArray(a[0]) && a[0].length === 0)));
    for (const args of argLists) cases.push({ route, what: `(${args.map(show).join(", ")})`, shape: "action", okStatuses: [200], request: { method: "POST", path: url, headers, body: JSON.stringify(args) } });
    // Bodies React's encodeReply never makes: refused before Next.js tries to decode them.
    // (The same gate for every action: two bodies each, and the others in turn.)
    for (const body of inTurn(ACTION_BODIES, (b) => b === "{" || b === "[\"$Q\"]", 1)) {
      cases.push({ route, what: `body ${show(body)}`, shape: "action", mustReject: true, request: { method: "POST", path: url, headers, body } });
    }
    for (const parts of inTurn(ACTION_MULTIPARTS, (p) => p === ACTION_MULTIPARTS[0], 1)) {
      const body = Object.entries(parts).map(([k, v]) => `--fuzzb\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + "--fuzzb--\r\n";
      const ok = "1" in parts; // well-formed: reaches the action, which refuses the values
      cases.push({ route, what: `multipart ${show(parts)}`, shape: "action", mustReject: !ok, okStatuses: ok ? [200] : undefined, request: { method: "POST", path: url, headers: { ...headers, "content-type": "multipart/form-data; boundary=fuzzb" }, body } });
    }
    cases.push({ route, what: "from another origin", shape: "action", mustReject: true, request: { method: "POST", path: url, headers: { ...headers, origin: "https://evil.example" }, body: "[]" } });
  }
  return { cases, actions: actions.length };
}

// ─────────────────────────────── the tests ───────────────────────────────

test("OAuth endpoints: hostile input fails alone with an RFC 6749 error; legitimate token requests meanwhile all succeed", async () => {
  await fuzz(OAUTH_ROUTES.flatMap(oauthCases));
});

test("a mixed concurrent burst at the token endpoint: every legitimate request succeeds, every hostile one is invalid_client", async () => {
  const hostileIds = ["x\u0000", "\ud800", "m2morg_1\u0000", `m2morg_${"9".repeat(192)}😀`];
  const requests = Array.from({ length: 60 }, (_, i) => {
    const hostile = i % 5 === 0;
    const params = hostile
      ? { grant_type: "client_credentials", client_id: hostileIds[i % hostileIds.length]!, client_secret: "s" }
      : { grant_type: "client_credentials", client_id: f.legitPrincipalId, client_secret: f.legitPrincipalSecret };
    const json = i % 2 === 0;
    const req: RawRequest = { method: "POST", path: "/oauth/token", headers: { "content-type": json ? "application/json" : "application/x-www-form-urlencoded" }, body: json ? JSON.stringify(params) : form(params) };
    return { hostile, req };
  });
  for (const r of requests) if (r.hostile) ledger.count("POST /oauth/token");
  const answers = await Promise.all(requests.map(async (r) => ({ hostile: r.hostile, res: await send(r.req) })));
  expect(answers.filter((a) => !a.hostile && a.res.status !== 200).map((a) => a.res.text)).toEqual([]);
  expect(answers.filter((a) => a.hostile).map((a) => [a.res.status, JSON.parse(a.res.text).error])).toEqual(Array(12).fill([401, "invalid_client"]));
});

test("management API: hostile ids, query parameters and fields get 404/4xx naming the field; nothing stored changes", async () => {
  await fuzz([...API_ROUTES.flatMap(apiCases), ...managementAuthCases()]);
});

test("SSO: connections, redirect URIs, the login flow (authorize, ACS, OIDC callback, test start, userinfo): 4xx in each route's own shape, never a redirect before the client is trusted; nothing stored changes", async () => {
  await fuzz([...ssoConnectionFieldCases(), ...ssoLoginCases()]);
});

test("SCIM 2.0: hostile filters, ids, bodies and tokens get a SCIM error, never a 500; nothing is provisioned", async () => {
  await fuzz(scimCases());
});

test("portal links, portal pages and public pages: no hostile value costs a 500", async () => {
  await fuzz([
    ...PUBLIC_PAGES.flatMap((p) => pageCases(p, null, "public")),
    ...PORTAL_PAGES.flatMap((p) => pageCases(p, f.portalCookie, "portal")),
    ...portalEventsCases(),
    ...hostileCookieCases(),
    ...(await signInCases()),
  ]);
});

test("console pages and the audit export: hostile filters and ids are named, not a 500", async () => {
  await fuzz(CONSOLE_PAGES.flatMap((p) => pageCases(p, f.operatorCookie, "console")));
});

test("server actions (every one in the build): hostile arguments and bodies answer below 500; another origin is refused", async () => {
  const { cases, actions } = actionCases();
  expect(actions).toBeGreaterThan(30);
  await fuzz(cases);
});
