"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Badge, Button, ConfirmDialog, Dialog, EmptyState, Field, Input, Textarea } from "@/components/ui";
import type { RoleView } from "@/lib/roles/schemas";
import { callAction, type ActionResult } from "@/lib/actions/result";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./actions";

// The deployment's role registry: name (what host apps receive as roles[].role_name), display name and
// description (what tenant admins see when mapping groups), and the default role for users in no mapped
// group. The first role becomes the default.

type Editing = { mode: "create" } | { mode: "edit"; role: RoleView } | null;

export function RoleRegistry({ roles, canWrite }: { roles: RoleView[]; canWrite: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<RoleView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const act = (fn: () => Promise<ActionResult<null>>, after?: () => void) => start(async () => {
    const r = await callAction(fn);
    if (!r.ok) { setError(r.error.message); return; }
    setError(null);
    after?.();
    router.refresh();
  });

  return (
    <section aria-labelledby="roles-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="roles-title" className="text-lg font-semibold text-slate-900">Roles</h2>
          <p className="text-sm text-slate-600">One list for the whole deployment. Organizations map their identity provider&apos;s groups to these roles; users in no mapped group get the default role. Host apps receive the name in <code className="font-mono text-xs">roles[].role_name</code>.</p>
        </div>
        {canWrite && roles.length ? <Button variant="primary" onClick={() => { setError(null); setEditing({ mode: "create" }); }}>Add role</Button> : null}
      </div>
      {error && !editing && !deleting ? <Alert tone="danger" title="That did not work">{error}</Alert> : null}
      {roles.length === 0 ? (
        <EmptyState title="No roles yet" action={canWrite ? <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>Add the first role</Button> : undefined}>
          <p>Add the roles your app understands, such as <code>admin</code> and <code>member</code>. The first one becomes the default role.</p>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Roles">
          {roles.map((r) => (
            <li key={r.id} className="flex flex-wrap items-start gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">{r.display_name}<span className="font-mono text-xs text-slate-500">{r.name}</span>{r.default ? <Badge tone="accent">Default</Badge> : null}</p>
                {r.description ? <p className="mt-0.5 text-sm text-slate-600">{r.description}</p> : null}
              </div>
              {canWrite ? (
                <div className="flex flex-wrap gap-2">
                  {r.default ? null : <Button size="sm" disabled={pending} onClick={() => act(() => updateRoleAction(r.name, { default: true }))}>Set as default</Button>}
                  <Button size="sm" onClick={() => { setError(null); setEditing({ mode: "edit", role: r }); }}>Edit</Button>
                  <Button size="sm" variant="danger-ghost" onClick={() => { setError(null); setDeleting(r); }}>Delete</Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editing ? <RoleForm key={editing.mode === "edit" ? editing.role.id : "new"} editing={editing} pending={pending} error={error}
        onClose={() => { setEditing(null); setError(null); }}
        onSubmit={(values) => act(() => (editing.mode === "create" ? createRoleAction(values) : updateRoleAction(editing.role.name, { display_name: values.display_name, description: values.description })), () => setEditing(null))} /> : null}
      <ConfirmDialog open={deleting !== null} title={`Delete the role “${deleting?.display_name}”?`} confirmLabel="Delete role" pending={pending} error={error}
        onClose={() => { setDeleting(null); setError(null); }} onConfirm={() => act(() => deleteRoleAction(deleting!.name), () => setDeleting(null))}>
        Organizations can no longer map groups to it. A role that is still mapped, or the default role while others exist, cannot be deleted.
      </ConfirmDialog>
    </section>
  );
}

function RoleForm({ editing, pending, error, onClose, onSubmit }: { editing: Exclude<Editing, null>; pending: boolean; error: string | null; onClose: () => void; onSubmit: (v: { name: string; display_name: string; description: string }) => void }) {
  const role = editing.mode === "edit" ? editing.role : null;
  const [name, setName] = useState(role?.name ?? "");
  const [displayName, setDisplayName] = useState(role?.display_name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  return (
    <Dialog open onClose={onClose} title={role ? `Edit “${role.display_name}”` : "Add a role"}
      footer={<><Button onClick={onClose}>Cancel</Button><Button variant="primary" loading={pending} onClick={() => onSubmit({ name: name.trim(), display_name: displayName, description })}>{role ? "Save" : "Add role"}</Button></>}>
      <div className="flex flex-col gap-4">
        {error ? <Alert tone="danger" title="Not saved">{error}</Alert> : null}
        <Field label="Name" hint={role ? "The name cannot change: host apps and mappings use it." : "Lowercase, as your app expects it in roles[].role_name (admin, member, billing:viewer)."} required>
          <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!!role} autoComplete="off" spellCheck={false} />
        </Field>
        <Field label="Display name" hint="What tenant admins see when they map groups." required>
          <Input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="Description" hint="Say what the role may do, so admins pick the right one.">
          <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </Field>
      </div>
    </Dialog>
  );
}
