"use client";
import { Badge, Button } from "@/components/ui";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import { AddSecretButton, AudienceDetail, ClientCardHeader, ClientIdRow, Detail, ScopesDetail, SecretsSection, useUsableSecrets } from "./client-card-parts";
import { describeLifetime, shortDate } from "./format";

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

export function PrincipalCard({ client, onAction, onRevokeSecret, busy = null, readOnly = false }: PrincipalCardProps) {
  const active = client.status === "active";
  const usableSecrets = useUsableSecrets(client.secrets);
  const headingId = `sp-${client.client_id}`;
  return (
    <article aria-labelledby={headingId} data-testid="service-principal" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-3 p-4">
        <ClientCardHeader headingId={headingId} name={client.name} description={client.description} active={active} statusTestId="principal-status" />

        <ClientIdRow clientId={client.client_id} name={client.name} />

        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <ScopesDetail scopes={client.scopes} />
          <AudienceDetail audience={client.audience} />
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

        <SecretsSection clientName={client.name} secrets={client.secrets} usableSecrets={usableSecrets} emptyText="this service principal cannot get tokens until you add one"
          onRevoke={readOnly ? undefined : (secret) => onRevokeSecret(client, secret)} />
      </div>

      <footer className="flex flex-wrap gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
        {readOnly ? null : <AddSecretButton usableCount={usableSecrets.usable.length} limitNoun="secrets" onClick={() => onAction("add_secret", client)} />}
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
