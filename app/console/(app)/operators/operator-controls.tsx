"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyField } from "@/app/console/_components/copy-field";
import { formatDateTime } from "@/app/console/_components/format";
import { changeOperatorRoleAction, inviteOperatorAction, removeOperatorAction, revokeInvitationAction, signOutEverywhereAction } from "./actions";

const ROLES = [
  { value: "owner", label: "Owner", hint: "Everything, including operators" },
  { value: "admin", label: "Admin", hint: "Everything except operators" },
  { value: "auditor", label: "Auditor", hint: "Reads everything, changes nothing" },
] as const;

const BTN = "min-h-9 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50 disabled:opacity-60";
const DANGER = "min-h-9 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60";

function useAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(fn: () => Promise<{ ok: boolean; message?: string }>, after?: () => void) {
    setPending(true);
    setError(null);
    const result = await fn();
    setPending(false);
    if (!result.ok) setError(result.message ?? "That did not work.");
    else { after?.(); router.refresh(); }
    return result.ok;
  }
  return { pending, error, run };
}

export function RoleSelect({ operatorId, role, email }: { operatorId: string; role: string; email: string }) {
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  return (
    <div>
      <select aria-label={`Role of ${email}`} defaultValue={role} disabled={pending}
        onChange={async (e) => {
          const select = e.currentTarget;
          // On refusal (e.g. the last owner), show the role that is still in force.
          setSaved(false);
          if (!(await run(() => changeOperatorRoleAction(operatorId, select.value)))) select.value = role;
          else setSaved(true);
        }}
        className="min-h-9 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
      </select>
      {error ? <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">{error}</p> : null}
      {saved && !pending ? <p role="status" className="mt-1 text-xs text-emerald-700">Role updated</p> : null}
    </div>
  );
}

export function OperatorActions({ operatorId, email, self, canManage }: { operatorId: string; email: string; self: boolean; canManage: boolean }) {
  const { pending, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const signOut = () => run(() => signOutEverywhereAction(operatorId), () => { if (self) window.location.reload(); });
  return (
    <div className="flex flex-col items-start gap-2">
      <div className="flex flex-wrap gap-2">
        {self || canManage ? (
          <button type="button" className={BTN} disabled={pending} onClick={() => void signOut()} aria-label={`Sign ${self ? "yourself" : email} out everywhere`}>
            Sign out everywhere
          </button>
        ) : null}
        {canManage && !confirming ? <button type="button" className={DANGER} disabled={pending} onClick={() => setConfirming(true)}>Remove</button> : null}
        {canManage && confirming ? (
          <span className="flex flex-wrap items-center gap-2 text-sm">
            <span>Remove {self ? "yourself" : email}?</span>
            <button type="button" className={DANGER} disabled={pending} onClick={() => void run(() => removeOperatorAction(operatorId), () => setConfirming(false))}>Yes, remove</button>
            <button type="button" className={BTN} onClick={() => setConfirming(false)}>Cancel</button>
          </span>
        ) : null}
      </div>
      {error ? <p role="alert" className="max-w-xs text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function RevokeInvitation({ invitationId, email }: { invitationId: string; email: string }) {
  const { pending, error, run } = useAction();
  return (
    <div>
      <button type="button" className={BTN} disabled={pending} aria-label={`Revoke the invitation for ${email}`} onClick={() => void run(() => revokeInvitationAction(invitationId))}>Revoke</button>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function InviteOperatorForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; email: string; role: string; expire_time: string } | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(null);
    setFields({});
    const result = await inviteOperatorAction({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields ?? {});
      setMessage(result.message);
      return;
    }
    setCreated(result.data);
    router.refresh();
  }

  if (created) {
    return (
      <div className="space-y-3" role="status">
        <p className="text-sm text-slate-800">
          Invitation for <strong>{created.email}</strong> ({created.role}) created. Send them this link; it works once, until {formatDateTime(created.expire_time)}.
        </p>
        <CopyField label="Invitation link" value={created.url} />
        <p className="text-xs text-amber-800">This is the only time the link is shown. If it is lost, invite them again (the old link stops working).</p>
        <button type="button" className={BTN} onClick={() => setCreated(null)}>Invite someone else</button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-start" noValidate>
      <div>
        <label htmlFor="invite-email" className="block text-sm font-medium text-slate-800">Email</label>
        <input id="invite-email" name="email" type="email" autoComplete="off" aria-invalid={!!fields.email} aria-describedby="invite-email-error"
          className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500" />
        {fields.email ? <p id="invite-email-error" className="mt-1 text-xs font-medium text-red-700">Email {fields.email}</p> : null}
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">Role</label>
        <select id="invite-role" name="role" defaultValue="admin" className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
          {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label} — {r.hint}</option>)}
        </select>
      </div>
      <button type="submit" disabled={pending} className="min-h-10 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60 sm:mt-6">
        {pending ? "Creating…" : "Create invitation link"}
      </button>
      {message && !fields.email ? <p role="alert" className="text-sm text-red-700 sm:col-span-3">{message}</p> : null}
    </form>
  );
}
