"use client";
import { useMemo, useState, type ReactNode } from "react";
import { Alert, Button, ConfirmDialog, EmptyState, KeyIcon, Spinner, useToast } from "@/components/ui";
import { failureOf } from "@/lib/actions/result";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import { AddSecretDialog } from "./add-secret-dialog";
import { CredentialsDialog } from "./credentials-dialog";
import { useClientMutations, useClients, type OneTimeCredentials } from "./hooks";
import { IntegrationDialog } from "./integration-dialog";
import { PrincipalCard, type ClientCardExtras, type PrincipalAction } from "./principal-card";
import { PrincipalFormDialog } from "./principal-form";
import { organizationClients, type ClientSource } from "./source";
import { TokenDebuggerDialog } from "./token-debugger-dialog";
import { API_CLIENT_WORDS, SERVICE_PRINCIPAL_WORDS, type ClientWords } from "./vocabulary";

// OAuth client screens: list, create, one-time credentials, secrets (add with an expiry, revoke), enable
// and disable, edit, delete, and for organization clients the Integration panel and the token debugger.
// One panel for every kind of client: an organization's service principals (the portal's API clients
// tab, the console's organization page) and the deployment's environment clients (console settings)
// differ only in their source of data, their words, their form and a few card details. Mounted inside a
// QueryProvider (and optionally a ToastProvider).

type Open<C> =
  | { kind: "create" }
  | { kind: "edit" | "integration" | "debug" | "delete" | "disable" | "add_secret"; client: C }
  | { kind: "revoke"; client: C; secret: ClientSecretView }
  | null;

/** What the create and edit dialogs get: `save` sends the input and throws ActionFailure (with fields) when refused. */
export interface ClientFormProps<C> {
  mode: "create" | "edit";
  client?: C;
  onClose: () => void;
  save: (input: unknown) => Promise<void>;
}

export interface ClientsPanelProps<C extends ServicePrincipalView> {
  source: ClientSource<C>;
  words: ClientWords;
  /** The create and edit dialog. */
  renderForm: (props: ClientFormProps<C>) => ReactNode;
  /** The list as the server rendered it, so the first paint has it. */
  initialData?: C[];
  /** Hides every change (console auditors); the tools stay. */
  readOnly?: boolean;
  /** The Integration panel and the token debugger (clients of an organization). */
  tools?: boolean;
  /** The organization whose clients these are (for the tools). */
  organizationId?: string;
  extras?: ClientCardExtras<C>;
  /** Extra sentences for a confirmation (the bootstrap client's warnings). */
  notes?: { disable?: (client: C) => ReactNode; delete?: (client: C) => ReactNode; revoke?: (client: C, secret: ClientSecretView) => ReactNode };
  /** A client was created (the portal turns it into SERVICE_PRINCIPAL_CREATED). Never given the secret. */
  onCreated?: (client: C) => void;
  /** A client was deleted (the portal turns it into SERVICE_PRINCIPAL_DELETED). */
  onDeleted?: (client: C) => void;
  /** Any change succeeded: the page refreshes what it shows around the panel (counts, summaries). */
  onChanged?: () => void;
  /** The heading's level and whether it is shown (a page whose own heading says it hides it). */
  headingLevel?: 2 | 3;
}

