"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { Button, CopyField, Field, fieldMessage, Input, Select, Time } from "@/components/ui";
import { changeOperatorRoleAction, inviteOperatorAction, removeOperatorAction, revokeInvitationAction, signOutEverywhereAction } from "./actions";

const ROLES = [
  { value: "owner", label: "Owner", hint: "Everything, including operators" },
  { value: "admin", label: "Admin", hint: "Everything except operators" },
  { value: "auditor", label: "Auditor", hint: "Reads everything, changes nothing" },
] as const;

function ErrorText({ children }: { children: string | null | undefined }) {
  return children ? <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">{children}</p> : null;
}

export function RoleSelect({ operatorId, role, email }: { operatorId: string; role: string; email: string }) {
  const { pending, failure, run } = useAction();
  const [saved, setSaved] = useState(false);
  return (
    <div>
      <Select aria-label={`Role of ${email}`} defaultValue={role} disabled={pending} className="min-h-9 w-auto py-1"
        onChange={async (e) => {
          const select = e.currentTarget;
          // On refusal (e.g. the last owner), show the role that is still in force.
          setSaved(false);
          if (!(await run(() => changeOperatorRoleAction(operatorId, select.value))).ok) select.value = role;
          else setSaved(true);
        }}>
        {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
      </Select>
      <ErrorText>{failure?.message}</ErrorText>
      {saved && !pending ? <p role="status" className="mt-1 text-xs text-emerald-700">Role updated</p> : null}
    </div>
  );
}

export function OperatorActions({ operatorId, email, self, canManage }: { operatorId: string; email: string; self: boolean; canManage: boolean }) {
  const { pending, failure, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const signOut = async () => { if ((await run(() => signOutEverywhereAction(operatorId))).ok && self) window.location.reload(); };
  return (
    <div className="flex flex-col items-start gap-2">
      <div className="flex flex-wrap gap-2">
        {self || canManage ? (
          <Button size="sm" disabled={pending} onClick={() => void signOut()} aria-label={`Sign ${self ? "yourself" : email} out everywhere`}>Sign out everywhere</Button>
        ) : null}
        {canManage && !confirming ? <Button size="sm" variant="danger-ghost" disabled={pending} onClick={() => setConfirming(true)}>Remove</Button> : null}
        {canManage && confirming ? (
          <span className="flex flex-wrap items-center gap-2 text-sm">
            <span>Remove {self ? "yourself" : email}?</span>
            <Button size="sm" variant="danger" loading={pending} onClick={async () => { if ((await run(() => removeOperatorAction(operatorId))).ok) setConfirming(false); }}>Yes, remove</Button>
            <Button size="sm" onClick={() => setConfirming(false)}>Cancel</Button>
          </span>
        ) : null}
      </div>
      <ErrorText>{failure?.message}</ErrorText>
    </div>
  );
}

export function RevokeInvitation({ invitationId, email }: { invitationId: string; email: string }) {
  const { pending, failure, run } = useAction();
  return (
    <div>
      <Button size="sm" loading={pending} aria-label={`Revoke the invitation for ${email}`} onClick={() => void run(() => revokeInvitationAction(invitationId))}>Revoke</Button>
      <ErrorText>{failure?.message}</ErrorText>
    </div>
  );
}

export function InviteOperatorForm() {
  const { pending, failure, fields, run } = useAction();
  const [created, setCreated] = useState<{ url: string; email: string; role: string; expire_time: string } | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() => inviteOperatorAction({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") }));
    if (result.ok) setCreated(result.data);
  }

  if (created) {
    return (
      <div className="space-y-3" role="status">
        <p className="text-sm text-slate-800">
          Invitation for <strong>{created.email}</strong> ({created.role}) created. Send them this link; it works once and expires <Time value={created.expire_time} />.
        </p>
        <CopyField label="Invitation link" value={created.url} />
        <p className="text-xs text-amber-800">This is the only time the link is shown. If it is lost, invite them again (the old link stops working).</p>
        <Button size="sm" onClick={() => setCreated(null)}>Invite someone else</Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-start" noValidate>
      <Field label="Email" error={fieldMessage("Email", fields.email)}>
        <Input name="email" type="email" autoComplete="off" />
      </Field>
      <Field label="Role">
        <Select name="role" defaultValue="admin">
          {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label} — {r.hint}</option>)}
        </Select>
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="sm:mt-7">{pending ? "Creating…" : "Create invitation link"}</Button>
      {failure && !fields.email ? <p role="alert" className="text-sm text-red-700 sm:col-span-3">{failure.message}</p> : null}
    </form>
  );
}
