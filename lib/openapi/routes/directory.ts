import { z } from "zod";
import {
  createDirectorySchema, listDirectoryGroupsQuerySchema, listDirectoryUsersQuerySchema, provisioningLogQuerySchema, rotateTokenSchema, updateDirectorySchema,
} from "@/lib/directory/schemas";
import { createRoleSchema, roleMappingSchema as roleMappingBodySchema, updateRoleSchema } from "@/lib/roles/schemas";
import { defineOperations, MANAGEMENT_ERRORS, organizationParams } from "../define";
import {
  directoryGroupSchema, directorySchema, directoryUserDetailSchema, directoryUserSchema, provisioningLogEntrySchema, roleMappingSchema, roleSchema, rotatedTokenSchema,
} from "../views";

// Directory sync (/api/v1/organizations/{id}/directories/**): an organization's SCIM directories, their
// tokens, synced users and groups and provisioning log; the role registry (/api/v1/roles) and each
// organization's group → role mappings (/api/v1/organizations/{id}/role_mappings).

const org = organizationParams;
const directory = org.extend({ directory_id: z.string().describe("dir_…") });
const group = org.extend({ group_id: z.string().describe("The directory group's id") });
const role = z.object({ name: z.string().describe("The role's name (its key: admin, member, …)") });

const COMMON = MANAGEMENT_ERRORS;
const ONE = { ...COMMON, 404: "not_found: no such organization or directory for this client (others' answer the same)" };
const WRITE = { ...ONE, 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each field" };
const page = (key: string, item: z.ZodType) => z.object({ [key]: z.array(item), next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last") });

export const directoryOperations = defineOperations([
  {
    id: "createDirectory", method: "post", path: "/api/v1/organizations/{id}/directories", tag: "Directory sync", auth: { scope: "directories:write" },
    summary: "Create a directory",
    description: "A SCIM 2.0 directory for the organization's IdP. The first one is primary. The response carries plain_token once (only a keyed hash is stored). At most 20 per organization.",
    params: org, body: { schema: createDirectorySchema, required: true },
    responses: { 201: { description: "Created, with its SCIM endpoint and token", schema: z.object({ directory: directorySchema, plain_token: z.string().describe("The SCIM bearer token, shown this once") }) }, ...WRITE },
  },
  {
    id: "listDirectories", method: "get", path: "/api/v1/organizations/{id}/directories", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "List an organization's directories", params: org,
    responses: { 200: { description: "The primary one first", schema: z.object({ directories: z.array(directorySchema) }) }, ...ONE },
  },
  {
    id: "getDirectory", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "Get a directory", params: directory,
    responses: { 200: { description: "The directory", schema: z.object({ directory: directorySchema }) }, ...ONE },
  },
  {
    id: "updateDirectory", method: "patch", path: "/api/v1/organizations/{id}/directories/{directory_id}", tag: "Directory sync", auth: { scope: "directories:write" },
    summary: "Update a directory",
    description: "enabled: false refuses the IdP's SCIM requests (401) until enabled again; primary: true makes it the organization's primary directory; name renames it.",
    params: directory, body: { schema: updateDirectorySchema, required: true },
    responses: { 200: { description: "The directory", schema: z.object({ directory: directorySchema }) }, ...WRITE },
  },
  {
    id: "rotateDirectoryToken", method: "post", path: "/api/v1/organizations/{id}/directories/{directory_id}/tokens", tag: "Directory sync", auth: { scope: "directories:write" },
    summary: "Rotate a directory's SCIM token",
    description: "A new token, shown once. The current ones stop at once (overlap_seconds 0, the default) or after the overlap, at most 24 hours.",
    params: directory, body: { schema: rotateTokenSchema, required: false },
    responses: { 201: { description: "The new token", schema: rotatedTokenSchema }, ...WRITE },
  },
  {
    id: "listDirectoryUsers", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}/users", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "List a directory's users",
    description: "By id, or with updated_after by update time, so a periodic sync sees every change once. Deprovisioned users only with include_deleted=true.",
    params: directory, query: listDirectoryUsersQuerySchema,
    responses: { 200: { description: "A page", schema: page("users", directoryUserSchema) }, ...ONE, 422: "validation_failed: names the parameter" },
  },
  {
    id: "getDirectoryUser", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}/users/{user_id}", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "Get a directory user", params: directory.extend({ user_id: z.string() }),
    responses: { 200: { description: "The user, deprovisioned or not", schema: z.object({ user: directoryUserDetailSchema }) }, ...ONE },
  },
  {
    id: "listDirectoryGroups", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}/groups", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "List a directory's groups", description: "With each group's member count and the role it maps to.",
    params: directory, query: listDirectoryGroupsQuerySchema,
    responses: { 200: { description: "A page", schema: page("groups", directoryGroupSchema) }, ...ONE, 422: "validation_failed: names the parameter" },
  },
  {
    id: "getDirectoryGroup", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}/groups/{group_id}", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "Get a directory group", params: directory.extend({ group_id: z.string() }),
    responses: { 200: { description: "The group", schema: z.object({ group: directoryGroupSchema }) }, ...ONE },
  },
  {
    id: "listProvisioningLog", method: "get", path: "/api/v1/organizations/{id}/directories/{directory_id}/logs", tag: "Directory sync", auth: { scope: "directories:read" },
    summary: "Read a directory's provisioning log", description: "Its last 1,000 SCIM requests, newest first; failed=true for failures only.",
    params: directory, query: provisioningLogQuerySchema,
    responses: {
      200: { description: "A page", schema: z.object({ entries: z.array(provisioningLogEntrySchema), next_before: z.string().nullable().describe("Pass as before for older entries; null on the last page") }) },
      ...ONE, 422: "validation_failed: names the parameter",
    },
  },
  {
    id: "listRoles", method: "get", path: "/api/v1/roles", tag: "Roles", auth: { scope: "roles:read" },
    summary: "List the role registry", description: "The default role first.",
    responses: { 200: { description: "Every role", schema: z.object({ roles: z.array(roleSchema) }) }, ...COMMON },
  },
  {
    id: "createRole", method: "post", path: "/api/v1/roles", tag: "Roles", auth: { scope: "roles:write" },
    summary: "Create a role", description: "The first role becomes the default one. Only a client that may act for every organization changes the registry.",
    body: { schema: createRoleSchema, required: true },
    responses: { 201: { description: "Created", schema: z.object({ role: roleSchema }) }, ...COMMON, 409: "conflict: a role has that name", 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each field" },
  },
  {
    id: "updateRole", method: "patch", path: "/api/v1/roles/{name}", tag: "Roles", auth: { scope: "roles:write" },
    summary: "Update a role", description: "Display name, description, or default: true to make it the default role (users in no mapped group get it).",
    params: role, body: { schema: updateRoleSchema, required: true },
    responses: { 200: { description: "The role", schema: z.object({ role: roleSchema }) }, ...COMMON, 404: "not_found: no such role", 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each field" },
  },
  {
    id: "deleteRole", method: "delete", path: "/api/v1/roles/{name}", tag: "Roles", auth: { scope: "roles:write" },
    summary: "Delete a role", params: role,
    responses: { 204: "Deleted", ...COMMON, 404: "not_found: no such role", 409: "conflict: a group is mapped to it, or it is the default role while others exist" },
  },
  {
    id: "listRoleMappings", method: "get", path: "/api/v1/organizations/{id}/role_mappings", tag: "Roles", auth: { scope: "roles:read" },
    summary: "List an organization's group → role mappings", description: "Every directory group of the organization, with its role (null when unmapped).",
    params: org,
    responses: { 200: { description: "By directory, then group name", schema: z.object({ role_mappings: z.array(roleMappingSchema) }) }, ...COMMON, 404: "not_found: no such organization for this client" },
  },
  {
    id: "setRoleMapping", method: "put", path: "/api/v1/organizations/{id}/role_mappings/{group_id}", tag: "Roles", auth: { scope: "roles:write" },
    summary: "Map a group to a role", description: "role_name null removes the mapping. The group's members' roles are recomputed at once (each change is a directory user_updated event).",
    params: group, body: { schema: roleMappingBodySchema, required: true },
    responses: { 200: { description: "The group's mapping", schema: z.object({ role_mapping: roleMappingSchema }) }, ...COMMON, 404: "not_found: no such organization or group", 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: no such role, or not a role name" },
  },
  {
    id: "deleteRoleMapping", method: "delete", path: "/api/v1/organizations/{id}/role_mappings/{group_id}", tag: "Roles", auth: { scope: "roles:write" },
    summary: "Remove a group's role mapping", description: "Like PUT with role_name null.", params: group,
    responses: { 200: { description: "The group, now unmapped", schema: z.object({ role_mapping: roleMappingSchema }) }, ...COMMON, 404: "not_found: no such organization or group" },
  },
]);
