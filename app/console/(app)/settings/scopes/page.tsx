import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { listApiResources } from "@/lib/scope-catalog";
import { requireOperatorPage } from "@/lib/operators/guard";
import { Section } from "@/app/console/_components/section";
import { AddScopeForm, CreateApiForm, DeleteButton } from "./scope-controls";

export const metadata: Metadata = { title: "Scope catalog" };

export default async function ScopeCatalogPage() {
  const operator = await requireOperatorPage("settings:read");
  const apis = await listApiResources(operator);
  const canWrite = can(operator, "settings:write");
  return (
    <div className="space-y-6">
      {canWrite ? (
        <Section id="new-api" title="Add an API" description="An API of yours that tokens are issued for. Service principals are granted its scopes.">
          <CreateApiForm />
        </Section>
      ) : null}
      {apis.map((api) => (
        <section key={api.id} aria-label={api.name} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0">
              <h2 className="text-base font-semibold text-slate-900">{api.name}{api.built_in ? <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">built in</span> : null}</h2>
              <p className="break-all font-mono text-xs text-slate-500">aud: {api.audience}</p>
            </div>
            {canWrite && !api.built_in ? <DeleteButton kind="api" id={api.id} name={api.name} /> : null}
          </div>
          {api.scopes.length === 0 ? <p className="mt-3 text-sm text-slate-600">No scopes yet.</p> : (
            <ul className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={`Scopes of ${api.name}`}>
              {api.scopes.map((s) => (
                <li key={s.id} className="flex items-start justify-between gap-2 px-3 py-2">
                  <div className="min-w-0">
                    <p className="break-all font-mono text-sm text-slate-900">{s.name}</p>
                    {s.description ? <p className="text-xs text-slate-500">{s.description}</p> : null}
                  </div>
                  {canWrite && !api.built_in ? <DeleteButton kind="scope" id={s.id} name={s.name} /> : null}
                </li>
              ))}
            </ul>
          )}
          {canWrite && !api.built_in ? <AddScopeForm resourceId={api.id} apiName={api.name} /> : null}
        </section>
      ))}
    </div>
  );
}
