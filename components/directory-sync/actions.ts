"use server";
import { z } from "zod";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext, requirePrincipal } from "@/lib/caller";
import {
  createDirectory, getDirectoryUser, listDirectories, listDirectoryGroups, listDirectoryUsers, listProvisioningLog, rotateDirectoryToken, updateDirectory,
  type DirectoryGroupListItem, type DirectoryUserView, type Page,
} from "@/lib/directory";
import {
  createDirectorySchema, listDirectoryGroupsQuerySchema, listDirectoryUsersQuerySchema, provisioningLogQuerySchema, rotateTokenSchema, updateDirectorySchema,
  type DirectoryTokenView, type DirectoryView, type ProvisioningLogEntry,
} from "@/lib/directory/schemas";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { listRoleMappings, listRoles, setRoleMapping, type GroupRoleMappingView, type RoleView } from "@/lib/roles";
import { roleMappingSchema } from "@/lib/roles/schemas";

// Server actions behind the Directory sync and Roles screens (portal sessions, console operators, dev
// sessions alike): resolve the caller, parse input with the shared schemas, call the domain, return a
// result the screen can show. Plain SCIM tokens leave only in the create and rotate results.

/** A screen's query object, checked whole (a hand-made call without one is a field error, not a TypeError); its values go through the shared schemas. */
const queryObject = (value: unknown): Record<string, unknown> => parseInput(z.record(z.string(), z.unknown()).optional(), value) ?? {};

export async function listDirectoriesAction(organizationId: string): Promise<ActionResult<DirectoryView[]>> {
  return runAction("directory_sync.list", async () => listDirectories(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function createDirectoryAction(organizationId: string, input: unknown): Promise<ActionResult<{ directory: DirectoryView; plainToken: string }>> {
  return runAction("directory_sync.create", async () => createDirectory(await requireMutationContext(), idOf("organization", organizationId), parseInput(createDirectorySchema, input)));
}

export async function updateDirectoryAction(organizationId: string, directoryId: string, input: unknown): Promise<ActionResult<DirectoryView>> {
  return runAction("directory_sync.update", async () => updateDirectory(await requireMutationContext(), idOf("organization", organizationId), idOf("directory", directoryId), parseInput(updateDirectorySchema, input)));
}

export async function rotateTokenAction(organizationId: string, directoryId: string, input: unknown): Promise<ActionResult<{ token: DirectoryTokenView; plainToken: string; previousTokensExpireTime: string | null }>> {
  return runAction("directory_sync.rotate", async () => rotateDirectoryToken(await requireMutationContext(), idOf("organization", organizationId), idOf("directory", directoryId), parseInput(rotateTokenSchema, input)));
}

export async function listDirectoryUsersAction(organizationId: string, directoryId: string, q: { search?: string; cursor?: string; groupId?: string }): Promise<ActionResult<Page<DirectoryUserView>>> {
  return runAction("directory_sync.users", async () => {
    const query = queryObject(q);
    return listDirectoryUsers(await requirePrincipal(), idOf("organization", organizationId), idOf("directory", directoryId), parseInput(listDirectoryUsersQuerySchema, {
      search: query.search || undefined, cursor: query.cursor || undefined, group_id: query.groupId || undefined, page_size: 25,
    }));
  });
}

export async function getDirectoryUserAction(organizationId: string, directoryId: string, userId: string): Promise<ActionResult<DirectoryUserView & { deleted: boolean }>> {
  return runAction("directory_sync.user", async () => getDirectoryUser(await requirePrincipal(), idOf("organization", organizationId), idOf("directory", directoryId), idOf("directory_user", userId)));
}

export async function listDirectoryGroupsAction(organizationId: string, directoryId: string, q: { search?: string; cursor?: string }): Promise<ActionResult<Page<DirectoryGroupListItem>>> {
  return runAction("directory_sync.groups", async () => {
    const query = queryObject(q);
    return listDirectoryGroups(await requirePrincipal(), idOf("organization", organizationId), idOf("directory", directoryId), parseInput(listDirectoryGroupsQuerySchema, {
      search: query.search || undefined, cursor: query.cursor || undefined, page_size: 25,
    }));
  });
}

export async function provisioningLogAction(organizationId: string, directoryId: string, q: { before?: string; failedOnly?: boolean }): Promise<ActionResult<{ entries: ProvisioningLogEntry[]; next_before: string | null }>> {
  return runAction("directory_sync.log", async () => {
    const query = queryObject(q);
    const { before } = parseInput(provisioningLogQuerySchema, { before: query.before || undefined });
    return listProvisioningLog(await requirePrincipal(), idOf("organization", organizationId), idOf("directory", directoryId), { before: before ? BigInt(before) : undefined, failedOnly: query.failedOnly === true, limit: 50 });
  });
}

export async function listRolesAction(organizationId: string): Promise<ActionResult<RoleView[]>> {
  return runAction("directory_sync.roles", async () => listRoles(await requirePrincipal(), { organizationId: idOf("organization", organizationId) }));
}

export async function listRoleMappingsAction(organizationId: string): Promise<ActionResult<GroupRoleMappingView[]>> {
  return runAction("directory_sync.role_mappings", async () => listRoleMappings(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function setRoleMappingAction(organizationId: string, groupId: string, input: unknown): Promise<ActionResult<GroupRoleMappingView>> {
  return runAction("directory_sync.set_role_mapping", async () => setRoleMapping(await requireMutationContext(), idOf("organization", organizationId), idOf("directory_group", groupId), parseInput(roleMappingSchema, input)));
}
