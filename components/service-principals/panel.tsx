"use client";
import { useState } from "react";
import { Alert, Button, ConfirmDialog, EmptyState, KeyIcon, Spinner, useToast } from "@/components/ui";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import { CredentialsDialog } from "./credentials-dialog";
import { emptyFormValues, formValuesFrom, toCreateInput, toUpdatePatch } from "./form-schema";
import {
  useAddClientSecret, useCreateServicePrincipal, useDeleteServicePrincipal, useRevokeClientSecret, useServicePrincipals, useUpdateServicePrincipal,
  type OneTimeCredentials,
} from "./hooks";
import { AddSecretDialog } from "./add-secret-dialog";
import { IntegrationDialog } from "./integration-dialog";
import { PrincipalCard, type PrincipalAction } from "./principal-card";
import { PrincipalFormDialog } from "./principal-form";
import { TokenDebuggerDialog } from "./token-debugger-dialog";

// An organization's service principals: list, create, one-time credentials, secrets, enable/disable,
// edit, delete, integration details and the token debugger. Mounted by the admin portal and the
// console inside a QueryProvider (and optionally a ToastProvider).

type Open =
  | { kind: "create" }
  | { kind: "edit" | "integration" | "debug" | "delete" | "disable" | "add_secret"; client: ServicePrincipalView }
  | { kind: "revoke"; client: ServicePrincipalView; secret: ClientSecretView }
  | null;

export interface ServicePrincipalsPanelProps {
  organizationId: string;
  /** Called after a service principal is created (the portal turns it into SERVICE_PRINCIPAL_CREATED). Never given the secret. */
  onCreated?: (client: ServicePrincipalView) => void;
  /** Called after a service principal is deleted (the portal turns it into SERVICE_PRINCIPAL_DELETED). */
  onDeleted?: (client: ServicePrincipalView) => void;
  /** Hides every change (for read-only callers such as console auditors); Integration and the debugger stay. */
  readOnly?: boolean;
}

