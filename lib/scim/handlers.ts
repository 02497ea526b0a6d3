import { createGroup, deleteGroup, getGroup, listGroups, updateGroup, type GroupRecord } from "@/lib/directory/groups";
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserRecord } from "@/lib/directory/users";
import type { DirectoryGroup } from "@/lib/generated/prisma/client";
import { invalidValue, preconditionFailed, scimNotFound } from "./errors";
import { parseScimFilter } from "./filter";
import { filterToSql } from "./filter-sql";
import type { ScimCall, ScimResult } from "./http";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";
import { applyPatch, parsePatch, splitGroupOperations } from "./patch";
import { parseProjection, project, wants, type Projection } from "./projection";
import { etagOf, listResponse, renderGroup, renderUser, type StoredResource } from "./render";
import { documentFromBody, type Document } from "./resource";
import type { ResourceTypeName } from "./schema";

// The /Users and /Groups operations (RFC 7644 §3): parse the protocol's input, call lib/directory, shape
// the output. Every write is one transaction in lib/directory.

type IdParams = { directory_id: string; id: string };

function integerParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return null;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw invalidValue(`${name} must be an integer`);
  return Number(raw);
}

/** startIndex (1-based, below 1 read as 1) and count (below 0 read as 0, capped at MAX_PAGE_SIZE), RFC 7644 §3.4.2.4. */
function paging(url: URL): { startIndex: number; count: number } {
  const startIndex = Math.max(1, integerParam(url, "startIndex") ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, integerParam(url, "count") ?? DEFAULT_PAGE_SIZE));
  return { startIndex, count };
}

function stored(row: { id: string; resource: unknown; version: number; createdAt: Date; updatedAt: Date }): StoredResource {
  return { id: row.id, resource: row.resource as Document, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const userJson = (base: string, u: UserRecord, p: Projection) => project(renderUser(base, stored(u.row), wants(p, "groups") ? u.groups : null), p);
const groupJson = (base: string, g: GroupRecord, p: Projection) => project(renderGroup(base, stored(g.row), g.members), p);

/** RFC 7232 If-Match / If-None-Match against a resource's weak ETag. */
function etagMatches(header: string, version: number): boolean {
  if (header.trim() === "*") return true;
  const mine = etagOf(version).replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === mine);
}

function checkIfMatch(request: Request, version: number): void {
  const ifMatch = request.headers.get("if-match");
  if (ifMatch && !etagMatches(ifMatch, version)) throw preconditionFailed();
}

function resourceHeaders(base: string, type: ResourceTypeName, id: string, version: number): Record<string, string> {
  return { ETag: etagOf(version), "Content-Location": `${base}/${type}s/${id}` };
}

function listFilter(type: ResourceTypeName, call: ScimCall<{ directory_id: string }>) {
  const text = call.url.searchParams.get("filter");
  return text === null ? null : filterToSql({ type, directoryId: call.scope.directory.id }, parseScimFilter(type, text));
}

/**
 * PUT replaces the resource, but a PUT that leaves out externalId keeps it: it is the IdP's own id for the
 * resource (Okta's PUT bodies omit it), not a profile attribute, and losing it would cut the host app's link.
 */
function keepExternalId(next: Document, current: Document): Document {
  return next.externalId === undefined && current.externalId !== undefined ? { ...next, externalId: current.externalId } : next;
}

// ─── Users ───

export async function listUsersHandler(call: ScimCall<{ directory_id: string }>): Promise<ScimResult> {
  const { startIndex, count } = paging(call.url);
  const p = parseProjection("User", call.url.searchParams);
  const where = listFilter("User", call);
  const page = await listUsers(call.scope, where, { offset: startIndex - 1, limit: count, withGroups: wants(p, "groups") });
  return { status: 200, body: listResponse(page.items.map((u) => userJson(call.base, u, p)), page.total, startIndex) };
}

export async function createUserHandler(call: ScimCall<{ directory_id: string }>): Promise<ScimResult> {
  const { document } = documentFromBody("User", call.body);
  const user = await createUser(call.scope, document);
  const p = parseProjection("User", call.url.searchParams);
  return { status: 201, body: userJson(call.base, user, p), headers: { ...resourceHeaders(call.base, "User", user.row.id, user.row.version), Location: `${call.base}/Users/${user.row.id}` } };
}

export async function getUserHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const p = parseProjection("User", call.url.searchParams);
  const user = await getUser(call.scope, call.params.id).catch(rethrowNotFound("User", call.params.id));
  const ifNoneMatch = call.request.headers.get("if-none-match");
  const headers = resourceHeaders(call.base, "User", user.row.id, user.row.version);
  if (ifNoneMatch && etagMatches(ifNoneMatch, user.row.version)) return { status: 304, headers };
  return { status: 200, body: userJson(call.base, user, p), headers };
}

