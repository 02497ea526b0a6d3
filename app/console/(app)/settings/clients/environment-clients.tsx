"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Badge, Button, ConfirmDialog, Dialog, EmptyState, KeyIcon, ToastProvider, useToast } from "@/components/ui";
import { AddSecretDialog } from "@/components/service-principals/add-secret-dialog";
import { CredentialsDialog } from "@/components/service-principals/credentials-dialog";
import type { OneTimeCredentials } from "@/components/service-principals/hooks";
import {
  AddSecretButton, AudienceDetail, ClientCardHeader, ClientIdRow, Detail, ScopesDetail, SecretsSection, useUsableSecrets,
} from "@/components/service-principals/client-card-parts";
import type { FormResult } from "@/lib/operators/form-result";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";
import { BOOTSTRAP_CREATED_BY, type ClientSecretView, type EnvironmentClientView } from "@/lib/service-principals/schemas";
import {
  addEnvironmentClientSecretAction, createEnvironmentClientAction, deleteEnvironmentClientAction, revokeEnvironmentClientSecretAction,
  setEnvironmentClientStatusAction, updateEnvironmentClientAction,
} from "../actions";
import { ClientForm, emptyClientForm, fieldErrors, FORM_FIELDS, formValuesFrom, revealFirstError, toInput, type ClientFormValues } from "./client-form";

// Environment clients: create (secret shown once), edit scopes, audience and organizations, add a
// secret and revoke old ones one at a time (rotation without cutting callers off), disable, delete.

export interface EnvironmentClientsProps {
  clients: EnvironmentClientView[];
  apis: ApiResourceView[];
  organizationNames: Record<string, string>;
  /** BOOTSTRAP_MANAGEMENT_CLIENT_ID: the host app's backend uses it, so changes to it get a warning. */
  bootstrapClientId: string | null;
  canWrite: boolean;
}

export function EnvironmentClients(props: EnvironmentClientsProps) {
  return <ToastProvider><EnvironmentClientsBody {...props} /></ToastProvider>;
}

type Open =
  | { kind: "edit" | "add_secret"; client: EnvironmentClientView }
  | { kind: "revoke"; client: EnvironmentClientView; secret: ClientSecretView }
  | { kind: "disable"; client: EnvironmentClientView }
  | { kind: "delete"; client: EnvironmentClientView }
  | null;

