// Integration-test helpers for SCIM: a directory with its token made through the domain, and a client
// that sends real Request objects through the same route wrappers the app's route files export.
import { createDirectory } from "@/lib/directory/directories";
import * as h from "@/lib/scim/handlers";
import { scimRoute } from "@/lib/scim/http";
import { serviceProviderConfig } from "@/lib/scim/discovery";
import { createTestOrganization, operatorContext } from "./fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

const ROUTES: [RegExp, Record<string, Handler>][] = [
  [/^\/Users$/, { GET: scimRoute(h.listUsersHandler), POST: scimRoute(h.createUserHandler) }],
  [/^\/Users\/([^/]+)$/, { GET: scimRoute(h.getUserHandler), PUT: scimRoute(h.replaceUserHandler), PATCH: scimRoute(h.patchUserHandler), DELETE: scimRoute(h.deleteUserHandler) }],
  [/^\/Groups$/, { GET: scimRoute(h.listGroupsHandler), POST: scimRoute(h.createGroupHandler) }],
  [/^\/Groups\/([^/]+)$/, { GET: scimRoute(h.getGroupHandler), PUT: scimRoute(h.replaceGroupHandler), PATCH: scimRoute(h.patchGroupHandler), DELETE: scimRoute(h.deleteGroupHandler) }],
  [/^\/ServiceProviderConfig$/, { GET: scimRoute(async ({ base }) => ({ status: 200, body: serviceProviderConfig(base) })) }],
];

export interface ScimAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export interface ScimClient {
  directoryId: string;
  organizationId: string;
  token: string;
  send(method: string, path: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string>; raw?: string; directoryId?: string }): Promise<ScimAnswer>;
}

export async function scimSend(directoryId: string, token: string | null, method: string, path: string, body?: unknown, opts: { headers?: Record<string, string>; raw?: string } = {}): Promise<ScimAnswer> {
  const [pathname] = path.split("?");
  const route = ROUTES.find(([re]) => re.test(pathname!));
  if (!route) throw new Error(`no test route for ${path}`);
  const handler = route[1][method];
  if (!handler) throw new Error(`no ${method} for ${path}`);
  const id = route[0].exec(pathname!)?.[1];
  const headers: Record<string, string> = { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...opts.headers };
  const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/scim+json";
  const request = new Request(`http://portico.test/directory/${directoryId}/scim/v2${path}`, { method, headers, body: payload });
  const response = await handler(request, { params: Promise.resolve({ directory_id: directoryId, ...(id ? { id: decodeURIComponent(id) } : {}) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function createScimDirectory(provider: "OKTA" | "MICROSOFT_AD" | "OTHER" = "OKTA"): Promise<ScimClient> {
  const org = await createTestOrganization("SCIM org");
  const { directory, plainToken } = await createDirectory(operatorContext(), org.id, { provider });
  return {
    directoryId: directory.id, organizationId: org.id, token: plainToken,
    send: (method, path, body, opts = {}) => scimSend(opts.directoryId ?? directory.id, opts.token === undefined ? plainToken : opts.token, method, path, body, opts),
  };
}
