import type { Actor } from "@/lib/audit/actor";
import { canonicalJson } from "@/lib/audit/canonical";
import { db, Prisma, type Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { DirectoryUser } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { normalizeDocument, userColumns, type Document } from "@/lib/scim/resource";
import type { EventContext } from "./events";
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

/** A directory_users row as raw SQL returns it (with its groups, when asked), mapped to the model's shape. */
interface UserSqlRow {
  id: string; directory_id: string; organization_id: string; user_name: string; external_id: string | null; display_name: string | null;
  email: string | null; active: boolean; resource: unknown; roles: string[]; version: number; create_time: Date; update_time: Date; delete_time: Date | null;
  groups?: { id: string; displayName: string }[] | null;
}

function fromSql(r: UserSqlRow): UserRecord {
  return {
    row: {
      id: r.id, directoryId: r.directory_id, organizationId: r.organization_id, userName: r.user_name, externalId: r.external_id, displayName: r.display_name,
      email: r.email, active: r.active, resource: r.resource as DirectoryUser["resource"], roles: r.roles, version: r.version,
      createdAt: r.create_time, updatedAt: r.update_time, deletedAt: r.delete_time,
    },
    groups: r.groups ?? [],
  };
}

/** The user's groups as one JSON column (so a page of users with their groups is one query). */
const GROUPS_COLUMN = Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', g.id, 'displayName', g.display_name) ORDER BY g.display_name, g.id), '[]'::json)
  FROM directory_group_members m JOIN directory_groups g ON g.id = m.group_id WHERE m.user_id = u.id) AS groups`;

/** A unique index refused the write (Prisma's P2002, or PostgreSQL's 23505 from a raw statement). */
export function isUniqueViolation(err: unknown): boolean {
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
  const id = newId("diruser");
  try {
    return await db.$transaction(async (tx) => {
      // One round trip: the user (with the default role, if any), then its email rows.
      const [row] = await tx.$queryRaw<UserSqlRow[]>`
        WITH u AS (
          INSERT INTO directory_users (id, directory_id, organization_id, user_name, external_id, display_name, email, active, resource, roles)
          VALUES (${id}, ${directoryId}, ${organizationId}, ${cols.userName}, ${cols.externalId}, ${cols.displayName}, ${cols.email}, ${cols.active},
                  ${JSON.stringify(doc)}::jsonb, (SELECT coalesce(array_agg(key), '{}') FROM roles WHERE is_default))
          RETURNING *
        ), e AS (
          INSERT INTO directory_user_emails (user_id, directory_id, position, value, type, "primary")
          SELECT ${id}, ${directoryId}, (ord - 1)::int, value, type, "primary"
          FROM unnest(${cols.emails.map((e) => e.value)}::text[], ${cols.emails.map((e) => e.type)}::text[], ${cols.emails.map((e) => e.primary)}::boolean[])
            WITH ORDINALITY AS x(value, type, "primary", ord)
        )
        SELECT * FROM u`;
      const user = fromSql(row!);
      await emit(tx, "organization.directory.user_created", { ...eventContext(scope), data: directoryUserView(user.row, { groups: [] }) });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user with userName "${cols.userName}" already exists in this directory`, "userName");
    throw err;
  }
}

/** A live user of the directory with its groups (locked FOR UPDATE inside a write). */
async function liveUser(client: Tx | typeof db, directoryId: string, id: string, lock: boolean): Promise<UserRecord> {
  const rows = lock
    ? await (client as Tx).$queryRaw<UserSqlRow[]>`SELECT u.*, ${GROUPS_COLUMN} FROM directory_users u WHERE u.id = ${id} AND u.directory_id = ${directoryId} AND u.delete_time IS NULL FOR UPDATE OF u`
    : await client.$queryRaw<UserSqlRow[]>`SELECT u.*, ${GROUPS_COLUMN} FROM directory_users u WHERE u.id = ${id} AND u.directory_id = ${directoryId} AND u.delete_time IS NULL`;
  if (!rows[0]) throw notFound("User");
  return fromSql(rows[0]);
}

export async function getUser(scope: DirectoryScope, id: string): Promise<UserRecord> {
  return liveUser(db, scope.directory.id, id, false);
}

export interface ListPage<T> {
  total: number;
  items: T[];
}

/**
 * One page of live users matching `where` (a condition on alias u), in a stable order (id: creation
 * order), with their groups; the count runs beside it on another connection.
 */
export async function listUsers(scope: DirectoryScope, where: Prisma.Sql | null, { offset, limit, withGroups }: { offset: number; limit: number; withGroups: boolean }): Promise<ListPage<UserRecord>> {
  const directoryId = scope.directory.id;
  const condition = where ? Prisma.sql`AND ${where}` : Prisma.empty;
  const groups = withGroups ? Prisma.sql`, ${GROUPS_COLUMN}` : Prisma.empty;
  const [counted, rows] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM directory_users u WHERE u.directory_id = ${directoryId} AND u.delete_time IS NULL ${condition}`,
    limit
      ? db.$queryRaw<UserSqlRow[]>`SELECT u.* ${groups} FROM directory_users u WHERE u.directory_id = ${directoryId} AND u.delete_time IS NULL ${condition} ORDER BY u.id LIMIT ${limit} OFFSET ${offset}`
      : Promise.resolve([] as UserSqlRow[]),
  ]);
  return { total: Number(counted[0]?.n ?? 0n), items: rows.map(fromSql) };
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
      const current = await liveUser(tx, directoryId, id, true);
      const { row: before, groups } = current;
      const doc = normalizeDocument("User", change(current));
      if (canonicalJson(doc) === canonicalJson(before.resource)) return { row: before, groups };
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
    const current = await liveUser(tx, scope.directory.id, id, true);
    const { row: before, groups } = current;
    check?.(current);
    await tx.directoryGroupMember.deleteMany({ where: { userId: id } });
    await tx.directoryUser.update({ where: { id }, data: { deletedAt: new Date(), roles: [], updatedAt: new Date() } });
    await emit(tx, "organization.directory.user_deleted", {
      ...eventContext(scope),
      data: { id, directory_id: before.directoryId, organization_id: before.organizationId, dp_id: before.externalId, email: before.email },
      before: directoryUserView(before, { groups }), after: null,
    });
  });
}