export function ClientsPanel<C extends ServicePrincipalView>({
  source, words, renderForm, initialData, readOnly = false, tools = false, organizationId, extras, notes, onCreated, onDeleted, onChanged, headingLevel = 2,
}: ClientsPanelProps<C>) {
  const toast = useToast();
  const list = useClients(source, initialData);
  const [open, setOpen] = useState<Open<C>>(null);
  // The one place a plain secret lives: set by the create / add-secret mutation, cleared on close.
  const [credentials, setCredentials] = useState<OneTimeCredentials | null>(null);
  const { create, update, remove, addSecret, revokeSecret } = useClientMutations(source, onChanged);
  const [statusBusy, setStatusBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ clientId: string; message: string } | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const close = () => { setOpen(null); setConfirmError(null); remove.reset(); revokeSecret.reset(); addSecret.reset(); };

  async function setStatus(client: C, status: "active" | "disabled") {
    setStatusBusy(client.client_id);
    setActionError(null);
    try {
      await update.mutateAsync({ clientId: client.client_id, patch: { status } });
      toast.show(status === "active" ? `“${client.name}” enabled: it can get tokens again` : `“${client.name}” disabled: it can no longer get tokens`);
      // Close the disable confirmation only: the user may have opened something else meanwhile.
      setOpen((current) => (current?.kind === "disable" ? null : current));
    } catch (err) {
      const message = failureOf(err).message;
      if (status === "disabled") setConfirmError(message);
      else setActionError({ clientId: client.client_id, message });
    } finally {
      setStatusBusy(null);
    }
  }

  function onAction(action: PrincipalAction, client: C) {
    setActionError(null);
    if (action === "enable") void setStatus(client, "active");
    else setOpen({ kind: action, client });
  }

  const Heading = headingLevel === 2 ? "h2" : "h3";
  const otherActive = (client: C, secret: ClientSecretView) => client.secrets.filter((s) => s.status === "ACTIVE" && s.id !== secret.id).length;

  return (
    <section aria-labelledby={`${words.cardTestId}-heading`} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <Heading id={`${words.cardTestId}-heading`} className="text-lg font-semibold text-slate-900">{words.Nouns}</Heading>
          <p className="text-sm text-slate-600">{words.description}</p>
        </div>
        {list.data?.length && !readOnly ? <Button variant="primary" onClick={() => setOpen({ kind: "create" })}>{words.newButton}</Button> : null}
      </div>

      {list.isPending ? (
        <div className="flex justify-center rounded-lg border border-slate-200 bg-white py-10"><Spinner label={`Loading ${words.Nouns.toLowerCase()}…`} /></div>
      ) : list.isError ? (
        <Alert tone="danger" title={`Could not load ${words.Nouns.toLowerCase()}`} action={<Button size="sm" onClick={() => void list.refetch()} loading={list.isFetching}>Retry</Button>}>
          {list.error.message}
        </Alert>
      ) : list.data.length === 0 ? (
        <EmptyState
          title={`No ${words.Nouns.toLowerCase()} yet`}
          icon={<KeyIcon className="size-8" />}
          action={readOnly ? undefined : <Button variant="primary" onClick={() => setOpen({ kind: "create" })}>{words.emptyAction}</Button>}
        >
          <p>{words.emptyBody}</p>
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-4" aria-label={words.Nouns}>
          {list.data.map((client) => (
            <li key={client.client_id}>
              <PrincipalCard
                client={client}
                words={words}
                readOnly={readOnly}
                tools={tools}
                extras={extras}
                onAction={onAction}
                onRevokeSecret={(c, secret) => setOpen({ kind: "revoke", client: c, secret })}
                busy={statusBusy === client.client_id ? "enable" : null}
                error={actionError?.clientId === client.client_id ? <Alert tone="danger" title="That did not work">{actionError.message}</Alert> : null}
              />
            </li>
          ))}
        </ul>
      )}

      {open?.kind === "create" ? renderForm({
        mode: "create",
        onClose: close,
        save: async (input) => {
          const { client, credentials: made } = await create.mutateAsync(input);
          close();
          setCredentials(made);
          onCreated?.(client);
        },
      }) : null}

      {open?.kind === "edit" ? renderForm({
        mode: "edit",
        client: open.client,
        onClose: close,
        save: async (patch) => {
          const saved = await update.mutateAsync({ clientId: open.client.client_id, patch });
          toast.show(`Saved “${saved.name}”`);
          close();
        },
      }) : null}

      <AddSecretDialog
        clientName={open?.kind === "add_secret" ? open.client.name : null}
        onClose={close}
        pending={addSecret.isPending}
        error={addSecret.error?.message}
        onAdd={async (expireTime) => {
          if (open?.kind !== "add_secret") return;
          try {
            const added = await addSecret.mutateAsync({ clientId: open.client.client_id, name: open.client.name, expireTime });
            close();
            setCredentials(added);
          } catch {
            // shown in the dialog
          }
        }}
      />
      {tools && organizationId ? (
        <>
          <IntegrationDialog client={open?.kind === "integration" ? open.client : null} organizationId={organizationId} words={words} onClose={close} />
          <TokenDebuggerDialog client={open?.kind === "debug" ? open.client : null} source={source} words={words} onClose={close} />
        </>
      ) : null}

      <ConfirmDialog
        open={open?.kind === "disable"}
        onClose={close}
        title={open?.kind === "disable" ? `Disable “${open.client.name}”?` : ""}
        confirmLabel="Disable"
        pending={statusBusy !== null}
        error={confirmError}
        onConfirm={() => { if (open?.kind === "disable") void setStatus(open.client, "disabled"); }}
      >
        It can no longer get tokens: token requests fail with invalid_client at once. Tokens it already holds stay valid
        until they expire. You can enable it again later.
        {open?.kind === "disable" ? notes?.disable?.(open.client) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "revoke"}
        onClose={close}
        title={open?.kind === "revoke" ? `Revoke secret •••• ${open.secret.secret_suffix} of “${open.client.name}”?` : ""}
        confirmLabel="Revoke secret"
        pending={revokeSecret.isPending}
        error={revokeSecret.error?.message}
        onConfirm={async () => {
          if (open?.kind !== "revoke") return;
          try {
            await revokeSecret.mutateAsync({ clientId: open.client.client_id, secretId: open.secret.id });
            toast.show(`Secret •••• ${open.secret.secret_suffix} revoked`);
            close();
          } catch {
            // shown in the dialog
          }
        }}
      >
        {open?.kind === "revoke" ? (
          <span className="flex flex-col gap-2">
            <span>Token requests with this secret fail at once; tokens already issued stay valid until they expire. This cannot be undone.</span>
            {otherActive(open.client, open.secret) === 0
              ? <strong className="text-red-800">It is the {words.short}&apos;s only active secret: the {words.short} cannot get tokens until you add a new one.</strong>
              : null}
            {notes?.revoke?.(open.client, open.secret)}
          </span>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "delete"}
        onClose={close}
        title={open?.kind === "delete" ? `Delete “${open.client.name}”?` : ""}
        confirmLabel={`Delete ${words.noun}`}
        confirmText={open?.kind === "delete" ? open.client.name : undefined}
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={async () => {
          if (open?.kind !== "delete") return;
          try {
            await remove.mutateAsync(open.client.client_id);
            toast.show(`“${open.client.name}” deleted`);
            close();
            onDeleted?.(open.client);
          } catch {
            // shown in the dialog
          }
        }}
      >
        {open?.kind === "delete" ? (
          <>
            The {words.noun} <strong>{open.client.name}</strong> and all its secrets are deleted. It can no longer get tokens, and this cannot be undone.
            {notes?.delete?.(open.client)}
          </>
        ) : null}
      </ConfirmDialog>

      <CredentialsDialog credentials={credentials} onClose={() => setCredentials(null)} noun={words.Noun} />
    </section>
  );
}

export interface ServicePrincipalsPanelProps {
  organizationId: string;
  /** Tenant admins (the portal) read "API clients"; the console and dev tools read "service principals". */
  audience?: "tenant" | "vendor";
  /** Called after a service principal is created (the portal turns it into SERVICE_PRINCIPAL_CREATED). Never given the secret. */
  onCreated?: (client: ServicePrincipalView) => void;
  /** Called after a service principal is deleted (the portal turns it into SERVICE_PRINCIPAL_DELETED). */
  onDeleted?: (client: ServicePrincipalView) => void;
  /** Called after any change (the console refreshes the organization's counts). */
  onChanged?: () => void;
  /** Hides every change (for read-only callers such as console auditors); Integration and the debugger stay. */
  readOnly?: boolean;
  headingLevel?: 2 | 3;
}

/** An organization's service principals (API clients, for tenants). */
export function ServicePrincipalsPanel({ organizationId, audience = "vendor", ...rest }: ServicePrincipalsPanelProps) {
  const source = useMemo(() => organizationClients(organizationId), [organizationId]);
  const words = audience === "tenant" ? API_CLIENT_WORDS : SERVICE_PRINCIPAL_WORDS;
  return (
    <ClientsPanel
      {...rest}
      source={source}
      words={words}
      tools
      organizationId={organizationId}
      renderForm={(form) => <PrincipalFormDialog {...form} organizationId={organizationId} words={words} />}
    />
  );
}
