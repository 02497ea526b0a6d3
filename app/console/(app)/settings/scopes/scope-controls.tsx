"use client";

import { useMemo, useState } from "react";
import { useAction } from "@/components/use-action";
import { Alert, Badge, Button, ConfirmDialog, Dialog, EmptyState, Field, fieldMessage, Input, Textarea, ToastProvider, useToast } from "@/components/ui";
import type { ApiResourceView, ApiScopeView } from "@/lib/scope-catalog/schemas";
import {
  createApiResourceAction, createApiScopeAction, deleteApiResourceAction, deleteApiScopeAction, updateApiResourceAction, updateApiScopeAction,
} from "./actions";

// The scope catalog: add APIs with scopes, edit an API's name, audience and description and a scope's
// description, delete either after a confirmation (refused, naming them, while clients hold its scopes).
// A filter and per-API collapsing keep a long catalog usable.

/**
 * The error of a field or of anything in it ("scopes.0.name" counts for "scopes") as "<Label> <message>";
 * a message that is a sentence of its own ("Another API already uses this audience") as it is.
 */
const fieldText = (fields: Record<string, string>, key: string, label: string) => fieldMessage(label, fields[key]);

export function ScopeCatalog({ apis, canWrite }: { apis: ApiResourceView[]; canWrite: boolean }) {
  return <ToastProvider><ScopeCatalogBody apis={apis} canWrite={canWrite} /></ToastProvider>;
}

const matches = (text: string, q: string) => text.toLowerCase().includes(q);

function ScopeCatalogBody({ apis, canWrite }: { apis: ApiResourceView[]; canWrite: boolean }) {
  const [query, setQuery] = useState("");
  // Short catalogs start open; long ones start folded so the page stays scannable.
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(apis.length <= 3 ? apis.map((a) => a.id) : []));
  const q = query.trim().toLowerCase();
  const shown = useMemo(() => apis.map((api) => {
    if (!q) return { api, scopes: api.scopes, scopeHit: false };
    const apiHit = matches(api.name, q) || matches(api.audience, q) || matches(api.description, q);
    const scopes = api.scopes.filter((s) => matches(s.name, q) || matches(s.description, q));
    if (!apiHit && !scopes.length) return null;
    return { api, scopes: apiHit ? api.scopes : scopes, scopeHit: !apiHit };
  }).filter((x) => x !== null), [apis, q]);
  const toggle = (id: string, open: boolean) => setExpanded((s) => { const n = new Set(s); if (open) n.add(id); else n.delete(id); return n; });
  const scopeCount = apis.reduce((n, a) => n + a.scopes.length, 0);

  return (
    <div className="flex flex-col gap-6">
      {canWrite ? (
        <section aria-labelledby="new-api" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="new-api" className="text-base font-semibold text-slate-900">Add an API</h2>
          <p className="mt-1 text-sm text-slate-600">An API of yours that tokens are issued for. Service principals are granted its scopes.</p>
          <div className="mt-4"><CreateApiForm onCreated={(id) => { setQuery(""); setExpanded((s) => new Set([...s, id])); }} /></div>
        </section>
      ) : null}

      <section aria-labelledby="catalog" className="flex flex-col gap-3">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h2 id="catalog" className="text-base font-semibold text-slate-900">APIs and scopes</h2>
            <p className="text-sm text-slate-600">{apis.length} {apis.length === 1 ? "API" : "APIs"}, {scopeCount} {scopeCount === 1 ? "scope" : "scopes"}</p>
          </div>
          <div className="flex flex-wrap items-end gap-2">
            <div className="w-full sm:w-72">
              <label htmlFor="scope-filter" className="sr-only">Filter APIs and scopes</label>
              <Input id="scope-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Filter by API, audience or scope" />
            </div>
            <Button size="sm" variant="ghost" onClick={() => setExpanded(new Set(apis.map((a) => a.id)))}>Expand all</Button>
            <Button size="sm" variant="ghost" onClick={() => setExpanded(new Set())}>Collapse all</Button>
          </div>
        </div>
        {shown.length === 0 ? (
          <EmptyState title={q ? `Nothing matches “${query.trim()}”` : "No APIs yet"}>
            {q ? "The filter looks at API names, audiences and descriptions, and scope names and descriptions." : "Add one above."}
          </EmptyState>
        ) : (
          shown.map(({ api, scopes, scopeHit }) => (
            <ApiSection key={api.id} api={api} scopes={scopes} canWrite={canWrite}
              open={expanded.has(api.id) || scopeHit} onToggle={(open) => toggle(api.id, open)} />
          ))
        )}
      </section>
    </div>
  );
}

function CreateApiForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { pending, failure, fields: f, run } = useAction();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const scopes = String(form.get("scopes") ?? "").split(/[\s,]+/).filter(Boolean).map((n) => ({ name: n }));
    const created = await run(() => createApiResourceAction({ name: String(form.get("name") ?? ""), audience: String(form.get("audience") ?? ""), scopes }));
    if (created.ok) {
      formEl.reset();
      onCreated(created.data.id);
    }
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
      <Field label="Name" error={fieldText(f, "name", "Name")}>
        <Input name="name" placeholder="Invoices API" />
      </Field>
      <Field label="Audience identifier" error={fieldText(f, "audience", "Audience identifier")} hint="The aud claim of tokens for this API.">
        <Input name="audience" placeholder="https://api.example.com/invoices" className="font-mono" />
      </Field>
      <Field label="Scopes" className="sm:col-span-2" error={fieldText(f, "scopes", "Scopes:")} hint="Scope names separated by spaces or commas; more can be added later.">
        <Input name="scopes" placeholder="invoices:read invoices:write" className="font-mono" />
      </Field>
      {failure && !Object.keys(f).length ? <div className="sm:col-span-2"><Alert tone="danger">{failure.message}</Alert></div> : null}
      <div className="sm:col-span-2"><Button type="submit" loading={pending}>Add API</Button></div>
    </form>
  );
}

