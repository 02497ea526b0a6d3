import type { Actor } from "@/lib/audit/actor";
import { db, Prisma, type Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { DirectoryUser } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { defaultRoles } from "@/lib/roles/assignment";
import { normalizeDocument, userColumns, type Document } from "@/lib/scim/resource";
import { groupsOfUsers, type EventContext } from "./events";
import { PROVIDER_LABELS } from "./schemas";
import type { AuthenticatedDirectory } from "./tokens";
import { directoryUserView } from "./views";

// Directory users as the SCIM layer writes and reads them. Each write is one transaction: the user row,
// its email rows, its roles and its event commit together. userName is unique per directory among users
// that are not deleted, case-insensitively (a unique index on lower(user_name)). Deleting deprovisions:
// the row stays (delete_time) for the audit trail, its memberships go, SCIM no longer sees it.

export interface DirectoryScope {
  directory: AuthenticatedDirectory;
  actor: Actor;
  request: RequestContext;
}

export function directoryActor(directory: Pick<AuthenticatedDirectory, "id" | "provider" | "name">): Actor {
  return { type: "directory", id: directory.id, label: directory.name || `${PROVIDER_LABELS[directory.provider]} directory` };
}

export interface UserRecord {
  row: DirectoryUser;
  groups: { id: string; displayName: string }[];
}

const eventContext = (scope: DirectoryScope): EventContext => ({ organizationId: scope.directory.organizationId, actor: scope.actor, context: scope.request });

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string }; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505" || e?.meta?.driverAdapterError?.cause?.originalCode === "23505";
}

async function assertUserNameFree(tx: Tx, directoryId: string, userName: string, exceptId: string | null): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM directory_users WHERE directory_id = ${directoryId} AND lower(user_name) = lower(${userName}) AND delete_time IS NULL LIMIT 1`;
  if (rows.length && rows[0]!.id !== exceptId) throw conflict(`A user with userName "${userName}" already exists in this directory`, "userName");
}

async function writeEmails(tx: Tx, userId: string, directoryId: string, emails: ReturnType<typeof userColumns>["emails"], replace: boolean): Promise<void> {
  if (replace) await tx.directoryUserEmail.deleteMany({ where: { userId } });
  if (emails.length) await tx.directoryUserEmail.createMany({ data: emails.map((e, position) => ({ userId, directoryId, position, value: e.value, type: e.type, primary: e.primary })) });
}

export async function createUser(scope: DirectoryScope, document: Document): Promise<UserRecord> {
  const doc = normalizeDocument("User", document);
  const cols = userColumns(doc);
  const { id: directoryId, organizationId } = scope.directory;
  try {
    return await db.$transaction(async (tx) => {
      await assertUserNameFree(tx, directoryId, cols.userName, null);
      const row = await tx.directoryUser.create({
        data: {
          id: newId("diruser"), directoryId, organizationId, userName: cols.userName, externalId: cols.externalId, displayName: cols.displayName,
          email: cols.email, active: cols.active, resource: doc as Prisma.InputJsonValue, roles: await defaultRoles(tx),
        },
      });
      await writeEmails(tx, row.id, directoryId, cols.emails, false);
      await emit(tx, "organization.directory.user_created", { ...eventContext(scope), data: directoryUserView(row, { groups: [] }) });
      return { row, groups: [] };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user with userName "${cols.userName}" already exists in this directory`, "userName");
    throw err;
  }
}

async function liveUser(client: Tx | typeof db, directoryId: string, id: string, lock: boolean): Promise<DirectoryUser> {
  if (lock) {
    const rows = await (client as Tx).$queryRaw<{ id: string }[]>`SELECT id FROM directory_users WHERE id = ${id} AND directory_id = ${directoryId} AND delete_time IS NULL FOR UPDATE`;
    if (!rows.length) throw notFound("User");
  }
  const row = await client.directoryUser.findFirst({ where: { id, directoryId, deletedAt: null } });
  if (!row) throw notFound("User");
  return row;
}

