"use client";
import { useState } from "react";
import { Alert, Badge, Button, Dialog, EmptyState, Input, Spinner } from "@/components/ui";
import { Time } from "@/components/ui/time";
import type { DirectoryView } from "@/lib/directory/schemas";
import { useDirectoryUser, useDirectoryUsers } from "./hooks";

// Synced users: search (name, userName, email), a page at a time, and a detail view with the normalized
// attributes, groups, roles and the raw SCIM attributes the IdP sent.

export function DirectoryUsers({ organizationId, directory }: { organizationId: string; directory: DirectoryView }) {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const users = useDirectoryUsers(organizationId, directory.id, search.trim());
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <Input type="search" aria-label="Search users" placeholder="Search by name, username or email" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-md" />
      {users.isPending ? <div className="flex justify-center py-8"><Spinner label="Loading users…" /></div>
        : users.isError ? <Alert tone="danger" title="Could not load users">{users.error.message}</Alert>
          : items.length === 0 ? (
            <EmptyState title={search ? "No user matches" : "No users yet"}>
              <p>{search ? "Try another name or email." : "Users appear here as soon as your identity provider provisions them."}</p>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Users" data-testid="directory-users">
              {items.map((u) => (
                <li key={u.id}>
                  <button type="button" onClick={() => setOpen(u.id)} className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5 text-left hover:bg-slate-50 sm:px-4">
                    <span className="min-w-0 flex-1 basis-48">
                      <span className="block truncate font-medium text-slate-900">{u.name ?? u.preferred_username}</span>
                      <span className="block truncate text-xs text-slate-600">{u.email ?? u.preferred_username}</span>
                    </span>
                    <span className="flex flex-wrap items-center gap-1.5">
                      {u.roles.map((r) => <Badge key={r.role_name} tone="accent" data-testid="user-role">{r.role_name}</Badge>)}
                      <Badge tone={u.active ? "success" : "neutral"}>{u.active ? "Active" : "Inactive"}</Badge>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
      {users.hasNextPage ? <Button className="self-start" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>Show more</Button> : null}
      <UserDetail organizationId={organizationId} directoryId={directory.id} userId={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{value || "—"}</dd>
    </div>
  );
}

function UserDetail({ organizationId, directoryId, userId, onClose }: { organizationId: string; directoryId: string; userId: string | null; onClose: () => void }) {
  const user = useDirectoryUser(organizationId, directoryId, userId);
  const u = user.data;
  return (
    <Dialog open={userId !== null} onClose={onClose} size="lg" title={u ? (u.name ?? u.preferred_username) : "User"} description={u?.preferred_username}
      footer={<Button onClick={onClose}>Close</Button>}>
      {user.isPending ? <Spinner label="Loading…" /> : user.isError ? <Alert tone="danger" title="Could not load the user">{user.error.message}</Alert> : u ? (
        <div className="flex flex-col gap-4">
          <dl>
            <Row label="Status" value={u.deleted ? "Deleted (deprovisioned)" : u.active ? "Active" : "Inactive (deactivated in the identity provider)"} />
            <Row label="Email" value={u.email} />
            <Row label="Given name" value={u.given_name} />
            <Row label="Family name" value={u.family_name} />
            <Row label="Title" value={u.title} />
            <Row label="Department" value={u.department} />
            <Row label="IdP id" value={u.dp_id} />
            <Row label="Portico id" value={u.id} />
            <Row label="Updated" value={<Time value={u.update_time} />} />
          </dl>
          <div>
            <h4 className="text-sm font-semibold text-slate-900">Groups</h4>
            <p className="mt-1 flex flex-wrap gap-1.5 text-sm">{u.groups.length ? u.groups.map((g) => <Badge key={g.id}>{g.name}</Badge>) : <span className="text-slate-500">In no group</span>}</p>
          </div>
          <div>
            <h4 className="text-sm font-semibold text-slate-900">Roles</h4>
            <p className="mt-1 flex flex-wrap gap-1.5 text-sm">{u.roles.length ? u.roles.map((r) => <Badge key={r.role_name} tone="accent">{r.role_name}</Badge>) : <span className="text-slate-500">No role (no mapped group and no default role)</span>}</p>
          </div>
          <details>
            <summary className="cursor-pointer text-sm font-semibold text-slate-900">Raw attributes from the identity provider</summary>
            <pre className="mt-2 max-h-72 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(u.raw_attributes, null, 2)}</pre>
          </details>
        </div>
      ) : null}
    </Dialog>
  );
}
