import { canonicalJson } from "@/lib/audit/canonical";
import { db, Prisma, type Tx } from "@/lib/db";
import { conflict, invalid, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { DirectoryGroup } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { recomputeRoles } from "@/lib/roles/assignment";
import { groupColumns, normalizeDocument, type Document } from "@/lib/scim/resource";
import type { MemberChange } from "@/lib/scim/patch";
import { emitUsersUpdated, type EventContext } from "./events";
import { isUniqueViolation, type DirectoryScope, type ListPage } from "./users";
import { directoryGroupView } from "./views";

// Directory groups and their membership. A membership change is a row operation (insert or delete of
// directory_group_members rows for the ids named), never a rewrite of the group, so a 1,000-member push
// is a few statements. Members must be live users of the same directory. The members whose groups (and
// so perhaps roles) changed get user_updated; the group gets group_updated.

export interface GroupRecord {
  row: DirectoryGroup;
  /** null when not loaded (the response does not carry members). */
  members: { id: string; display: string | null }[] | null;
}

const eventContext = (scope: DirectoryScope): EventContext => ({ organizationId: scope.directory.organizationId, actor: scope.actor, context: scope.request });

async function assertDisplayNameFree(tx: Tx, directoryId: string, displayName: string, exceptId: string | null): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM directory_groups WHERE directory_id = ${directoryId} AND lower(display_name) = lower(${displayName}) LIMIT 1`;
  if (rows.length && rows[0]!.id !== exceptId) throw conflict(`A group with displayName "${displayName}" already exists in this directory`, "displayName");
}

export async function membersOfGroup(client: Tx | typeof db, groupId: string): Promise<{ id: string; display: string | null }[]> {
  const rows = await client.$queryRaw<{ id: string; display: string | null }[]>`
    SELECT u.id, coalesce(u.display_name, u.user_name) AS display FROM directory_group_members m JOIN directory_users u ON u.id = m.user_id
    WHERE m.group_id = ${groupId} ORDER BY u.id`;
  return rows;
}

/** Refuses ids that are not live users of the directory, naming a few. */
async function assertMembersExist(tx: Tx, directoryId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM directory_users WHERE directory_id = ${directoryId} AND delete_time IS NULL AND id = ANY(${ids}::text[])`;
  if (found.length === ids.length) return;
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  throw invalid("members", `members: no user with id ${missing.slice(0, 5).map((m) => `"${m}"`).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""} in this directory`);
}

/** Applies member row operations in order; returns the users added and removed. */
async function applyMemberChanges(tx: Tx, directoryId: string, groupId: string, changes: MemberChange[]): Promise<{ added: Set<string>; removed: Set<string> }> {
  const added = new Set<string>();
  const removed = new Set<string>();
  const add = async (unsorted: string[]) => {
    if (!unsorted.length) return;
    // In id order: the inserts lock the users' rows (foreign key), as recomputations do.
    const ids = [...unsorted].sort();
    await assertMembersExist(tx, directoryId, ids);
    const rows = await tx.$queryRaw<{ user_id: string }[]>`
      INSERT INTO directory_group_members (group_id, user_id, directory_id)
      SELECT ${groupId}, id, ${directoryId} FROM unnest(${ids}::text[]) AS id
      ON CONFLICT DO NOTHING RETURNING user_id`;
    for (const r of rows) {
      if (removed.has(r.user_id)) removed.delete(r.user_id);
      else added.add(r.user_id);
    }
  };
  const drop = (rows: { user_id: string }[]) => {
    for (const r of rows) {
      if (added.has(r.user_id)) added.delete(r.user_id);
      else removed.add(r.user_id);
    }
  };
  for (const c of changes) {
    if (c.op === "add") await add(c.ids);
    else if (c.op === "remove") {
      if (c.ids.length) drop(await tx.$queryRaw`DELETE FROM directory_group_members WHERE group_id = ${groupId} AND user_id = ANY(${c.ids}::text[]) RETURNING user_id`);
    } else if (c.op === "removeAll") {
      drop(await tx.$queryRaw`DELETE FROM directory_group_members WHERE group_id = ${groupId} RETURNING user_id`);
    } else {
      await assertMembersExist(tx, directoryId, c.ids);
      drop(await tx.$queryRaw`DELETE FROM directory_group_members WHERE group_id = ${groupId} AND NOT (user_id = ANY(${c.ids}::text[])) RETURNING user_id`);
      await add(c.ids);
    }
  }
  return { added, removed };
}

