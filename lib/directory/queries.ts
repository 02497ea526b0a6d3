import type { Principal } from "@/lib/authz";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import { authorizeOn, loadDirectory } from "./directories";
import { userViews } from "./events";
import type { ListDirectoryGroupsQuery, ListDirectoryUsersQuery } from "./schemas";
import { directoryGroupView, type DirectoryGroupView, type DirectoryUserView } from "./views";
import { assertIdOf } from "@/lib/validation/ids";

// Reading a directory's synced users and groups (management API, portal, console): cursor pages in a
// stable order — by id, or by (update_time, id) with updated_after so a periodic sync picks up every
// change exactly once.

const DEFAULT_PAGE = 50;

interface Cursor { t?: string; id: string }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const c = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Cursor;
    if (typeof c.id !== "string" || (c.t !== undefined && Number.isNaN(Date.parse(c.t)))) throw new Error("bad");
    return c;
  } catch {
    throw invalid("cursor", "is not a cursor this API returned");
  }
}

function pageCondition(alias: string, byTime: boolean, cursor: Cursor | null): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  const a = Prisma.raw(alias);
  if (byTime) {
    if (!cursor.t) throw invalid("cursor", "is not a cursor for this query");
    return Prisma.sql`AND (${a}.update_time, ${a}.id) > (${new Date(cursor.t)}::timestamptz, ${cursor.id})`;
  }
  return Prisma.sql`AND ${a}.id > ${cursor.id}`;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface Page<T> { items: T[]; next_cursor: string | null }

export async function listDirectoryUsers(principal: Principal, organizationId: string, directoryId: string, q: ListDirectoryUsersQuery = {}): Promise<Page<DirectoryUserView>> {
  authorizeOn(principal, "directories:read", organizationId);
  await loadDirectory(organizationId, directoryId);
  const limit = q.page_size ?? DEFAULT_PAGE;
  const byTime = q.updated_after !== undefined;
  const cursor = decodeCursor(q.cursor ?? q.page_token);
  const conditions = [
    q.include_deleted ? Prisma.empty : Prisma.sql`AND u.delete_time IS NULL`,
    q.updated_after ? Prisma.sql`AND u.update_time > ${q.updated_after}` : Prisma.empty,
    q.group_id ? Prisma.sql`AND u.id IN (SELECT m.user_id FROM directory_group_members m WHERE m.group_id = ${q.group_id} AND m.directory_id = ${directoryId})` : Prisma.empty,
    q.search ? Prisma.sql`AND (lower(u.user_name) LIKE ${likePattern(q.search)} OR lower(coalesce(u.display_name, '')) LIKE ${likePattern(q.search)} OR lower(coalesce(u.email, '')) LIKE ${likePattern(q.search)})` : Prisma.empty,
    pageCondition("u", byTime, cursor),
  ];
  const order = byTime ? Prisma.sql`ORDER BY u.update_time, u.id` : Prisma.sql`ORDER BY u.id`;
  const ids = await db.$queryRaw<{ id: string }[]>`SELECT u.id FROM directory_users u WHERE u.directory_id = ${directoryId} ${Prisma.join(conditions, " ")} ${order} LIMIT ${limit + 1}`;
  const page = ids.slice(0, limit).map((r) => r.id);
  const rows = await db.directoryUser.findMany({ where: { id: { in: page } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = page.map((id) => byId.get(id)!).filter(Boolean);
  const items = await userViews(db as unknown as Tx, ordered);
  const last = ordered.at(-1);
  return { items, next_cursor: ids.length > limit && last ? encodeCursor(byTime ? { t: last.updatedAt.toISOString(), id: last.id } : { id: last.id }) : null };
}

export async function getDirectoryUser(principal: Principal, organizationId: string, directoryId: string, userId: string): Promise<DirectoryUserView & { deleted: boolean }> {
  authorizeOn(principal, "directories:read", organizationId);
  await loadDirectory(organizationId, directoryId);
  assertIdOf("directory_user", userId);
  const row = await db.directoryUser.findFirst({ where: { id: userId, directoryId } });
  if (!row) throw notFound("User");
  const [view] = await userViews(db as unknown as Tx, [row]);
  return { ...view!, deleted: row.deletedAt !== null };
}

export type DirectoryGroupListItem = DirectoryGroupView & { total_users: number; role_name: string | null };

export async function listDirectoryGroups(principal: Principal, organizationId: string, directoryId: string, q: ListDirectoryGroupsQuery = {}): Promise<Page<DirectoryGroupListItem>> {
  authorizeOn(principal, "directories:read", organizationId);
  await loadDirectory(organizationId, directoryId);
  const limit = q.page_size ?? DEFAULT_PAGE;
  const byTime = q.updated_after !== undefined;
  const cursor = decodeCursor(q.cursor ?? q.page_token);
  const conditions = [
    q.updated_after ? Prisma.sql`AND g.update_time > ${q.updated_after}` : Prisma.empty,
    q.search ? Prisma.sql`AND lower(g.display_name) LIKE ${likePattern(q.search)}` : Prisma.empty,
    pageCondition("g", byTime, cursor),
  ];
  const order = byTime ? Prisma.sql`ORDER BY g.update_time, g.id` : Prisma.sql`ORDER BY g.id`;
  const rows = await db.$queryRaw<{ id: string; total_users: bigint; role_name: string | null }[]>`
    SELECT g.id, (SELECT count(*) FROM directory_group_members m WHERE m.group_id = g.id) AS total_users, r.key AS role_name
    FROM directory_groups g LEFT JOIN role_mappings rm ON rm.group_id = g.id LEFT JOIN roles r ON r.id = rm.role_id
    WHERE g.directory_id = ${directoryId} ${Prisma.join(conditions, " ")} ${order} LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const groups = new Map((await db.directoryGroup.findMany({ where: { id: { in: page.map((r) => r.id) } } })).map((g) => [g.id, g]));
  const items = page.map((r) => ({ ...directoryGroupView(groups.get(r.id)!), total_users: Number(r.total_users), role_name: r.role_name }));
  const last = page.at(-1) ? groups.get(page.at(-1)!.id) : undefined;
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(byTime ? { t: last.updatedAt.toISOString(), id: last.id } : { id: last.id }) : null };
}

export async function getDirectoryGroup(principal: Principal, organizationId: string, directoryId: string, groupId: string): Promise<DirectoryGroupListItem> {
  authorizeOn(principal, "directories:read", organizationId);
  await loadDirectory(organizationId, directoryId);
  assertIdOf("directory_group", groupId);
  const row = await db.directoryGroup.findFirst({ where: { id: groupId, directoryId }, include: { roleMapping: { include: { role: true } }, _count: { select: { members: true } } } });
  if (!row) throw notFound("Group");
  return { ...directoryGroupView(row), total_users: row._count.members, role_name: row.roleMapping?.role.key ?? null };
}
