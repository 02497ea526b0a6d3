"use client";
import { useState } from "react";
import { Alert, Badge, EmptyState, Select, Spinner, useToast } from "@/components/ui";
import { useRoleMappings, useRoles, useSetRoleMapping } from "@/components/directory-sync/hooks";

// The organization's IdP group → role mapping: each synced group picks one of the deployment's roles (or
// none). A user gets the roles of all its groups, the default role when none of its groups is mapped.
// Changing a mapping updates the affected users at once. Mounted by the portal's Roles tab and the console.

export function RoleMappingPanel({ organizationId, readOnly = false }: { organizationId: string; readOnly?: boolean }) {
  const toast = useToast();
  const roles = useRoles(organizationId);
  const mappings = useRoleMappings(organizationId);
  const set = useSetRoleMapping(organizationId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const defaultRole = roles.data?.find((r) => r.default);

  async function change(groupId: string, groupName: string, roleName: string | null) {
    setError(null);
    setBusy(groupId);
    try {
      await set.mutateAsync({ groupId, roleName });
      toast.show(roleName ? `Members of “${groupName}” now get ${roleName}` : `“${groupName}” no longer maps to a role`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="roles-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="roles-heading" className="text-lg font-semibold text-slate-900">Roles</h2>
        <p className="text-sm text-slate-600">Give each group from your identity provider a role in the app. A user gets the roles of all its groups{defaultRole ? <>, and <strong>{defaultRole.display_name}</strong> when none of its groups has one</> : null}.</p>
      </div>
      {roles.isPending || mappings.isPending ? <div className="flex justify-center py-8"><Spinner label="Loading roles…" /></div>
        : roles.isError || mappings.isError ? <Alert tone="danger" title="Could not load roles">{(roles.error ?? mappings.error)!.message}</Alert>
          : (
            <>
              <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h3 className="text-sm font-semibold text-slate-900">Available roles</h3>
                {roles.data.length ? (
                  <ul className="mt-2 grid gap-2 sm:grid-cols-2">
                    {roles.data.map((r) => (
                      <li key={r.id} className="rounded-md bg-slate-50 px-3 py-2 text-sm">
                        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">{r.display_name} <span className="font-mono text-xs text-slate-500">{r.name}</span>{r.default ? <Badge tone="accent">Default</Badge> : null}</p>
                        {r.description ? <p className="mt-0.5 text-slate-600">{r.description}</p> : null}
                      </li>
                    ))}
                  </ul>
                ) : <p className="mt-1 text-sm text-slate-600">The app has not defined any roles yet.</p>}
              </div>
              {error ? <Alert tone="danger" title="The mapping was not changed">{error}</Alert> : null}
              {mappings.data.length === 0 ? (
                <EmptyState title="No groups yet">
                  <p>Groups appear here once your identity provider pushes them through Directory sync.</p>
                </EmptyState>
              ) : (
                <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Group role mapping">
                  {mappings.data.map((m) => (
                    <li key={m.group_id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-3 sm:px-4">
                      <span className="min-w-0 flex-1 basis-48">
                        <span className="block truncate font-medium text-slate-900">{m.group_name}</span>
                        <span className="block text-xs text-slate-600">{m.total_users} member{m.total_users === 1 ? "" : "s"} · {m.directory_name}</span>
                      </span>
                      {readOnly ? (m.role_name ? <Badge tone="accent">{m.role_name}</Badge> : <Badge>No role</Badge>) : (
                        <span className="flex w-full items-center gap-2 sm:w-auto">
                          {busy === m.group_id ? <Spinner label="Saving…" /> : null}
                          <Select aria-label={`Role for ${m.group_name}`} value={m.role_name ?? ""} disabled={busy !== null || !roles.data.length}
                            onChange={(e) => void change(m.group_id, m.group_name, e.target.value || null)} className="w-full sm:w-auto sm:min-w-44">
                            <option value="">No role{defaultRole ? " (default applies)" : ""}</option>
                            {roles.data.map((r) => <option key={r.id} value={r.name}>{r.display_name}</option>)}
                          </Select>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
    </section>
  );
}
