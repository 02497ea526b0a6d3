import type { Metadata } from "next";
import { can, MANAGEMENT_SCOPES } from "@/lib/authz";
import { listEnvironmentClients } from "@/lib/service-principals";
import { requireOperatorPage } from "@/lib/operators/guard";
import { Section } from "@/app/console/_components/section";
import { formatDateTime } from "@/app/console/_components/format";
import { ClientActions, CreateEnvironmentClient } from "./client-controls";

export const metadata: Metadata = { title: "Environment clients" };

export default async function EnvironmentClientsPage() {
  const operator = await requireOperatorPage("settings:read");
  const clients = await listEnvironmentClients(operator);
  const canWrite = can(operator, "settings:write");
  return (
    <div className="space-y-6">
      {canWrite ? (
        <Section id="new-client" title="Create an environment client" description="For your app's backend (management API) or for clients that act for several organizations.">
          <CreateEnvironmentClient scopes={MANAGEMENT_SCOPES} />
        </Section>
      ) : null}
      <Section id="clients" title="Environment clients">
        {clients.length === 0 ? <p className="text-sm text-slate-600">No environment clients yet.</p> : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Environment clients">
            {clients.map((c) => (
              <li key={c.client_id} className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-slate-900">{c.name} <span className={`ml-1 rounded-full px-2 py-0.5 text-xs ${c.status === "active" ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>{c.status}</span></p>
                  <p className="break-all font-mono text-xs text-slate-500">{c.client_id}</p>
                  <p className="mt-1 break-words text-xs text-slate-600">Scopes: {c.scopes.length ? c.scopes.join(" ") : "none"}</p>
                  <p className="break-words text-xs text-slate-600">
                    Organizations: {c.allow_any_organization ? "any" : c.allowed_organization_ids.length ? c.allowed_organization_ids.join(", ") : "none"} · organization in requests: {c.organization_usage}
                  </p>
                  <p className="text-xs text-slate-500">
                    {c.secrets.filter((s) => s.status === "ACTIVE").length} active secret(s){c.secrets[0] ? ` · newest ••••${c.secrets[0].secret_suffix}` : ""} · created {formatDateTime(c.create_time)}
                  </p>
                </div>
                {canWrite ? <ClientActions clientId={c.client_id} name={c.name} status={c.status} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
