"use server";
import { z } from "zod";
import { requireMutationContext, requirePrincipal } from "@/lib/authz/session";
import {
  createDirectory, getDirectoryUser, listDirectories, listDirectoryGroups, listDirectoryUsers, listProvisioningLog, rotateDirectoryToken, updateDirectory,
  type DirectoryGroupListItem, type DirectoryUserView, type Page,
} from "@/lib/directory";
import { createDirectorySchema, rotateTokenSchema, updateDirectorySchema, type DirectoryTokenView, type DirectoryView, type ProvisioningLogEntry } from "@/lib/directory/schemas";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { listRoleMappings, listRoles, setRoleMapping, type GroupRoleMappingView, type RoleView } from "@/lib/roles";
import { roleMappingSchema } from "@/lib/roles/schemas";
import type { ActionResult, FieldMessage } from "@/components/service-principals/result";

// Server actions behind the Directory sync and Roles screens (portal sessions, console operators, dev
// sessions alike): resolve the caller, parse input with the shared schemas, call the domain, return a
// result the screen can show. Plain SCIM tokens leave only in the create and rotate results.

const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
const searchSchema = z.string().max(200).optional();
const cursorSchema = z.string().max(500).optional();

function fromZod(error: z.ZodError): ActionResult<never> {
  const fields: FieldMessage[] = error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  return { ok: false, error: { code: "invalid", message: fields[0] ? `${fields[0].field || "value"}: ${fields[0].message}` : "Some fields need attention", fields } };
}

async function run<T>(what: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: { code: err.code, message: err.message, fields: err.field ? [{ field: err.field, message: err.message }] : [] } };
    if (err instanceof z.ZodError) return fromZod(err);
    log.error({ err, action: what }, "directory sync action failed");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Try again; if it keeps failing, contact your administrator.", fields: [] } };
  }
}

export async function listDirectoriesAction(organizationId: string): Promise<ActionResult<DirectoryView[]>> {
  return run("list", async () => listDirectories(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function createDirectoryAction(organizationId: string, input: unknown): Promise<ActionResult<{ directory: DirectoryView; plainToken: string }>> {
  const parsed = createDirectorySchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("create", async () => createDirectory(await requireMutationContext(), idSchema.parse(organizationId), parsed.data));
}

export async function updateDirectoryAction(organizationId: string, directoryId: string, input: unknown): Promise<ActionResult<DirectoryView>> {
  const parsed = updateDirectorySchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("update", async () => updateDirectory(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(directoryId), parsed.data));
}

export async function rotateTokenAction(organizationId: string, directoryId: string, input: unknown): Promise<ActionResult<{ token: DirectoryTokenView; plainToken: string; previousTokensExpireTime: string | null }>> {
  const parsed = rotateTokenSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("rotate", async () => rotateDirectoryToken(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(directoryId), parsed.data));
}

export async function listDirectoryUsersAction(organizationId: string, directoryId: string, q: { search?: string; cursor?: string; groupId?: string }): Promise<ActionResult<Page<DirectoryUserView>>> {
  return run("users", async () => listDirectoryUsers(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(directoryId), {
    search: searchSchema.parse(q.search || undefined), cursor: cursorSchema.parse(q.cursor), group_id: q.groupId ? idSchema.parse(q.groupId) : undefined, page_size: 25,
  }));
}

export async function getDirectoryUserAction(organizationId: string, directoryId: string, userId: string): Promise<ActionResult<DirectoryUserView & { deleted: boolean }>> {
  return run("user", async () => getDirectoryUser(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(directoryId), idSchema.parse(userId)));
}

export async function listDirectoryGroupsAction(organizationId: string, directoryId: string, q: { search?: string; cursor?: string }): Promise<ActionResult<Page<DirectoryGroupListItem>>> {
  return run("groups", async () => listDirectoryGroups(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(directoryId), {
    search: searchSchema.parse(q.search || undefined), cursor: cursorSchema.parse(q.cursor), page_size: 25,
  }));
}

export async function provisioningLogAction(organizationId: string, directoryId: string, q: { before?: string; failedOnly?: boolean }): Promise<ActionResult<{ entries: ProvisioningLogEntry[]; next_before: string | null }>> {
  return run("log", async () => {
    // Parsed whole, so a call with the wrong shape (no query object) is a field error, not a TypeError.
    const query = z.object({ before: z.string().regex(/^\d{1,19}$/).optional(), failedOnly: z.boolean().optional() }).parse(q ?? {});
    const before = query.before ? BigInt(query.before) : undefined;
    return listProvisioningLog(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(directoryId), { before, failedOnly: query.failedOnly, limit: 50 });
  });
}

export async function listRolesAction(organizationId: string): Promise<ActionResult<RoleView[]>> {
  return run("roles", async () => listRoles(await requirePrincipal(), { organizationId: idSchema.parse(organizationId) }));
}

export async function listRoleMappingsAction(organizationId: string): Promise<ActionResult<GroupRoleMappingView[]>> {
  return run("role_mappings", async () => listRoleMappings(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function setRoleMappingAction(organizationId: string, groupId: string, input: unknown): Promise<ActionResult<GroupRoleMappingView>> {
  const parsed = roleMappingSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("set_role_mapping", async () => setRoleMapping(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(groupId), parsed.data));
}
