"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createApiResourceAction, createApiScopeAction, deleteApiResourceAction, deleteApiScopeAction } from "../actions";

type Result = { ok: true } | { ok: false; message: string; fields?: Record<string, string> };
const INPUT = "mt-1 block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500";
const BTN = "min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

function useRun() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  async function run(fn: () => Promise<Result>) {
    setPending(true);
    setError(null);
    const r = await fn();
    setPending(false);
    if (!r.ok) { setError({ message: r.message, fields: r.fields ?? {} }); return false; }
    router.refresh();
    return true;
  }
  return { pending, error, run };
}

export function CreateApiForm() {
  const { pending, error, run } = useRun();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const scopes = String(form.get("scopes") ?? "").split(/[\s,]+/).filter(Boolean).map((name) => ({ name }));
    if (await run(() => createApiResourceAction({ name: String(form.get("name") ?? ""), audience: String(form.get("audience") ?? ""), scopes }))) formEl.reset();
  }
  const f = error?.fields ?? {};
  const fieldFor = (prefix: string) => Object.entries(f).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
      <div>
        <label htmlFor="api-name" className="block text-sm font-medium text-slate-800">Name</label>
        <input id="api-name" name="name" placeholder="Invoices API" aria-invalid={!!f.name} className={INPUT} />
        {f.name ? <p className="mt-1 text-xs font-medium text-red-700">Name {f.name.replace(/^name: /, "")}</p> : null}
      </div>
      <div>
        <label htmlFor="api-audience" className="block text-sm font-medium text-slate-800">Audience identifier</label>
        <input id="api-audience" name="audience" placeholder="https://api.example.com/invoices" aria-invalid={!!f.audience} className={`${INPUT} font-mono`} />
        <p className={`mt-1 text-xs ${f.audience ? "font-medium text-red-700" : "text-slate-500"}`}>{f.audience ? `Audience identifier ${f.audience.replace(/^audience: /, "")}` : "The aud claim of tokens for this API."}</p>
      </div>
      <div className="sm:col-span-2">
        <label htmlFor="api-scopes" className="block text-sm font-medium text-slate-800">Scopes</label>
        <input id="api-scopes" name="scopes" placeholder="invoices:read invoices:write" aria-invalid={!!fieldFor("scopes")} className={`${INPUT} font-mono`} />
        <p className={`mt-1 text-xs ${fieldFor("scopes") ? "font-medium text-red-700" : "text-slate-500"}`}>{fieldFor("scopes") ? `Scopes: ${fieldFor("scopes")!.replace(/^scopes[^:]*: /, "")}` : "Separated by spaces; more can be added later."}</p>
      </div>
      {error && !Object.keys(f).length ? <p role="alert" className="text-sm text-red-700 sm:col-span-2">{error.message}</p> : null}
      <div className="sm:col-span-2"><button type="submit" disabled={pending} className={BTN}>{pending ? "Adding…" : "Add API"}</button></div>
    </form>
  );
}

export function AddScopeForm({ resourceId, apiName }: { resourceId: string; apiName: string }) {
  const { pending, error, run } = useRun();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    if (await run(() => createApiScopeAction(resourceId, { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") }))) formEl.reset();
  }
  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start" noValidate aria-label={`Add a scope to ${apiName}`}>
      <input name="name" aria-label={`New scope for ${apiName}`} placeholder="scope:name" className={`${INPUT} mt-0 font-mono sm:w-48`} />
      <input name="description" aria-label={`Description of the new scope for ${apiName}`} placeholder="What it allows" className={`${INPUT} mt-0 flex-1`} />
      <button type="submit" disabled={pending} className={BTN}>Add scope</button>
      {error ? <p role="alert" className="text-xs font-medium text-red-700 sm:basis-full">{error.message}</p> : null}
    </form>
  );
}

export function DeleteButton({ kind, id, name }: { kind: "scope" | "api"; id: string; name: string }) {
  const { pending, error, run } = useRun();
  return (
    <span className="flex flex-col items-end gap-1">
      <button type="button" disabled={pending} aria-label={`Delete ${kind === "api" ? "the API" : "the scope"} ${name}`}
        onClick={() => void run(() => (kind === "api" ? deleteApiResourceAction(id) : deleteApiScopeAction(id)))}
        className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60">Delete</button>
      {error ? <span role="alert" className="max-w-sm text-right text-xs font-medium text-red-700">{error.message}</span> : null}
    </span>
  );
}
