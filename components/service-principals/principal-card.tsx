"use client";
import type { ReactNode } from "react";
import { Badge, Button, Time } from "@/components/ui";
import { formatDuration } from "@/lib/format";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import { AddSecretButton, AudienceDetail, ClientCardHeader, ClientIdRow, Detail, ScopesDetail, SecretsSection, useUsableSecrets } from "./client-card-parts";
import type { ClientWords } from "./vocabulary";

export type PrincipalAction = "add_secret" | "edit" | "integration" | "debug" | "disable" | "enable" | "delete";

/** What a kind of client adds to the shared card (environment clients: organizations, the bootstrap badge). */
export interface ClientCardExtras<C extends ServicePrincipalView> {
  /** Badges before the status badge. */
  badges?: (client: C) => ReactNode;
  /** Details after scopes and audience (replacing token lifetime and creation). */
  details?: (client: C) => ReactNode;
  secretBadges?: (client: C, secret: ClientSecretView) => ReactNode;
  /** How "who created a secret" reads; the default is " by <created_by>". */
  secretCreatedBy?: (client: C, secret: ClientSecretView) => string;
}

export interface PrincipalCardProps<C extends ServicePrincipalView> {
  client: C;
  words: ClientWords;
  onAction: (action: PrincipalAction, client: C) => void;
  onRevokeSecret: (client: C, secret: ClientSecretView) => void;
  /** The action currently running for this client, to show its button as busy. */
  busy?: PrincipalAction | null;
  /** Only the tools (Integration, token debugger). */
  readOnly?: boolean;
  /** Integration and the token debugger (organization clients). */
  tools?: boolean;
  extras?: ClientCardExtras<C>;
  /** A failure of an action started from the card (enabling), shown on it. */
  error?: ReactNode;
}

export function PrincipalCard<C extends ServicePrincipalView>({ client, words, onAction, onRevokeSecret, busy = null, readOnly = false, tools = true, extras, error }: PrincipalCardProps<C>) {
  const active = client.status === "active";
  const usableSecrets = useUsableSecrets(client.secrets);
  const headingId = `sp-${client.client_id}`;
  const badges = extras?.badges?.(client);
  return (
    <article aria-labelledby={headingId} data-testid={words.cardTestId} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-3 p-4">
        <ClientCardHeader headingId={headingId} name={client.name} description={client.description} active={active} statusTestId={words.statusTestId}
          badges={badges === undefined ? undefined : badges} />

        <ClientIdRow clientId={client.client_id} name={client.name} />

        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <ScopesDetail scopes={client.scopes} />
          <AudienceDetail audience={client.audience} label={words.audience === "tenant" ? "APIs it can call" : "Audience"} />
          {extras?.details ? extras.details(client) : (
            <>
              <Detail label="Token lifetime">{formatDuration(client.expiry)}</Detail>
              <Detail label="Created">
                <Time value={client.create_time} />{client.created_by ? <span className="block text-xs text-slate-500">by {client.created_by}</span> : null}
              </Detail>
            </>
          )}
          {client.custom_claims.length ? (
            <Detail label="Custom claims">
              <span className="flex flex-wrap gap-1">{client.custom_claims.map((c) => <Badge key={c.key} className="font-mono">{c.key}: {c.value}</Badge>)}</span>
            </Detail>
          ) : null}
        </dl>

        <SecretsSection clientName={client.name} secrets={client.secrets} usableSecrets={usableSecrets} emptyText={`this ${words.short} cannot get tokens until you add one`}
          onRevoke={readOnly ? undefined : (secret) => onRevokeSecret(client, secret)}
          badges={extras?.secretBadges ? (s) => extras.secretBadges!(client, s) : undefined}
          createdBy={extras?.secretCreatedBy ? (s) => extras.secretCreatedBy!(client, s) : undefined} />
        {error}
      </div>

      {readOnly && !tools ? null : (
        <footer className="flex flex-wrap gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
          {readOnly ? null : <AddSecretButton usableCount={usableSecrets.usable.length} limitNoun="active secrets" onClick={() => onAction("add_secret", client)} aria-label={`Add a secret to ${client.name}`} />}
          {readOnly ? null : <Button size="sm" onClick={() => onAction("edit", client)} aria-label={`Edit ${client.name}`}>Edit</Button>}
          {tools ? <Button size="sm" onClick={() => onAction("integration", client)}>Integration</Button> : null}
          {tools ? <Button size="sm" onClick={() => onAction("debug", client)}>Debug a token</Button> : null}
          {readOnly ? null : (
            <>
              <Button size="sm" onClick={() => onAction(active ? "disable" : "enable", client)} loading={busy === "enable" || busy === "disable"} aria-label={`${active ? "Disable" : "Enable"} ${client.name}`}>
                {active ? "Disable" : "Enable"}
              </Button>
              <Button size="sm" variant="danger-ghost" className="sm:ml-auto" onClick={() => onAction("delete", client)} aria-label={`Delete ${client.name}`}>Delete</Button>
            </>
          )}
        </footer>
      )}
    </article>
  );
}
