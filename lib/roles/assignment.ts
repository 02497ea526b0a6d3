import type { Tx } from "@/lib/db";

// Which roles a directory user has: the roles mapped to any of its groups (several groups, several
// roles), else the deployment's default role, else none. Stored on the user (directory_users.roles) so
// reads, filters and events need no join; recomputed whenever memberships, mappings or the default role
// change, in the same transaction. Returns the users whose roles changed: each gets user_updated.

export async function recomputeRoles(tx: Tx, userIds: string[] | "all"): Promise<string[]> {
  if (userIds !== "all" && !userIds.length) return [];
  const scope = userIds === "all" ? "" : "AND u.id = ANY($1::text[])";
  // Rows are locked in id order first, so two recomputations (or one and a membership change, which
  // also takes users in id order) never wait on each other in a cycle.
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`
    WITH locked AS (
      SELECT u.id FROM directory_users u WHERE u.delete_time IS NULL ${scope} ORDER BY u.id FOR UPDATE
    ), wanted AS (
      SELECT u.id, COALESCE(
        (SELECT array_agg(DISTINCT r.key ORDER BY r.key)
           FROM directory_group_members m JOIN role_mappings rm ON rm.group_id = m.group_id JOIN roles r ON r.id = rm.role_id
          WHERE m.user_id = u.id),
        (SELECT ARRAY[r.key] FROM roles r WHERE r.is_default),
        ARRAY[]::text[]) AS roles
      FROM directory_users u JOIN locked l ON l.id = u.id
    )
    UPDATE directory_users u SET roles = w.roles, update_time = now()
    FROM wanted w WHERE u.id = w.id AND u.roles IS DISTINCT FROM w.roles
    RETURNING u.id`, ...(userIds === "all" ? [] : [userIds]));
  return rows.map((r) => r.id);
}

/** The roles a user with no mapped group gets: the default role, if the registry has one. */
export async function defaultRoles(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM roles WHERE is_default LIMIT 1`;
  return rows.map((r) => r.key);
}

/** Users of these groups (not deleted). */
export async function membersOf(tx: Tx, groupIds: string[]): Promise<string[]> {
  if (!groupIds.length) return [];
  const rows = await tx.$queryRaw<{ user_id: string }[]>`SELECT DISTINCT user_id FROM directory_group_members WHERE group_id = ANY(${groupIds}::text[])`;
  return rows.map((r) => r.user_id);
}