export async function replaceUserHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const { document } = documentFromBody("User", call.body);
  const user = await updateUser(call.scope, call.params.id, (current) => {
    checkIfMatch(call.request, current.row.version);
    return keepExternalId(document, current.row.resource as Document);
  }).catch(rethrowNotFound("User", call.params.id));
  const p = parseProjection("User", call.url.searchParams);
  return { status: 200, body: userJson(call.base, user, p), headers: resourceHeaders(call.base, "User", user.row.id, user.row.version) };
}

export async function patchUserHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const operations = parsePatch("User", call.body);
  const user = await updateUser(call.scope, call.params.id, (current) => {
    checkIfMatch(call.request, current.row.version);
    return applyPatch(current.row.resource as Document, operations);
  }).catch(rethrowNotFound("User", call.params.id));
  const p = parseProjection("User", call.url.searchParams);
  return { status: 200, body: userJson(call.base, user, p), headers: resourceHeaders(call.base, "User", user.row.id, user.row.version) };
}

export async function deleteUserHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  await deleteUser(call.scope, call.params.id, (current) => checkIfMatch(call.request, current.row.version)).catch(rethrowNotFound("User", call.params.id));
  return { status: 204 };
}

// ─── Groups ───

export async function listGroupsHandler(call: ScimCall<{ directory_id: string }>): Promise<ScimResult> {
  const { startIndex, count } = paging(call.url);
  const p = parseProjection("Group", call.url.searchParams);
  const where = listFilter("Group", call);
  const page = await listGroups(call.scope, where, { offset: startIndex - 1, limit: count, withMembers: wants(p, "members") });
  return { status: 200, body: listResponse(page.items.map((g) => groupJson(call.base, g, p)), page.total, startIndex) };
}

export async function createGroupHandler(call: ScimCall<{ directory_id: string }>): Promise<ScimResult> {
  const { document, members } = documentFromBody("Group", call.body);
  const group = await createGroup(call.scope, document, (members ?? []).map((m) => m.value));
  const p = parseProjection("Group", call.url.searchParams);
  return { status: 201, body: groupJson(call.base, group, p), headers: { ...resourceHeaders(call.base, "Group", group.row.id, group.row.version), Location: `${call.base}/Groups/${group.row.id}` } };
}

export async function getGroupHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const p = parseProjection("Group", call.url.searchParams);
  const group = await getGroup(call.scope, call.params.id, { withMembers: wants(p, "members") }).catch(rethrowNotFound("Group", call.params.id));
  const headers = resourceHeaders(call.base, "Group", group.row.id, group.row.version);
  const ifNoneMatch = call.request.headers.get("if-none-match");
  if (ifNoneMatch && etagMatches(ifNoneMatch, group.row.version)) return { status: 304, headers };
  return { status: 200, body: groupJson(call.base, group, p), headers };
}

/** PUT replaces the group's attributes; members are replaced when the body names them (an absent `members` keeps them). */
export async function replaceGroupHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const { document, members } = documentFromBody("Group", call.body);
  const p = parseProjection("Group", call.url.searchParams);
  const group = await updateGroup(call.scope, call.params.id, {
    document: (current: DirectoryGroup) => {
      checkIfMatch(call.request, current.version);
      return keepExternalId(document, current.resource as Document);
    },
    members: members === undefined ? [] : [{ op: "replace", ids: [...new Set(members.map((m) => m.value))] }],
  }, { withMembers: wants(p, "members") }).catch(rethrowNotFound("Group", call.params.id));
  return { status: 200, body: groupJson(call.base, group, p), headers: resourceHeaders(call.base, "Group", group.row.id, group.row.version) };
}

/** 204 (what Entra ID and Okta expect for groups), or 200 with the group when `attributes` asks for it. */
export async function patchGroupHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  const { members, others } = splitGroupOperations(parsePatch("Group", call.body));
  const asked = call.url.searchParams.has("attributes") || call.url.searchParams.has("excludedAttributes");
  const p = parseProjection("Group", call.url.searchParams);
  const group = await updateGroup(call.scope, call.params.id, {
    document: (current: DirectoryGroup) => {
      checkIfMatch(call.request, current.version);
      return others.length ? applyPatch(current.resource as Document, others) : (current.resource as Document);
    },
    members,
  }, { withMembers: asked && wants(p, "members") }).catch(rethrowNotFound("Group", call.params.id));
  const headers = resourceHeaders(call.base, "Group", group.row.id, group.row.version);
  return asked ? { status: 200, body: groupJson(call.base, group, p), headers } : { status: 204, headers };
}

export async function deleteGroupHandler(call: ScimCall<IdParams>): Promise<ScimResult> {
  await deleteGroup(call.scope, call.params.id, (current) => checkIfMatch(call.request, current.version)).catch(rethrowNotFound("Group", call.params.id));
  return { status: 204 };
}

/** A DomainError "not found" becomes SCIM's 404 naming the resource. */
function rethrowNotFound(what: string, id: string) {
  return (err: unknown): never => {
    if ((err as { code?: string })?.code === "not_found" && (err as Error).message.startsWith(what)) throw scimNotFound(`${what} ${JSON.stringify(id.slice(0, 100))}`);
    throw err;
  };
}