export async function getUser(scope: DirectoryScope, id: string, { withGroups = true } = {}): Promise<UserRecord> {
  const row = await liveUser(db, scope.directory.id, id, false);
  const groups = withGroups ? (await groupsOfUsers(db as unknown as Tx, [row.id])).get(row.id) ?? [] : [];
  return { row, groups };
}

export interface ListPage<T> {
  total: number;
  items: T[];
}

/** One page of live users matching `where` (a condition on alias u), in a stable order (id: creation order). */
export async function listUsers(scope: DirectoryScope, where: Prisma.Sql | null, { offset, limit, withGroups }: { offset: number; limit: number; withGroups: boolean }): Promise<ListPage<UserRecord>> {
  const directoryId = scope.directory.id;
  const condition = where ? Prisma.sql`AND ${where}` : Prisma.empty;
  const [counted] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM directory_users u WHERE u.directory_id = ${directoryId} AND u.delete_time IS NULL ${condition}`;
  const n = counted?.n ?? 0n;
  if (!limit || Number(n) === 0) return { total: Number(n), items: [] };
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM directory_users u WHERE u.directory_id = ${directoryId} AND u.delete_time IS NULL ${condition}
    ORDER BY u.id LIMIT ${limit} OFFSET ${offset}`;
  const rows = await db.directoryUser.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { id: "asc" } });
  const groups = withGroups ? await groupsOfUsers(db as unknown as Tx, rows.map((r) => r.id)) : new Map();
  return { total: Number(n), items: rows.map((row) => ({ row, groups: groups.get(row.id) ?? [] })) };
}

/**
 * Replaces a user's document with what `change` makes of the current one (PUT: the new body; PATCH: the
 * operations applied), under a row lock. Nothing changes, and no event is recorded, when the document
 * comes out the same.
 */
export async function updateUser(scope: DirectoryScope, id: string, change: (current: UserRecord) => Document): Promise<UserRecord> {
  const { id: directoryId } = scope.directory;
  try {
    return await db.$transaction(async (tx) => {
      const before = await liveUser(tx, directoryId, id, true);
      const groups = (await groupsOfUsers(tx, [id])).get(id) ?? [];
      const doc = normalizeDocument("User", change({ row: before, groups }));
      if (JSON.stringify(doc) === JSON.stringify(before.resource)) return { row: before, groups };
      const cols = userColumns(doc);
      if (cols.userName.toLowerCase() !== before.userName.toLowerCase()) await assertUserNameFree(tx, directoryId, cols.userName, id);
      const row = await tx.directoryUser.update({
        where: { id },
        data: {
          userName: cols.userName, externalId: cols.externalId, displayName: cols.displayName, email: cols.email, active: cols.active,
          resource: doc as Prisma.InputJsonValue, version: { increment: 1 }, updatedAt: new Date(),
        },
      });
      await writeEmails(tx, id, directoryId, cols.emails, true);
      const data = directoryUserView(row, { groups });
      await emit(tx, "organization.directory.user_updated", { ...eventContext(scope), data, before: directoryUserView(before, { groups }) });
      return { row, groups };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("Another user in this directory already has that userName", "userName");
    throw err;
  }
}

/** Deprovisions a user: kept as deleted (not visible to SCIM), memberships removed, user_deleted recorded. */
export async function deleteUser(scope: DirectoryScope, id: string, check?: (current: UserRecord) => void): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await liveUser(tx, scope.directory.id, id, true);
    const groups = (await groupsOfUsers(tx, [id])).get(id) ?? [];
    check?.({ row: before, groups });
    await tx.directoryGroupMember.deleteMany({ where: { userId: id } });
    await tx.directoryUser.update({ where: { id }, data: { deletedAt: new Date(), roles: [], updatedAt: new Date() } });
    await emit(tx, "organization.directory.user_deleted", {
      ...eventContext(scope),
      data: { id, directory_id: before.directoryId, organization_id: before.organizationId, dp_id: before.externalId, email: before.email },
      before: directoryUserView(before, { groups }), after: null,
    });
  });
}