export function ServicePrincipalsPanel({ organizationId, onCreated, onDeleted, readOnly = false }: ServicePrincipalsPanelProps) {
  const toast = useToast();
  const list = useServicePrincipals(organizationId);
  const [open, setOpen] = useState<Open>(null);
  // The one place a plain secret lives: set by the create / add-secret mutation, cleared on close.
  const [credentials, setCredentials] = useState<OneTimeCredentials | null>(null);

  const create = useCreateServicePrincipal(organizationId, setCredentials);
  const update = useUpdateServicePrincipal(organizationId);
  const remove = useDeleteServicePrincipal(organizationId);
  const addSecret = useAddClientSecret(organizationId);
  const revoke = useRevokeClientSecret(organizationId);
  const [statusBusy, setStatusBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const close = () => { setOpen(null); setActionError(null); remove.reset(); revoke.reset(); update.reset(); addSecret.reset(); };

  async function setStatus(client: ServicePrincipalView, status: "active" | "disabled") {
    setStatusBusy(client.client_id);
    try {
      await update.mutateAsync({ clientId: client.client_id, patch: { status } });
      toast.show(status === "active" ? `“${client.name}” enabled: it can get tokens again` : `“${client.name}” disabled: it can no longer get tokens`);
      // Close the disable confirmation only: the user may have opened something else meanwhile.
      setOpen((current) => (current?.kind === "disable" ? null : current));
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    } finally {
      setStatusBusy(null);
    }
  }

  function onAction(action: PrincipalAction, client: ServicePrincipalView) {
    setActionError(null);
    switch (action) {
      case "enable":
        void setStatus(client, "active");
        return;
      default:
        setOpen({ kind: action, client });
    }
  }

  return (
    <section aria-labelledby="service-principals-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="service-principals-heading" className="text-lg font-semibold text-slate-900">Service principals</h2>
          <p className="text-sm text-slate-600">Machine identities that get access tokens for this organization with a client ID and secret.</p>
        </div>
        {list.data?.length && !readOnly ? <Button variant="primary" onClick={() => setOpen({ kind: "create" })}>New service principal</Button> : null}
      </div>

      {actionError && !open ? <Alert tone="danger" title="That did not work">{actionError}</Alert> : null}

      {list.isPending ? (
        <div className="flex justify-center rounded-lg border border-slate-200 bg-white py-10"><Spinner label="Loading service principals…" /></div>
      ) : list.isError ? (
        <Alert tone="danger" title="Could not load service principals" action={<Button size="sm" onClick={() => void list.refetch()} loading={list.isFetching}>Retry</Button>}>
          {list.error.message}
        </Alert>
      ) : list.data.length === 0 ? (
        <EmptyState
          title="No service principals yet"
          icon={<KeyIcon className="size-8" />}
          action={readOnly ? undefined : <Button variant="primary" onClick={() => setOpen({ kind: "create" })}>Create a service principal</Button>}
        >
          <p>
            A service principal is an identity of its own for a script, job or integration that calls your APIs for this
            organization. It gets its own client ID, secrets and scopes, and everything it does is recorded in the audit
            trail under its name, so nobody has to share a person&apos;s password or personal token.
          </p>
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-4">
          {list.data.map((client) => (
            <li key={client.client_id}>
              <PrincipalCard
                client={client}
                readOnly={readOnly}
                onAction={onAction}
                onRevokeSecret={(c, secret) => setOpen({ kind: "revoke", client: c, secret })}
                busy={statusBusy === client.client_id ? "enable" : null}
              />
            </li>
          ))}
        </ul>
      )}

      <PrincipalFormDialog
        open={open?.kind === "create"}
        mode="create"
        organizationId={organizationId}
        defaultValues={emptyFormValues()}
        onClose={close}
        onSubmit={async (values) => {
          const client = await create.mutateAsync(toCreateInput(values));
          close();
          onCreated?.(client);
        }}
      />

      {open?.kind === "edit" ? (
        <PrincipalFormDialog
          open
          mode="edit"
          organizationId={organizationId}
          defaultValues={formValuesFrom(open.client)}
          onClose={close}
          onSubmit={async (values, catalog, changed) => {
            const saved = await update.mutateAsync({ clientId: open.client.client_id, patch: toUpdatePatch(values, catalog, changed.audience) });
            toast.show(`Saved “${saved.name}”`);
            close();
          }}
        />
      ) : null}

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
      <IntegrationDialog client={open?.kind === "integration" ? open.client : null} organizationId={organizationId} onClose={close} />
      <TokenDebuggerDialog client={open?.kind === "debug" ? open.client : null} organizationId={organizationId} onClose={close} />

      <ConfirmDialog
        open={open?.kind === "disable"}
        onClose={close}
        title={open?.kind === "disable" ? `Disable “${open.client.name}”?` : ""}
        confirmLabel="Disable"
        pending={statusBusy !== null}
        error={actionError}
        onConfirm={() => { if (open?.kind === "disable") void setStatus(open.client, "disabled"); }}
      >
        It can no longer get tokens; token requests fail with invalid_client at once. Tokens it already holds stay valid
        until they expire. You can enable it again later.
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "revoke"}
        onClose={close}
        title={open?.kind === "revoke" ? `Revoke secret •••• ${open.secret.secret_suffix}?` : ""}
        confirmLabel="Revoke secret"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={async () => {
          if (open?.kind !== "revoke") return;
          try {
            await revoke.mutateAsync({ clientId: open.client.client_id, secretId: open.secret.id });
            toast.show(`Secret •••• ${open.secret.secret_suffix} revoked`);
            close();
          } catch {
            // shown in the dialog
          }
        }}
      >
        {open?.kind === "revoke" ? <>Anything still using it can no longer get tokens for “{open.client.name}”. This cannot be undone.</> : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "delete"}
        onClose={close}
        title={open?.kind === "delete" ? `Delete “${open.client.name}”?` : ""}
        confirmLabel="Delete service principal"
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
          <>The service principal <strong>{open.client.name}</strong> and all its secrets are deleted. It can no longer get tokens, and this cannot be undone.</>
        ) : null}
      </ConfirmDialog>

      <CredentialsDialog credentials={credentials} onClose={() => setCredentials(null)} />
    </section>
  );
}
