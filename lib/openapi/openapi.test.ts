import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { compileErrors, validate } from "@readme/openapi-parser";
import { db } from "@/lib/db";
import { systemContext } from "@/lib/http/request-context";
import { ensureSigningKeys } from "@/lib/keys/rotation";
import { stopTokenService } from "@/lib/oauth/runtime";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";
import { authorizeQuerySchema, tokenRequestSchema, tokenResponseSchema } from "@/lib/oauth/schemas";
import { ownRedirectUrisSchema } from "@/lib/service-principals/schemas";
import { createConnectionSchema, enableConnectionSchema, updateConnectionSchema } from "@/lib/sso/schemas";
import { ORGANIZATION_FEATURES, SERVED_FEATURES } from "@/lib/organizations/features";
import { createOrganizationSchema } from "@/lib/organizations/schemas";
import { createDirectorySchema, provisioningLogQuerySchema, rotateTokenSchema, updateDirectorySchema } from "@/lib/directory/schemas";
import { eventsQuerySchema, eventTypesQuerySchema } from "@/lib/management/schemas";
import { createRoleSchema, roleMappingSchema, updateRoleSchema } from "@/lib/roles/schemas";
import { createWebhookEndpointSchema, replaySchema, updateWebhookEndpointSchema } from "@/lib/webhooks/schemas";
import { createServicePrincipal } from "@/lib/service-principals";
import { createTestApi, createTestOrganization, operatorContext } from "@/lib/test-support/fixtures";
import { API_OPERATIONS, openApiDocument } from "./index";

before(() => ensureSigningKeys());
after(async () => {
  await stopTokenService();
  await db.$disconnect();
});

const doc = () => openApiDocument("https://portico.example.com", "1.2.3");

test("the document is valid OpenAPI 3.1 for a third-party validator", async () => {
  const result = await validate(structuredClone(doc()) as never);
  assert.ok(result.valid, result.valid ? "" : compileErrors(result));
  assert.equal((doc() as { openapi: string }).openapi, "3.1.0");
});

/** Every route handler under app/api/v1, as "METHOD /path/{param}". */
function routesOnDisk(): string[] {
  const root = path.resolve("app/api/v1");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const route = `/api/v1/${path.relative(root, dir).split(path.sep).join("/")}`.replace(/\/$/, "").replace(/\[([^\]]+)\]/g, "{$1}");
        const source = fs.readFileSync(full, "utf8");
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push(`${m[1]} ${route}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

test("every management API route is in the document (new routes join lib/openapi)", () => {
  // Described once under their main method.
  const aliases = new Set(["POST /api/v1/organizations/{id}/portal_links"]);
  const documented = new Set(API_OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  const missing = routesOnDisk().filter((r) => !documented.has(r) && !aliases.has(r) && r !== "GET /api/v1/openapi.json");
  assert.deepEqual(missing, []);
  const ids = API_OPERATIONS.map((op) => op.id);
  assert.equal(new Set(ids).size, ids.length, "operation ids are unique");
});

test("request schemas are the handlers' own: the document's body for creating an organization is createOrganizationSchema", () => {
  const op = API_OPERATIONS.find((o) => o.id === "createOrganization")!;
  assert.equal(op.body?.schema, createOrganizationSchema);
  const body = (doc() as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, { items?: { enum?: string[] } }> } }> } }>> })
    .paths["/api/v1/organizations"]!.post!.requestBody.content["application/json"]!.schema;
  // Only the features this deployment serves are offered.
  assert.deepEqual(body.properties.features!.items!.enum, SERVED_FEATURES);
  assert.ok(SERVED_FEATURES.includes("api_clients") && SERVED_FEATURES.length <= ORGANIZATION_FEATURES.length);
});

test("directory sync, roles, events and webhooks are described with the schemas their handlers parse with", () => {
  const op = (id: string) => API_OPERATIONS.find((o) => o.id === id)!;
  const bodies = {
    createDirectory: createDirectorySchema, updateDirectory: updateDirectorySchema, rotateDirectoryToken: rotateTokenSchema,
    createRole: createRoleSchema, updateRole: updateRoleSchema, setRoleMapping: roleMappingSchema,
    createWebhookEndpoint: createWebhookEndpointSchema, updateWebhookEndpoint: updateWebhookEndpointSchema, replayWebhookEvents: replaySchema,
  };
  for (const [id, schema] of Object.entries(bodies)) assert.equal(op(id).body?.schema, schema, id);
  const queries = { listProvisioningLog: provisioningLogQuerySchema, listEvents: eventsQuerySchema, listEventTypes: eventTypesQuerySchema };
  for (const [id, schema] of Object.entries(queries)) assert.equal(op(id).query, schema, id);
});

test("the token request and response schemas describe what the token endpoint really takes and answers", async () => {
  const org = await createTestOrganization("OpenAPI org");
  const api = await createTestApi();
  const { client, plainSecret } = await createServicePrincipal(operatorContext(), org.id, { name: "doc bot", scopes: [api.read] });
  const form = tokenRequestSchema.parse({ grant_type: "client_credentials", client_id: client.client_id, client_secret: plainSecret, scope: api.read });
  const res = await tokenEndpoint({
    method: "POST", contentType: "application/x-www-form-urlencoded", authorization: null,
    body: new URLSearchParams(form as Record<string, string>).toString(), context: systemContext(),
  });
  assert.equal(res.status, 200, res.body);
  assert.ok(tokenResponseSchema.safeParse(JSON.parse(res.body)).success, res.body);
});

test("SSO connections, redirect URIs and the authorization flow are described with the schemas their handlers use", () => {
  const op = (id: string) => API_OPERATIONS.find((o) => o.id === id)!;
  const bodies = { createConnection: createConnectionSchema, updateConnection: updateConnectionSchema, enableConnection: enableConnectionSchema, setRedirectUris: ownRedirectUrisSchema };
  for (const [id, schema] of Object.entries(bodies)) assert.equal(op(id).body?.schema, schema, id);
  assert.equal(op("authorize").query, authorizeQuerySchema);
  const paths = (doc() as { paths: Record<string, Record<string, unknown>> }).paths;
  for (const path of ["/api/v1/organizations/{id}/connections/{connection_id}:enable", "/api/v1/organizations/{id}/connections/{connection_id}:disable"]) assert.ok(paths[path]?.patch, path);
  assert.ok(paths["/oauth/authorize"]?.get && paths["/oauth/userinfo"]?.get && paths["/sso/saml/{connection_id}/acs"]?.post, "the browser flow and the IdP-facing endpoints");
  // The token endpoint takes both grants.
  assert.ok(tokenRequestSchema.safeParse({ grant_type: "authorization_code", code: "c", redirect_uri: "https://app.test/cb" }).success);
  assert.ok(!tokenRequestSchema.safeParse({ grant_type: "authorization_code", redirect_uri: "https://app.test/cb" }).success, "code is required");
});
