import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { DomainError, conflict, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { Role } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { emitUsersUpdated } from "@/lib/directory/events";
import { membersOf, recomputeRoles } from "./assignment";
import {
  type CreateRoleInput, type GroupRoleMappingView, type RoleMappingInput, type RoleView, type UpdateRoleInput,
} from "./schemas";
import { assertIdOf } from "@/lib/validation/ids";

// One role registry for the deployment (compat.md §5.4, §6.3; ⚠ 19): name (the key host apps see in
// roles[].role_name), display name, description, and one default role — the first one created — for
// directory users in no mapped group. Per organization, each directory group maps to at most one role;
// a user gets the roles of all its groups. Every change recomputes the users it touches in the same
// transaction and records user_updated for each whose roles changed. Input comes parsed by the edge with
// ./schemas.ts.

export type { RoleView, GroupRoleMappingView } from "./schemas";

export function roleView(r: Role): RoleView {
  return { id: r.id, name: r.key, display_name: r.displayName, description: r.description, default: r.isDefault, create_time: r.createdAt.toISOString(), update_time: r.updatedAt.toISOString() };
}

const roleEventData = (r: Role) => ({ id: r.id, name: r.key, display_name: r.displayName, description: r.description, default: r.isDefault });

/** Reading the registry: operators and management clients; a portal session for its own organization. */
export async function listRoles(principal: Principal, { organizationId = null }: { organizationId?: string | null } = {}): Promise<RoleView[]> {
  if (organizationId !== null && !canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, "roles:read", { organizationId });
  const rows = await db.role.findMany({ orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }] });
  return rows.map(roleView);
}

/** Recomputes every directory user's roles (the default role changed); returns those whose roles changed. */
async function recomputeEveryone(tx: Tx): Promise<string[]> {
  return recomputeRoles(tx, "all");
}

/** user_updated for each user whose roles changed, under its own organization. */
async function emitRoleChanges(tx: Tx, ctx: MutationContext, changed: string[], reason: string): Promise<void> {
  if (!changed.length) return;
  const rows = await tx.directoryUser.findMany({ where: { id: { in: changed } }, select: { id: true, organizationId: true } });
  const byOrg = new Map<string, string[]>();
  for (const r of rows) byOrg.set(r.organizationId, [...(byOrg.get(r.organizationId) ?? []), r.id]);
  for (const [organizationId, ids] of byOrg) await emitUsersUpdated(tx, { organizationId, actor: ctx.actor, context: ctx.request }, ids, { reason });
}

async function lockRegistry(tx: Tx): Promise<void> {
  // Serialises registry changes (the default role is one of many rows).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x726f6c65})`;
}

