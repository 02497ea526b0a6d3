"use client";
import { useState } from "react";
import { Badge, Button, CopyButton } from "@/components/ui";
import { MAX_SECRETS_PER_CLIENT, type ClientSecretView, type ServicePrincipalView } from "@/lib/service-principals/schemas";
import { describeLifetime, relativeTime, shortDate } from "./format";

export type PrincipalAction = "add_secret" | "edit" | "integration" | "debug" | "disable" | "enable" | "delete";

export interface PrincipalCardProps {
  client: ServicePrincipalView;
  onAction: (action: PrincipalAction, client: ServicePrincipalView) => void;
  onRevokeSecret: (client: ServicePrincipalView, secret: ClientSecretView) => void;
  /** The action currently running for this principal, to show its button as busy. */
  busy?: PrincipalAction | null;
  /** Only Integration and the token debugger. */
  readOnly?: boolean;
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function PrincipalCard({ client, onAction, onRevokeSecret, busy = null, readOnly = false }: PrincipalCardProps) {
  const active = client.status === "active";
  const [now] = useState(() => Date.now()); // one clock reading per render of the list
  const expired = (s: ClientSecretView) => s.expire_time !== null && Date.parse(s.expire_time) <= now;
  // Usable secrets: active and not expired (the server counts the same way against the limit of 5).
  const activeSecrets = client.secrets.filter((s) => s.status === "ACTIVE" && !expired(s));
  const headingId = `sp-${client.client_id}`;
  return (
    <article aria-labelledby={headingId} data-testid="service-principal" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-3 p-4">
        <header className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 id={headingId} className="text-base font-semibold break-words text-slate-900">{client.name}</h3>
            {client.description ? <p className="mt-0.5 text-sm break-words text-slate-600">{client.description}</p> : null}
          </div>
          <Badge tone={active ? "success" : "neutral"} data-testid="principal-status">{active ? "Active" : "Disabled"}</Badge>
        </header>

        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-medium text-slate-500">Client ID</span>
          <code className="min-w-0 font-mono text-sm break-all text-slate-900">{client.client_id}</code>
          <CopyButton value={client.client_id} label={`Copy client ID of ${client.name}`} />
        </div>

        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Detail label="Scopes">
            {client.scopes.length ? (
              <span className="flex flex-wrap gap-1">{client.scopes.map((s) => <Badge key={s} tone="accent" className="font-mono">{s}</Badge>)}</span>
            ) : <span className="text-slate-500">None</span>}
          </Detail>
          <Detail label="Audience">
            {client.audience.length ? client.audience.map((a) => <span key={a} className="block font-mono text-xs break-all">{a}</span>) : <span className="text-slate-500">None</span>}
          </Detail>
          <Detail label="Token lifetime">{describeLifetime(client.expiry)} <span className="text-slate-500">({client.expiry} s)</span></Detail>
          <Detail label="Created">
            {shortDate(client.create_time)}{client.created_by ? <span className="block text-xs text-slate-500">by {client.created_by}</span> : null}
          </Detail>
          {client.custom_claims.length ? (
            <Detail label="Custom claims">
              <span className="flex flex-wrap gap-1">{client.custom_claims.map((c) => <Badge key={c.key} className="font-mono">{c.key}: {c.value}</Badge>)}</span>
            </Detail>
          ) : null}
        </dl>

        <section aria-label={`Secrets of ${client.name}`}>
          <h4 className="text-xs font-medium text-slate-500">Secrets ({activeSecrets.length} active)</h4>
          {client.secrets.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No secrets: this service principal cannot get tokens until you add one.</p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
              {client.secrets.map((s) => (
                <li key={s.id} data-testid="client-secret" className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                  <span className="font-mono text-sm text-slate-900"><span className="sr-only">Secret ending </span><span aria-hidden="true">•••• </span>{s.secret_suffix}</span>
                  {s.status !== "ACTIVE" ? <Badge tone="neutral">Revoked</Badge> : expired(s) ? <Badge tone="warning">Expired</Badge> : <Badge tone="success">Active</Badge>}
                  <span className="text-xs text-slate-500">
                    {s.last_used_time ? `Last used ${relativeTime(s.last_used_time)}` : "Never used"} · added {shortDate(s.create_time)}{s.created_by ? ` by ${s.created_by}` : ""}
                    {s.expire_time ? ` · ${expired(s) ? "expired" : "expires"} ${shortDate(s.expire_time)}` : ""}
                  </span>
                  {s.status === "ACTIVE" && !readOnly ? (
                    <Button size="sm" variant="danger-ghost" className="ml-auto" onClick={() => onRevokeSecret(client, s)} aria-label={`Revoke secret ending ${s.secret_suffix}`}>
                      Revoke
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <footer className="flex flex-wrap gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
        {readOnly ? null : (
          <Button size="sm" onClick={() => onAction("add_secret", client)} loading={busy === "add_secret"} disabled={activeSecrets.length >= MAX_SECRETS_PER_CLIENT}
            title={activeSecrets.length >= MAX_SECRETS_PER_CLIENT ? `At most ${MAX_SECRETS_PER_CLIENT} secrets: revoke one first` : undefined}>
            Add secret
          </Button>
        )}
        {readOnly ? null : <Button size="sm" onClick={() => onAction("edit", client)}>Edit</Button>}
        <Button size="sm" onClick={() => onAction("integration", client)}>Integration</Button>
        <Button size="sm" onClick={() => onAction("debug", client)}>Debug a token</Button>
        {readOnly ? null : (
          <>
            <Button size="sm" onClick={() => onAction(active ? "disable" : "enable", client)} loading={busy === "enable" || busy === "disable"}>
              {active ? "Disable" : "Enable"}
            </Button>
            <Button size="sm" variant="danger-ghost" className="sm:ml-auto" onClick={() => onAction("delete", client)}>Delete</Button>
          </>
        )}
      </footer>
    </article>
  );
}
