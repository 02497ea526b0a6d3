import { z } from "zod";
import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { MANAGEMENT_SCOPE_DESCRIPTIONS } from "@/lib/scope-catalog/builtin";
import type { ApiOperation, ApiResponse } from "./define";
import { directoryOperations } from "./routes/directory";
import { domainOperations } from "./routes/domains";
import { eventOperations } from "./routes/events";
import { managementOperations } from "./routes/management";
import { oauthOperations } from "./routes/oauth";
import { ssoOperations } from "./routes/sso";
import { apiSchemas, errorSchema } from "./views";

// The OpenAPI 3.1 document of Portico's HTTP API (GET /api/v1/openapi.json, rendered at /docs/api),
// built from the zod schemas the route handlers parse with (z.toJSONSchema).
//
// A new area joins with a few lines: write lib/openapi/routes/<area>.ts exporting
// `defineOperations([...])` (one entry per route: method, path, scope, the route's own zod schemas for
// params, query and body, and its responses, adding any new response views to ./views.ts), then spread
// it into API_OPERATIONS below and, for a new section, name it in TAGS. lib/openapi/openapi.test.ts
// then checks the document with a third-party validator and that every route file under app/api/v1
// is described.

export const API_OPERATIONS: ApiOperation[] = [
  ...managementOperations,
  ...domainOperations,
  ...ssoOperations,
  ...directoryOperations,
  ...eventOperations,
  ...oauthOperations,
];

export const TAGS: { name: string; description: string }[] = [
  { name: "Organizations", description: "Your customers' tenants." },
  { name: "Service principals", description: "An organization's OAuth clients (\"API clients\" in the admin portal), with up to 5 secrets each." },
  { name: "Admin portal", description: "Links that open the admin portal for an organization's admins." },
  { name: "Domains", description: "An organization's email domains, verified with a DNS TXT record, for home-realm discovery." },
  { name: "Single sign-on", description: "An organization's SAML and OIDC connections, the host app's redirect URIs, the authorization URL that starts a login, userinfo, and the endpoints the tenant's identity provider calls." },
  { name: "Directory sync", description: "An organization's SCIM directories: their tokens, the users and groups its IdP provisioned, and the provisioning log." },
  { name: "Roles", description: "The deployment's role registry, and each organization's directory group → role mappings." },
  { name: "Audit", description: "The audit trail of the organizations the client may act for." },
  { name: "Events", description: "What host apps receive, to pull: the same events webhooks deliver, and the catalog of event types." },
  { name: "Webhooks", description: "Endpoints that receive events, signed the Standard Webhooks way, with their delivery logs." },
  { name: "OAuth", description: "The token service: discovery, keys, tokens, introspection and revocation." },
];

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 204: "No content" };

/** A schema as JSON Schema (2020-12, as OpenAPI 3.1 uses): named views become component references. */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const raw = z.toJSONSchema(schema, { io, metadata: apiSchemas, unrepresentable: "any", target: "draft-2020-12" });
  const converted = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  const defs = (converted.$defs ?? {}) as Json;
  delete converted.$defs;
  delete converted.$schema;
  for (const [name, def] of Object.entries(defs)) components[name] ??= tidy(def as Json);
  return tidy(converted);
}

/** Drops what only clutters the document: zod's long date-time pattern next to format: date-time. */
function tidy(node: Json): Json {
  if (node.format === "date-time") delete node.pattern;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((v) => { if (v && typeof v === "object") tidy(v as Json); });
    else if (value && typeof value === "object") tidy(value as Json);
  }
  return node;
}

function parameters(op: ApiOperation, components: Json): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, "input", components);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((json.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = property;
      out.push({ name, in: where, required: where === "path" || required.has(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  return out;
}

function response(status: number, value: ApiResponse | string, components: Json): Json {
  const r: ApiResponse = typeof value === "string" ? { description: value, ...(status >= 400 ? { schema: errorSchema } : {}) } : value;
  return {
    description: r.description || STATUS_TEXT[status] || "",
    ...(r.schema ? { content: { [r.contentType ?? "application/json"]: { schema: jsonSchema(r.schema, "output", components) } } } : {}),
    ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
  };
}

function operation(op: ApiOperation, components: Json): Json {
  // Client authentication is Basic (client_secret_basic) or client_id/client_secret in the body
  // (client_secret_post, which OpenAPI has no scheme for: hence the empty alternative).
  const security = op.auth === "none" ? [] : op.auth === "client" ? [{ clientBasic: [] }, {}] : op.auth === "user" ? [{ userAccessToken: [] }] : [{ management: [op.auth.scope] }];
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(typeof op.auth === "object" ? { "x-required-scope": op.auth.scope } : {}),
    security,
    ...(op.params || op.query ? { parameters: parameters(op, components) } : {}),
    ...(op.body ? {
      requestBody: {
        required: op.body.required ?? true,
        content: Object.fromEntries((op.body.contentTypes ?? ["application/json"]).map((type) => [type, { schema: jsonSchema(op.body!.schema, "input", components) }])),
      },
    } : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, response(Number(status), r, components)])),
  };
}

/** The document, for a deployment at `serverUrl` (its PUBLIC_URL). */
export function openApiDocument(serverUrl: string, version: string): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const op of API_OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation(op, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Portico API",
      version,
      description:
        "The management API that your app's backend calls (organizations, service principals, portal links, domains, SSO connections, directory sync, roles, audit events, events and webhooks), " +
        "the OAuth token service and the single sign-on flow. Management calls take a bearer token from /oauth/token for an environment client with management scopes; " +
        "errors are { error, error_description, details? } with details naming each field.",
    },
    servers: [{ url: serverUrl }],
    tags: TAGS,
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        management: {
          type: "oauth2",
          description: "A token for an environment-level client with management scopes, audience <server>/api/v1.",
          flows: { clientCredentials: { tokenUrl: `${serverUrl}/oauth/token`, scopes: Object.fromEntries(MANAGEMENT_SCOPES.map((s) => [s, MANAGEMENT_SCOPE_DESCRIPTIONS[s]])) } },
        },
        userAccessToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from the authorization code grant (an SSO user's login)" },
        clientBasic: { type: "http", scheme: "basic", description: "client_secret_basic: the client id and secret as Basic credentials (or client_secret_post: both in the body)" },
      },
    },
  };
}
