"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyField } from "@/app/console/_components/copy-field";
import { createEnvironmentClientAction, rotateEnvironmentClientSecretAction, setEnvironmentClientStatusAction } from "../actions";

const INPUT = "mt-1 block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500";
const BTN = "min-h-9 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

function SecretOnce({ clientId, secret, onDone }: { clientId: string; secret: string; onDone: () => void }) {
  return (
    <div role="status" className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-3">
      <p className="text-sm text-amber-950">Copy the secret now: it is shown only this once and only its hash is stored.</p>
      <CopyField label="Client ID" value={clientId} />
      <CopyField label="Client secret" value={secret} />
      <button type="button" className={BTN} onClick={onDone}>I have copied it</button>
    </div>
  );
}

export function CreateEnvironmentClient({ scopes }: { scopes: readonly string[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ client_id: string; plain_secret: string } | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const orgs = String(form.get("organizations") ?? "").split(/[\s,]+/).filter(Boolean);
    setPending(true);
    setError(null);
    const r = await createEnvironmentClientAction({
      name: String(form.get("name") ?? ""), scopes: form.getAll("scopes").map(String),
      organization_usage: String(form.get("organization_usage") ?? "deny"), allow_any_organization: form.get("any") === "on", allowed_organization_ids: orgs,
    });
    setPending(false);
    if (!r.ok) { setError({ message: r.message, fields: r.fields ?? {} }); return; }
    setCreated(r.data);
    router.refresh();
  }
  if (created) return <SecretOnce clientId={created.client_id} secret={created.plain_secret} onDone={() => setCreated(null)} />;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <div>
        <label htmlFor="ec-name" className="block text-sm font-medium text-slate-800">Name</label>
        <input id="ec-name" name="name" placeholder="Billing backend" aria-invalid={!!error?.fields.name} className={INPUT} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Management scopes</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-3">
          {scopes.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm"><input type="checkbox" name="scopes" value={s} className="size-4" /> <code>{s}</code></label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="ec-usage" className="block text-sm font-medium text-slate-800">Organization in token requests</label>
          <select id="ec-usage" name="organization_usage" defaultValue="deny" className={INPUT}>
            <option value="deny">Deny: tokens never name an organization</option>
            <option value="allow">Allow: may name one it can act for</option>
            <option value="require">Require: must name one it can act for</option>
          </select>
        </div>
        <div>
          <label htmlFor="ec-orgs" className="block text-sm font-medium text-slate-800">Organizations it may act for</label>
          <input id="ec-orgs" name="organizations" placeholder="org_… org_…" className={`${INPUT} font-mono`} />
          <label className="mt-1 flex items-center gap-2 text-sm"><input type="checkbox" name="any" className="size-4" /> Any organization</label>
        </div>
      </div>
      {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error.message}</p> : null}
      <button type="submit" disabled={pending} className="min-h-10 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60">
        {pending ? "Creating…" : "Create client"}
      </button>
    </form>
  );
}

export function ClientActions({ clientId, name, status }: { clientId: string; name: string; status: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  async function act(fn: () => Promise<{ ok: true; data: unknown } | { ok: false; message: string }>) {
    setPending(true);
    setError(null);
    const r = await fn();
    setPending(false);
    if (!r.ok) { setError(r.message); return null; }
    router.refresh();
    return r.data;
  }
  if (secret) return <SecretOnce clientId={clientId} secret={secret} onDone={() => setSecret(null)} />;
  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <button type="button" disabled={pending} className={BTN} aria-label={`Rotate the secret of ${name}`}
          onClick={async () => { const d = (await act(() => rotateEnvironmentClientSecretAction(clientId))) as { plain_secret: string } | null; if (d) setSecret(d.plain_secret); }}>Rotate secret</button>
        <button type="button" disabled={pending} className={BTN} aria-label={`${status === "active" ? "Disable" : "Enable"} ${name}`}
          onClick={() => void act(() => setEnvironmentClientStatusAction(clientId, status === "active" ? "disabled" : "active"))}>{status === "active" ? "Disable" : "Enable"}</button>
      </div>
      {error ? <p role="alert" className="text-xs font-medium text-red-700">{error}</p> : null}
    </div>
  );
}
