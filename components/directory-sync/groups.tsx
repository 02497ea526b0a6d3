"use client";
import { useState } from "react";
import { Alert, Badge, Button, EmptyState, Input, Spinner } from "@/components/ui";
import type { DirectoryView } from "@/lib/directory/schemas";
import { useDirectoryGroups } from "./hooks";

/** Synced groups with their member counts and the role each maps to. */
export function DirectoryGroups({ organizationId, directory }: { organizationId: string; directory: DirectoryView }) {
  const [search, setSearch] = useState("");
  const groups = useDirectoryGroups(organizationId, directory.id, search.trim());
  const items = groups.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <Input type="search" aria-label="Search groups" placeholder="Search groups" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-md" />
      {groups.isPending ? <div className="flex justify-center py-8"><Spinner label="Loading groups…" /></div>
        : groups.isError ? <Alert tone="danger" title="Could not load groups">{groups.error.message}</Alert>
          : items.length === 0 ? (
            <EmptyState title={search ? "No group matches" : "No groups yet"}>
              <p>{search ? "Try another name." : "Groups appear here when your identity provider pushes them (Okta: Push Groups; Entra ID: assign groups)."}</p>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Groups">
              {items.map((g) => (
                <li key={g.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5 sm:px-4">
                  <span className="min-w-0 flex-1 basis-48">
                    <span className="block truncate font-medium text-slate-900">{g.display_name}</span>
                    <span className="block text-xs text-slate-600">{g.total_users} member{g.total_users === 1 ? "" : "s"}</span>
                  </span>
                  {g.role_name ? <Badge tone="accent">Role: {g.role_name}</Badge> : <Badge>No role mapped</Badge>}
                </li>
              ))}
            </ul>
          )}
      {groups.hasNextPage ? <Button className="self-start" onClick={() => void groups.fetchNextPage()} loading={groups.isFetchingNextPage}>Show more</Button> : null}
    </div>
  );
}