function EnvironmentClientsBody({ clients, apis, organizationNames, bootstrapClientId, canWrite }: EnvironmentClientsProps) {
  const router = useRouter();
  const toast = useToast();
  const [credentials, setCredentials] = useState<OneTimeCredentials | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [cardError, setCardError] = useState<{ clientId: string; message: string } | null>(null);

  const close = () => { setOpen(null); setDialogError(null); };
  async function act<T>(key: string, fn: () => Promise<FormResult<T>>): Promise<FormResult<T>> {
    setPending(key);
    setDialogError(null);
    setCardError(null);
    try {
      const r = await fn();
      if (r.ok) router.refresh();
      return r;
    } finally {
      setPending(null);
    }
  }

  /** A confirmation dialog's action: on failure the dialog shows why; on success `done` (a toast), then it closes. */
  async function confirm<T>(key: string, fn: () => Promise<FormResult<T>>, done: () => void) {
    const r = await act(key, fn);
    if (!r.ok) { setDialogError(r.message); return; }
    done();
    close();
  }

  async function addSecret(client: EnvironmentClientView, expireTime: string | null) {
    const r = await act("add_secret", () => addEnvironmentClientSecretAction(client.client_id, { expire_time: expireTime }));
    if (!r.ok) { setDialogError(r.message); return; }
    close();
    setCredentials({ kind: "added", name: client.name, clientId: client.client_id, secret: r.data.plain_secret });
  }

  async function enable(client: EnvironmentClientView) {
    const r = await act(`status:${client.client_id}`, () => setEnvironmentClientStatusAction(client.client_id, "active"));
    if (!r.ok) setCardError({ clientId: client.client_id, message: r.message });
    else toast.show(`“${client.name}” enabled`);
  }

  const isBootstrap = (c: EnvironmentClientView) => c.client_id === bootstrapClientId;

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="clients" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div className="min-w-0">
            <h2 id="clients" className="text-base font-semibold text-slate-900">Environment clients</h2>
            <p className="text-sm text-slate-600">For your app&apos;s backend (the management API) and for clients that act for several organizations.</p>
          </div>
          {canWrite ? <Button variant="primary" onClick={() => setCreating(true)}>Create environment client</Button> : null}
        </div>
        {clients.length === 0 ? (
          <EmptyState icon={<KeyIcon className="size-6" />} title="No environment clients yet">Create one, or set BOOTSTRAP_MANAGEMENT_CLIENT_ID and _SECRET.</EmptyState>
        ) : (
          <ul className="flex flex-col gap-3" aria-label="Environment clients">
            {clients.map((c) => (
              <li key={c.client_id}>
                <ClientCard client={c} organizationNames={organizationNames} bootstrap={isBootstrap(c)} canWrite={canWrite} pending={pending}
                  error={cardError?.clientId === c.client_id ? cardError.message : null}
                  onAddSecret={() => setOpen({ kind: "add_secret", client: c })} onEdit={() => setOpen({ kind: "edit", client: c })} onEnable={() => void enable(c)}
                  onDisable={() => setOpen({ kind: "disable", client: c })} onDelete={() => setOpen({ kind: "delete", client: c })}
                  onRevoke={(secret) => setOpen({ kind: "revoke", client: c, secret })} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {creating ? (
        <CreateClientDialog apis={apis} onClose={() => setCreating(false)}
          onCreated={(c) => { setCreating(false); setCredentials(c); router.refresh(); }} />
      ) : null}

      <AddSecretDialog clientName={open?.kind === "add_secret" ? open.client.name : null} onClose={close} pending={pending === "add_secret"} error={dialogError}
        onAdd={async (expireTime) => { if (open?.kind === "add_secret") await addSecret(open.client, expireTime); }} />

      {open?.kind === "edit" ? (
        <EditClientDialog client={open.client} apis={apis} bootstrap={isBootstrap(open.client)} onClose={close}
          onSaved={() => { toast.show(`“${open.client.name}” saved`); close(); router.refresh(); }} />
      ) : null}

      <ConfirmDialog
        open={open?.kind === "revoke"}
        onClose={close}
        title={open?.kind === "revoke" ? `Revoke secret •••• ${open.secret.secret_suffix} of “${open.client.name}”?` : ""}
        confirmLabel="Revoke secret"
        pending={pending === "revoke"}
        error={dialogError}
        onConfirm={async () => {
          if (open?.kind !== "revoke") return;
          await confirm("revoke", () => revokeEnvironmentClientSecretAction(open.client.client_id, open.secret.id), () => toast.show(`Secret •••• ${open.secret.secret_suffix} revoked`));
        }}
      >
        {open?.kind === "revoke" ? <RevokeWarning client={open.client} secret={open.secret} bootstrap={isBootstrap(open.client)} /> : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "disable"}
        onClose={close}
        title={open?.kind === "disable" ? `Disable “${open.client.name}”?` : ""}
        confirmLabel="Disable"
        pending={pending === "disable"}
        error={dialogError}
        onConfirm={async () => {
          if (open?.kind !== "disable") return;
          await confirm("disable", () => setEnvironmentClientStatusAction(open.client.client_id, "disabled"), () => toast.show(`“${open.client.name}” disabled`));
        }}
      >
        It can no longer get tokens: token requests fail with invalid_client at once. Tokens it already holds stay valid until they expire.
        {open?.kind === "disable" && isBootstrap(open.client) ? <> <strong>This is the bootstrap management client your host app&apos;s backend uses.</strong></> : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === "delete"}
        onClose={close}
        title={open?.kind === "delete" ? `Delete “${open.client.name}”?` : ""}
        confirmLabel="Delete environment client"
        confirmText={open?.kind === "delete" ? open.client.name : undefined}
        pending={pending === "delete"}
        error={dialogError}
        onConfirm={async () => {
          if (open?.kind !== "delete") return;
          await confirm("delete", () => deleteEnvironmentClientAction(open.client.client_id), () => toast.show(`“${open.client.name}” deleted`));
        }}
      >
        The client and all its secrets are deleted; it cannot get tokens any more. This cannot be undone.
        {open?.kind === "delete" && isBootstrap(open.client)
          ? <> <strong>This is the bootstrap management client: your host app&apos;s backend loses access now, and Portico creates it again at its next start while BOOTSTRAP_MANAGEMENT_CLIENT_ID is set.</strong></>
          : null}
      </ConfirmDialog>

      <CredentialsDialog credentials={credentials} onClose={() => setCredentials(null)} noun="Environment client" />
    </div>
  );
}

function RevokeWarning({ client, secret, bootstrap }: { client: EnvironmentClientView; secret: ClientSecretView; bootstrap: boolean }) {
  const others = client.secrets.filter((s) => s.status === "ACTIVE" && s.id !== secret.id).length;
  return (
    <span className="flex flex-col gap-2">
      <span>Token requests with this secret fail at once. Tokens already issued stay valid until they expire.</span>
      {others === 0 ? <strong className="text-red-800">It is the client&apos;s only active secret: the client cannot get tokens until you add a new one.</strong> : null}
      {bootstrap && secret.created_by === BOOTSTRAP_CREATED_BY
        ? <strong>This secret comes from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET, which your host app&apos;s backend uses. Portico stores it again at its next start unless you change the variable.</strong>
        : null}
    </span>
  );
}

/**
 * The state and submit handler of the create and edit dialogs: a refused save shows its errors beside
 * their fields (the first one revealed) or, when none is a field of the form, as a message.
 */
function useClientFormSubmit<T>(initial: () => ClientFormValues, apis: ApiResourceView[], save: (input: ReturnType<typeof toInput>) => Promise<FormResult<T>>,
  onSaved: (r: Extract<FormResult<T>, { ok: true }>) => void) {
  const [values, setValues] = useState<ClientFormValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setMessage(null);
    const r = await save(toInput(values, apis)).finally(() => setPending(false));
    if (!r.ok) {
      const fields = fieldErrors(r.fields);
      setErrors(fields);
      setMessage(Object.keys(fields).some((f) => FORM_FIELDS.includes(f)) ? "Check the highlighted fields." : r.message);
      revealFirstError(form);
      return;
    }
    onSaved(r as Extract<FormResult<T>, { ok: true }>);
  }
  return { values, setValues, errors, message, pending, onSubmit };
}

function CreateClientDialog({ apis, onClose, onCreated }: { apis: ApiResourceView[]; onClose: () => void; onCreated: (c: OneTimeCredentials) => void }) {
  const { values, setValues, errors, message, pending, onSubmit } = useClientFormSubmit(() => emptyClientForm, apis, createEnvironmentClientAction,
    (r) => onCreated({ kind: "created", name: r.data.name, clientId: r.data.client_id, secret: r.data.plain_secret }));
  return (
    <Dialog open onClose={() => { if (!pending) onClose(); }} size="lg" title="Create an environment client"
      description="Its secret is shown once when it is created."
      footer={<>
        <Button onClick={onClose} disabled={pending}>Cancel</Button>
        <Button type="submit" form="create-environment-client" variant="primary" loading={pending}>Create client</Button>
      </>}>
      <form id="create-environment-client" onSubmit={onSubmit} noValidate aria-label="Create an environment client" className="flex flex-col gap-4">
        <ClientForm values={values} onChange={setValues} apis={apis} errors={errors} disabled={pending} />
        {message ? <Alert tone="danger">{message}</Alert> : null}
      </form>
    </Dialog>
  );
}

function EditClientDialog({ client, apis, bootstrap, onClose, onSaved }: {
  client: EnvironmentClientView; apis: ApiResourceView[]; bootstrap: boolean; onClose: () => void; onSaved: () => void;
}) {
  const { values, setValues, errors, message, pending, onSubmit } = useClientFormSubmit(() => formValuesFrom(client, apis), apis,
    (input) => updateEnvironmentClientAction(client.client_id, input), () => onSaved());
  const formId = `edit-${client.client_id}`;
  return (
    <Dialog open onClose={() => { if (!pending) onClose(); }} size="lg" title={`Edit “${client.name}”`}
      description={<span className="font-mono text-xs break-all">{client.client_id}</span>}
      footer={<>
        <Button onClick={onClose} disabled={pending}>Cancel</Button>
        <Button type="submit" form={formId} variant="primary" loading={pending}>Save changes</Button>
      </>}>
      <form id={formId} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {bootstrap ? (
          <Alert tone="info">
            This is the bootstrap management client. Portico gives it every management scope and any organization again at its next start while BOOTSTRAP_MANAGEMENT_CLIENT_ID is set.
          </Alert>
        ) : null}
        <ClientForm values={values} onChange={setValues} apis={apis} errors={errors} disabled={pending} />
        {message ? <Alert tone="danger">{message}</Alert> : null}
      </form>
    </Dialog>
  );
}

const USAGE: Record<string, string> = {
  deny: "Never names an organization",
  allow: "May name an organization",
  require: "Must name an organization",
};

function ClientCard({ client, organizationNames, bootstrap, canWrite, pending, error, onAddSecret, onEdit, onEnable, onDisable, onDelete, onRevoke }: {
  client: EnvironmentClientView; organizationNames: Record<string, string>; bootstrap: boolean; canWrite: boolean; pending: string | null; error: string | null;
  onAddSecret: () => void; onEdit: () => void; onEnable: () => void; onDisable: () => void; onDelete: () => void; onRevoke: (s: ClientSecretView) => void;
}) {
  const active = client.status === "active";
  const usableSecrets = useUsableSecrets(client.secrets);
  const headingId = `ec-${client.client_id}`;
  return (
    <article aria-labelledby={headingId} data-testid="environment-client" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-3 p-4">
        <ClientCardHeader headingId={headingId} name={client.name} description={client.description} active={active} statusTestId="client-status"
          badges={bootstrap ? <Badge tone="accent" title="BOOTSTRAP_MANAGEMENT_CLIENT_ID">Bootstrap</Badge> : null} />

        <ClientIdRow clientId={client.client_id} name={client.name} />

        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <ScopesDetail scopes={client.scopes} />
          <AudienceDetail audience={client.audience} />
          <Detail label="Organizations">
            {client.allow_any_organization ? "Any organization" : client.allowed_organization_ids.length ? (
              <span className="flex flex-col">
                {client.allowed_organization_ids.map((id) => (
                  <span key={id}>{organizationNames[id] ?? "Unknown organization"}<span className="block font-mono text-xs break-all text-slate-500">{id}</span></span>
                ))}
              </span>
            ) : <span className="text-slate-500">None</span>}
          </Detail>
          <Detail label="Organization in token requests">{USAGE[client.organization_usage] ?? client.organization_usage}</Detail>
        </dl>
        {client.redirect_uris.length ? (
          <dl className="grid grid-cols-1 gap-3">
            <Detail label="SSO redirect URIs">
              <span className="flex flex-col" data-testid="redirect-uris">
                {client.redirect_uris.map((u) => (
                  <span key={u} className="font-mono text-xs break-all">{u}{u === client.default_redirect_uri ? <Badge tone="accent" className="ml-2">default</Badge> : null}</span>
                ))}
              </span>
            </Detail>
          </dl>
        ) : null}

        <SecretsSection clientName={client.name} secrets={client.secrets} usableSecrets={usableSecrets} emptyText="this client cannot get tokens until you add one"
          onRevoke={canWrite ? onRevoke : undefined}
          badges={(s) => bootstrap && s.created_by === BOOTSTRAP_CREATED_BY ? <Badge tone="neutral">from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET</Badge> : null}
          createdBy={(s) => s.created_by && s.created_by !== BOOTSTRAP_CREATED_BY ? ` by ${s.created_by}` : ""} />
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </div>

      {canWrite ? (
        <footer className="flex flex-wrap gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
          <AddSecretButton usableCount={usableSecrets.usable.length} limitNoun="active secrets" onClick={onAddSecret} aria-label={`Add a secret to ${client.name}`} />
          <Button size="sm" onClick={onEdit} aria-label={`Edit ${client.name}`}>Edit</Button>
          {active
            ? <Button size="sm" onClick={onDisable} aria-label={`Disable ${client.name}`}>Disable</Button>
            : <Button size="sm" onClick={onEnable} loading={pending === `status:${client.client_id}`} aria-label={`Enable ${client.name}`}>Enable</Button>}
          <Button size="sm" variant="danger-ghost" className="sm:ml-auto" onClick={onDelete} aria-label={`Delete ${client.name}`}>Delete</Button>
        </footer>
      ) : null}
    </article>
  );
}
