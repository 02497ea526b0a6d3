// SCIM over real HTTP for end-to-end tests: a directory made through the management API, a client that
// sends requests to its endpoint with its bearer token (as Okta and Entra ID do), and the fixtures of
// e2e/fixtures/scim with the ids they name replaced by real ones.
import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { bearer } from "./management";

const FIXTURES = path.resolve("e2e/fixtures/scim");

export function fixture(name: string, ids: Record<string, string> = {}): unknown {
  let text = fs.readFileSync(path.join(FIXTURES, name), "utf8");
  for (const [from, to] of Object.entries(ids)) text = text.split(from).join(to);
  return JSON.parse(text);
}

export interface ScimDirectory {
  id: string;
  endpoint: string;
  token: string;
}

export async function createDirectoryOverApi(request: APIRequestContext, managementToken: string, organizationId: string, provider = "OKTA"): Promise<ScimDirectory> {
  const res = await request.post(`/api/v1/organizations/${organizationId}/directories`, { headers: bearer(managementToken), data: { provider } });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  expect(body.plain_token).toMatch(/^portico_scim_[A-Za-z0-9_-]{43}$/);
  return { id: body.directory.id, endpoint: body.directory.scim_endpoint, token: body.plain_token };
}

export interface ScimCall {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string>;
}

/** One SCIM request to the directory's endpoint, as an IdP sends it (application/scim+json). */
export async function scim(request: APIRequestContext, dir: ScimDirectory, method: string, pathAndQuery: string, body?: unknown, opts: { token?: string | null; raw?: string; headers?: Record<string, string> } = {}): Promise<ScimCall> {
  const url = new URL(dir.endpoint + pathAndQuery);
  const token = opts.token === undefined ? dir.token : opts.token;
  const headers: Record<string, string> = { Accept: "application/scim+json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...opts.headers };
  const data = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (data !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/scim+json";
  const res: APIResponse = await request.fetch(url.pathname + url.search, { method, headers, data });
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : null, headers: res.headers() };
}