function ApiSection({ api, scopes, canWrite, open, onToggle }: { api: ApiResourceView; scopes: ApiScopeView[]; canWrite: boolean; open: boolean; onToggle: (open: boolean) => void }) {
  const toast = useToast();
  const editable = canWrite && !api.built_in;
  const [dialog, setDialog] = useState<{ kind: "edit-api" } | { kind: "delete-api" } | { kind: "edit-scope"; scope: ApiScopeView } | { kind: "delete-scope"; scope: ApiScopeView } | null>(null);
  const remove = useAction();
  const bodyId = `api-body-${api.id}`;
  const close = () => { setDialog(null); remove.reset(); };
  return (
    <section aria-label={api.name} className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-start gap-2 p-4 sm:px-6">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-base font-semibold text-slate-900">
              <button type="button" aria-expanded={open} aria-controls={bodyId} onClick={() => onToggle(!open)}
                className="-mx-1 inline-flex items-start gap-1.5 rounded-md px-1 text-left hover:bg-slate-50">
                <span aria-hidden="true" className={`inline-block text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}>▸</span>
                <span className="break-words">{api.name}</span>
              </button>
            </h3>
            {api.built_in ? <Badge>built in</Badge> : null}
            <span className="text-xs text-slate-500">{api.scopes.length} {api.scopes.length === 1 ? "scope" : "scopes"}</span>
          </div>
          <p className="font-mono text-xs break-all text-slate-500">aud: {api.audience}</p>
          {api.description ? <p className="mt-0.5 text-sm text-slate-600">{api.description}</p> : null}
        </div>
        {editable ? (
          <span className="flex gap-1">
            <Button size="sm" variant="ghost" onClick={() => setDialog({ kind: "edit-api" })} aria-label={`Edit the API ${api.name}`}>Edit</Button>
            <Button size="sm" variant="danger-ghost" onClick={() => setDialog({ kind: "delete-api" })} aria-label={`Delete the API ${api.name}`}>Delete</Button>
          </span>
        ) : null}
      </div>
      {open ? (
        <div id={bodyId} className="border-t border-slate-100 px-4 pt-3 pb-4 sm:px-6">
          {scopes.length === 0 ? <p className="text-sm text-slate-600">No scopes yet.</p> : (
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={`Scopes of ${api.name}`}>
              {scopes.map((s) => (
                <li key={s.id} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2">
                  <div className="min-w-0">
                    <p className="font-mono text-sm break-all text-slate-900">{s.name}</p>
                    {s.description ? <p className="text-xs text-slate-500">{s.description}</p> : <p className="text-xs text-slate-400 italic">No description</p>}
                  </div>
                  {editable ? (
                    <span className="flex gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setDialog({ kind: "edit-scope", scope: s })} aria-label={`Edit the scope ${s.name}`}>Edit</Button>
                      <Button size="sm" variant="danger-ghost" onClick={() => setDialog({ kind: "delete-scope", scope: s })} aria-label={`Delete the scope ${s.name}`}>Delete</Button>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {editable ? <AddScopeForm resourceId={api.id} apiName={api.name} /> : null}
        </div>
      ) : null}

      {dialog?.kind === "edit-api" ? <EditApiDialog api={api} onClose={close} onSaved={() => { toast.show(`${api.name} saved`); close(); }} /> : null}
      {dialog?.kind === "edit-scope" ? <EditScopeDialog scope={dialog.scope} onClose={close} onSaved={() => { toast.show(`${dialog.scope.name} saved`); close(); }} /> : null}
      <ConfirmDialog
        open={dialog?.kind === "delete-api"}
        onClose={close}
        title={`Delete the API ${api.name}?`}
        confirmLabel="Delete API"
        confirmText={api.name}
        pending={remove.pending}
        error={remove.failure?.message}
        onConfirm={async () => { if ((await remove.run(() => deleteApiResourceAction(api.id))).ok) { toast.show(`${api.name} deleted`); close(); } }}
      >
        Its {api.scopes.length} {api.scopes.length === 1 ? "scope goes" : "scopes go"} with it, and tokens can no longer be issued for {api.audience}. Refused while any client holds one of its scopes or names its audience.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === "delete-scope"}
        onClose={close}
        title={dialog?.kind === "delete-scope" ? `Delete the scope ${dialog.scope.name}?` : ""}
        confirmLabel="Delete scope"
        pending={remove.pending}
        error={remove.failure?.message}
        onConfirm={async () => {
          if (dialog?.kind !== "delete-scope") return;
          if ((await remove.run(() => deleteApiScopeAction(dialog.scope.id))).ok) { toast.show(`${dialog.scope.name} deleted`); close(); }
        }}
      >
        No client can be granted it afterwards. Refused, naming them, while any client holds it.
      </ConfirmDialog>
    </section>
  );
}

function EditApiDialog({ api, onClose, onSaved }: { api: ApiResourceView; onClose: () => void; onSaved: () => void }) {
  const { pending, failure, fields: f, run } = useAction();
  const [values, setValues] = useState({ name: api.name, audience: api.audience, description: api.description });
  const formId = `edit-api-${api.id}`;
  return (
    <Dialog open onClose={() => { if (!pending) onClose(); }} title={`Edit ${api.name}`}
      footer={<><Button onClick={onClose} disabled={pending}>Cancel</Button><Button type="submit" form={formId} variant="primary" loading={pending}>Save API</Button></>}>
      <form id={formId} noValidate className="flex flex-col gap-4"
        onSubmit={async (e) => { e.preventDefault(); if ((await run(() => updateApiResourceAction(api.id, values))).ok) onSaved(); }}>
        <Field label="Name" error={fieldText(f, "name", "Name")}>
          <Input value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />
        </Field>
        <Field label="Audience identifier" error={fieldText(f, "audience", "Audience identifier")}
          hint="Changing it also changes the audience of every client that names the old one, so their next tokens carry the new value.">
          <Input value={values.audience} onChange={(e) => setValues({ ...values, audience: e.target.value })} className="font-mono" />
        </Field>
        <Field label="Description" error={fieldText(f, "description", "Description")}>
          <Textarea value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />
        </Field>
        {failure && !Object.keys(f).length ? <Alert tone="danger">{failure.message}</Alert> : null}
      </form>
    </Dialog>
  );
}

function EditScopeDialog({ scope, onClose, onSaved }: { scope: ApiScopeView; onClose: () => void; onSaved: () => void }) {
  const { pending, failure, fields: f, run } = useAction();
  const [description, setDescription] = useState(scope.description);
  const formId = `edit-scope-${scope.id}`;
  return (
    <Dialog open onClose={() => { if (!pending) onClose(); }} title={<>Edit <span className="font-mono">{scope.name}</span></>}
      description="A scope's name is what tokens carry, so it cannot change; add a new scope instead."
      footer={<><Button onClick={onClose} disabled={pending}>Cancel</Button><Button type="submit" form={formId} variant="primary" loading={pending}>Save scope</Button></>}>
      <form id={formId} noValidate className="flex flex-col gap-4"
        onSubmit={async (e) => { e.preventDefault(); if ((await run(() => updateApiScopeAction(scope.id, { description }))).ok) onSaved(); }}>
        <Field label="Description" error={fieldText(f, "description", "Description")} hint="Shown next to the scope where service principals are given scopes.">
          <Textarea value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {failure && !Object.keys(f).length ? <Alert tone="danger">{failure.message}</Alert> : null}
      </form>
    </Dialog>
  );
}

function AddScopeForm({ resourceId, apiName }: { resourceId: string; apiName: string }) {
  const { pending, failure, fields: f, run } = useAction();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    if ((await run(() => createApiScopeAction(resourceId, { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") }))).ok) formEl.reset();
  }
  const nameError = fieldText(f, "name", "Scope name");
  const descriptionError = fieldText(f, "description", "Description");
  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-start" noValidate aria-label={`Add a scope to ${apiName}`}>
      <Input name="name" aria-label={`New scope for ${apiName}`} placeholder="scope:name" className="font-mono sm:w-48" aria-invalid={nameError ? true : undefined} />
      <Input name="description" aria-label={`Description of the new scope for ${apiName}`} placeholder="What it allows" className="sm:w-auto sm:flex-1" aria-invalid={descriptionError ? true : undefined} />
      <Button type="submit" loading={pending}>Add scope</Button>
      {failure ? <p role="alert" className="text-xs font-medium text-red-700 sm:basis-full">{nameError ?? descriptionError ?? failure.message}</p> : null}
    </form>
  );
}
