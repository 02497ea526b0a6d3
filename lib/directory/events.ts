import type { Actor } from "@/lib/audit/actor";
import type { Tx } from "@/lib/db";
import { emitMany } from "@/lib/events";
import type { DirectoryUser } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { directoryUserView, type DirectoryUserView } from "./views";

// Builds the normalized users for a batch of directory users (their groups in one query) and records
// user_updated for each, in the caller's transaction.

export interface EventContext {
  organizationId: string;
  actor: Actor;
  context: RequestContext | null;
}

export async function groupsOfUsers(tx: Tx, userIds: string[]): Promise<Map<string, { id: string; displayName: string }[]>> {
  const out = new Map<string, { id: string; displayName: string }[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await tx.$queryRaw<{ user_id: string; id: string; display_name: string }[]>`
    SELECT m.user_id, g.id, g.display_name FROM directory_group_members m JOIN directory_groups g ON g.id = m.group_id
    WHERE m.user_id = ANY(${userIds}::text[]) ORDER BY g.display_name, g.id`;
  for (const r of rows) out.get(r.user_id)?.push({ id: r.id, displayName: r.display_name });
  return out;
}

export async function userViews(tx: Tx, users: DirectoryUser[]): Promise<DirectoryUserView[]> {
  const groups = await groupsOfUsers(tx, users.map((u) => u.id));
  return users.map((u) => directoryUserView(u, { groups: groups.get(u.id) ?? [] }));
}

/** user_updated for each of these users (deleted ones skipped), as they are now in the transaction. */
export async function emitUsersUpdated(tx: Tx, ev: EventContext, userIds: string[], metadata: Record<string, unknown> | null = null): Promise<void> {
  if (!userIds.length) return;
  for (let i = 0; i < userIds.length; i += 2000) {
    const users = await tx.directoryUser.findMany({ where: { id: { in: userIds.slice(i, i + 2000) }, deletedAt: null }, orderBy: { id: "asc" } });
    const views = await userViews(tx, users);
    await emitMany(tx, "organization.directory.user_updated", views.map((data) => ({ ...ev, data, metadata })));
  }
}
