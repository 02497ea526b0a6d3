import type { Document } from "./resource";
import { GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA, isUrn } from "./schema";

// Stored rows → SCIM JSON (RFC 7643 §3.1 meta, §4). The base URL is the directory's SCIM endpoint.

export interface StoredResource {
  id: string;
  resource: Document;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const etagOf = (version: number) => `W/"${version}"`;

function meta(base: string, type: "User" | "Group", row: StoredResource) {
  return {
    resourceType: type,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location: `${base}/${type}s/${row.id}`,
    version: etagOf(row.version),
  };
}

function extensionUrns(doc: Document): string[] {
  return Object.keys(doc).filter(isUrn);
}

export interface GroupRef { id: string; displayName: string }
export interface MemberView { id: string; display: string | null }

export function renderUser(base: string, row: StoredResource, groups: GroupRef[] | null): Record<string, unknown> {
  const { externalId, ...rest } = row.resource;
  const out: Record<string, unknown> = {
    schemas: [USER_SCHEMA, ...extensionUrns(row.resource)],
    id: row.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => !isUrn(k))),
  };
  if (groups !== null) out.groups = groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}`, type: "direct" }));
  for (const urn of extensionUrns(row.resource)) out[urn] = row.resource[urn];
  out.meta = meta(base, "User", row);
  return out;
}

export function renderGroup(base: string, row: StoredResource, members: MemberView[] | null): Record<string, unknown> {
  const { externalId, ...rest } = row.resource;
  const out: Record<string, unknown> = {
    schemas: [GROUP_SCHEMA, ...extensionUrns(row.resource)],
    id: row.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => !isUrn(k))),
  };
  if (members !== null) out.members = members.map((m) => ({ value: m.id, ...(m.display ? { display: m.display } : {}), $ref: `${base}/Users/${m.id}`, type: "User" }));
  for (const urn of extensionUrns(row.resource)) out[urn] = row.resource[urn];
  out.meta = meta(base, "Group", row);
  return out;
}

export function listResponse(resources: Record<string, unknown>[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