/**
 * After membership changed: the members' roles are recomputed; returns those whose roles changed (they get
 * user_updated). The membership itself travels in the group's event (members_added / members_removed), so
 * pushing 1,000 members to an unmapped group is one event, not 1,000.
 *
 * Order matters in every write here: all row changes (and their row locks) first, events last. Recording
 * an event takes the audit chain's lock until commit, so a transaction holding it must never wait for a
 * row another transaction holds while that one waits for the chain.
 */
async function recomputeMembers(tx: Tx, added: Set<string>, removed: Set<string>): Promise<string[]> {
  const affected = [...added, ...removed];
  return affected.length ? recomputeRoles(tx, affected) : [];
}

const memberDelta = (added: Set<string>, removed: Set<string>) => ({ members_added: [...added], members_removed: [...removed] });

export async function createGroup(scope: DirectoryScope, document: Document, memberIds: string[] = []): Promise<GroupRecord> {
  const doc = normalizeDocument("Group", document);
  const cols = groupColumns(doc);
  const { id: directoryId, organizationId } = scope.directory;
  try {
    return await db.$transaction(async (tx) => {
      await assertDisplayNameFree(tx, directoryId, cols.displayName, null);
      const row = await tx.directoryGroup.create({
        data: { id: newId("dirgroup"), directoryId, organizationId, displayName: cols.displayName, externalId: cols.externalId, resource: doc as Prisma.InputJsonValue },
      });
      const { added, removed } = await applyMemberChanges(tx, directoryId, row.id, [{ op: "add", ids: [...new Set(memberIds)] }]);
      const rolesChanged = await recomputeMembers(tx, added, removed);
      await emit(tx, "organization.directory.group_created", { ...eventContext(scope), data: { ...directoryGroupView(row), ...memberDelta(added, removed) } });
      await emitUsersUpdated(tx, eventContext(scope), rolesChanged, { group_id: row.id, reason: "group_membership" });
      return { row, members: added.size ? await membersOfGroup(tx, row.id) : [] };
    }, { timeout: 30_000 });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A group with displayName "${cols.displayName}" already exists in this directory`, "displayName");
    throw err;
  }
}

async function liveGroup(client: Tx | typeof db, directoryId: string, id: string, lock: boolean): Promise<DirectoryGroup> {
  if (lock) {
    const rows = await (client as Tx).$queryRaw<{ id: string }[]>`SELECT id FROM directory_groups WHERE id = ${id} AND directory_id = ${directoryId} FOR UPDATE`;
    if (!rows.length) throw notFound("Group");
  }
  const row = await client.directoryGroup.findFirst({ where: { id, directoryId } });
  if (!row) throw notFound("Group");
  return row;
}

export async function getGroup(scope: DirectoryScope, id: string, { withMembers }: { withMembers: boolean }): Promise<GroupRecord> {
  const row = await liveGroup(db, scope.directory.id, id, false);
  return { row, members: withMembers ? await membersOfGroup(db, id) : null };
}

export async function listGroups(scope: DirectoryScope, where: Prisma.Sql | null, { offset, limit, withMembers }: { offset: number; limit: number; withMembers: boolean }): Promise<ListPage<GroupRecord>> {
  const directoryId = scope.directory.id;
  const condition = where ? Prisma.sql`AND ${where}` : Prisma.empty;
  const [counted] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM directory_groups g WHERE g.directory_id = ${directoryId} ${condition}`;
  const total = Number(counted?.n ?? 0n);
  if (!limit || !total) return { total, items: [] };
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT g.id FROM directory_groups g WHERE g.directory_id = ${directoryId} ${condition} ORDER BY g.id LIMIT ${limit} OFFSET ${offset}`;
  const groups = await db.directoryGroup.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: "asc" } });
  const members = new Map<string, { id: string; display: string | null }[]>();
  if (withMembers && groups.length) {
    const all = await db.$queryRaw<{ group_id: string; id: string; display: string | null }[]>`
      SELECT m.group_id, u.id, coalesce(u.display_name, u.user_name) AS display FROM directory_group_members m JOIN directory_users u ON u.id = m.user_id
      WHERE m.group_id = ANY(${groups.map((g) => g.id)}::text[]) ORDER BY m.group_id, u.id`;
    for (const m of all) members.set(m.group_id, [...(members.get(m.group_id) ?? []), { id: m.id, display: m.display }]);
  }
  return { total, items: groups.map((row) => ({ row, members: withMembers ? members.get(row.id) ?? [] : null })) };
}

export interface GroupChange {
  /** The new document (PUT, or PATCH's non-member operations applied); undefined: unchanged. */
  document?: (current: DirectoryGroup) => Document;
  members: MemberChange[];
}

/** Updates a group under a row lock: its document, then its membership rows. */
export async function updateGroup(scope: DirectoryScope, id: string, change: GroupChange, { withMembers }: { withMembers: boolean }): Promise<GroupRecord> {
  const { id: directoryId } = scope.directory;
  try {
    return await db.$transaction(async (tx) => {
      const before = await liveGroup(tx, directoryId, id, true);
      let row = before;
      if (change.document) {
        const doc = normalizeDocument("Group", change.document(before));
        if (canonicalJson(doc) !== canonicalJson(before.resource)) {
          const cols = groupColumns(doc);
          if (cols.displayName.toLowerCase() !== before.displayName.toLowerCase()) await assertDisplayNameFree(tx, directoryId, cols.displayName, id);
          row = await tx.directoryGroup.update({
            where: { id },
            data: { displayName: cols.displayName, externalId: cols.externalId, resource: doc as Prisma.InputJsonValue, version: { increment: 1 }, updatedAt: new Date() },
          });
        }
      }
      const { added, removed } = await applyMemberChanges(tx, directoryId, id, change.members);
      if (row === before && (added.size || removed.size)) {
        row = await tx.directoryGroup.update({ where: { id }, data: { version: { increment: 1 }, updatedAt: new Date() } });
      }
      const rolesChanged = await recomputeMembers(tx, added, removed);
      if (row !== before) {
        await emit(tx, "organization.directory.group_updated", {
          ...eventContext(scope), data: { ...directoryGroupView(row), ...memberDelta(added, removed) }, before: directoryGroupView(before),
        });
      }
      await emitUsersUpdated(tx, eventContext(scope), rolesChanged, { group_id: id, reason: "group_membership" });
      return { row, members: withMembers ? await membersOfGroup(tx, id) : null };
    }, { timeout: 30_000 });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("Another group in this directory already has that displayName", "displayName");
    throw err;
  }
}

/** Deletes a group (its memberships and role mapping go with it); its former members' roles are recomputed. */
export async function deleteGroup(scope: DirectoryScope, id: string, check?: (current: DirectoryGroup) => void): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await liveGroup(tx, scope.directory.id, id, true);
    check?.(before);
    const former = (await membersOfGroup(tx, id)).map((m) => m.id);
    await tx.directoryGroup.delete({ where: { id } });
    const rolesChanged = await recomputeRoles(tx, former);
    await emit(tx, "organization.directory.group_deleted", {
      ...eventContext(scope), data: { ...directoryGroupView(before), members_removed: former }, before: directoryGroupView(before), after: null,
    });
    await emitUsersUpdated(tx, eventContext(scope), rolesChanged, { group_id: id, reason: "group_deleted" });
  }, { timeout: 30_000 });
}