export async function createRole(ctx: MutationContext, input: CreateRoleInput): Promise<RoleView> {
  authorize(ctx.principal, "roles:write");
  return db.$transaction(async (tx) => {
    await lockRegistry(tx);
    if (await tx.role.findUnique({ where: { key: input.name } })) throw conflict(`A role named "${input.name}" already exists`, "name");
    const first = (await tx.role.count()) === 0;
    const row = await tx.role.create({ data: { id: newId("role"), key: input.name, displayName: input.display_name, description: input.description ?? "", isDefault: first } });
    // Rows first, events last (an event holds the audit chain's lock until commit: see lib/directory/groups.ts).
    const changed = first ? await recomputeEveryone(tx) : [];
    await emit(tx, "role.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: roleEventData(row) });
    await emitRoleChanges(tx, ctx, changed, "default_role_changed");
    return roleView(row);
  }, { timeout: 120_000 });
}

export async function updateRole(ctx: MutationContext, name: string, input: UpdateRoleInput): Promise<RoleView> {
  authorize(ctx.principal, "roles:write");
  assertIdOf("role_name", name);
  return db.$transaction(async (tx) => {
    await lockRegistry(tx);
    const before = await tx.role.findUnique({ where: { key: name } });
    if (!before) throw notFound("Role");
    if (input.default && !before.isDefault) await tx.role.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const row = await tx.role.update({
      where: { id: before.id },
      data: { ...(input.display_name !== undefined ? { displayName: input.display_name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), ...(input.default ? { isDefault: true } : {}) },
    });
    const changed = input.default && !before.isDefault ? await recomputeEveryone(tx) : [];
    await emit(tx, "role.updated", { organizationId: null, actor: ctx.actor, context: ctx.request, data: roleEventData(row), before: roleEventData(before) });
    await emitRoleChanges(tx, ctx, changed, "default_role_changed");
    return roleView(row);
  }, { timeout: 120_000 });
}

/** Refused while any organization maps a group to it, and for the default role while other roles exist. */
export async function deleteRole(ctx: MutationContext, name: string): Promise<void> {
  authorize(ctx.principal, "roles:write");
  assertIdOf("role_name", name);
  await db.$transaction(async (tx) => {
    await lockRegistry(tx);
    const role = await tx.role.findUnique({ where: { key: name } });
    if (!role) throw notFound("Role");
    const mapped = await tx.roleMapping.findMany({ where: { roleId: role.id }, select: { organizationId: true } });
    if (mapped.length) {
      const orgs = new Set(mapped.map((m) => m.organizationId)).size;
      throw new DomainError("conflict", `"${role.key}" is mapped to ${mapped.length} group${mapped.length === 1 ? "" : "s"} in ${orgs} organization${orgs === 1 ? "" : "s"}; remove those mappings first`, "name");
    }
    if (role.isDefault && (await tx.role.count()) > 1) throw conflict(`"${role.key}" is the default role; make another role the default first`, "name");
    await tx.role.delete({ where: { id: role.id } });
    const changed = role.isDefault ? await recomputeEveryone(tx) : [];
    await emit(tx, "role.deleted", { organizationId: null, actor: ctx.actor, context: ctx.request, data: roleEventData(role), before: roleEventData(role), after: null });
    await emitRoleChanges(tx, ctx, changed, "default_role_changed");
  }, { timeout: 120_000 });
}

function authorizeOrg(principal: Principal, permission: "roles:read" | "roles:write", organizationId: string): void {
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

/** Every directory group of the organization with the role it maps to (null: none), by directory then name. */
export async function listRoleMappings(principal: Principal, organizationId: string): Promise<GroupRoleMappingView[]> {
  assertIdOf("organization", organizationId);
  authorizeOrg(principal, "roles:read", organizationId);
  if (!(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound("Organization");
  const rows = await db.$queryRaw<{ group_id: string; group_name: string; directory_id: string; directory_name: string; total_users: bigint; role_name: string | null }[]>`
    SELECT g.id AS group_id, g.display_name AS group_name, d.id AS directory_id, d.name AS directory_name,
           (SELECT count(*) FROM directory_group_members m WHERE m.group_id = g.id) AS total_users, r.key AS role_name
    FROM directory_groups g JOIN directories d ON d.id = g.directory_id
    LEFT JOIN role_mappings rm ON rm.group_id = g.id LEFT JOIN roles r ON r.id = rm.role_id
    WHERE g.organization_id = ${organizationId}
    ORDER BY d.create_time, lower(g.display_name), g.id
    LIMIT 2000`;
  return rows.map((r) => ({ ...r, total_users: Number(r.total_users) }));
}

/** Maps a group to a role (or removes its mapping); its members' roles are recomputed and each change recorded. */
export async function setRoleMapping(ctx: MutationContext, organizationId: string, groupId: string, { role_name }: RoleMappingInput): Promise<GroupRoleMappingView> {
  assertIdOf("organization", organizationId);
  assertIdOf("directory_group", groupId);
  authorizeOrg(ctx.principal, "roles:write", organizationId);
  await db.$transaction(async (tx) => {
    const groups = await tx.$queryRaw<{ id: string; display_name: string; directory_id: string }[]>`
      SELECT id, display_name, directory_id FROM directory_groups WHERE id = ${groupId} AND organization_id = ${organizationId} FOR UPDATE`;
    const group = groups[0];
    if (!group) throw notFound("Group");
    const role = role_name === null ? null : await tx.role.findUnique({ where: { key: role_name } });
    if (role_name !== null && !role) throw new DomainError("invalid", `There is no role named "${role_name}"`, "role_name");
    const before = await tx.roleMapping.findUnique({ where: { groupId } });
    if ((before?.roleId ?? null) === (role?.id ?? null)) return;
    if (role) {
      await tx.roleMapping.upsert({ where: { groupId }, create: { groupId, organizationId, roleId: role.id, createdBy: ctx.actor.label ?? ctx.actor.type }, update: { roleId: role.id, createdBy: ctx.actor.label ?? ctx.actor.type } });
    } else {
      await tx.roleMapping.delete({ where: { groupId } });
    }
    const changed = await recomputeRoles(tx, await membersOf(tx, [groupId]));
    const ev = { organizationId, actor: ctx.actor, context: ctx.request };
    await emit(tx, "organization.role_mapping.updated", {
      ...ev, target: { type: "directory_group", id: groupId },
      data: { organization_id: organizationId, group_id: groupId, group_name: group.display_name, directory_id: group.directory_id, role_name: role?.key ?? null, users_updated: changed.length },
    });
    await emitUsersUpdated(tx, ev, changed, { group_id: groupId, reason: "role_mapping_changed" });
  }, { timeout: 120_000 });
  const all = await listRoleMappings(ctx.principal, organizationId);
  return all.find((m) => m.group_id === groupId)!;
}
