"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { QueryProvider } from "@/components/query-provider";
import { ClientsPanel, type ClientFormProps } from "@/components/service-principals/panel";
import { Detail } from "@/components/service-principals/client-card-parts";
import type { ClientSource } from "@/components/service-principals/source";
import { ENVIRONMENT_CLIENT_WORDS } from "@/components/service-principals/vocabulary";
import { Alert, Badge, Button, Dialog, ToastProvider } from "@/components/ui";
import { failureOf, fieldMessages } from "@/lib/actions/result";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";
import { BOOTSTRAP_CREATED_BY, type EnvironmentClientView } from "@/lib/service-principals/schemas";
import {
  addEnvironmentClientSecretAction, createEnvironmentClientAction, deleteEnvironmentClientAction, listEnvironmentClientsAction,
  revokeEnvironmentClientSecretAction, updateEnvironmentClientAction,
} from "./actions";
import { ClientForm, emptyClientForm, FORM_FIELDS, formValuesFrom, revealFirstError, toInput, type ClientFormValues } from "./client-form";

// Environment clients: the client panel every OAuth client screen uses (create with the secret shown
// once, add and revoke secrets, edit, disable, delete), over the environment-client actions, with this
// kind's form (catalog and management scopes, organizations it may act for) and the bootstrap client's
// warnings.

export interface EnvironmentClientsProps {
  clients: EnvironmentClientView[];
  apis: ApiResourceView[];
  organizationNames: Record<string, string>;
  /** BOOTSTRAP_MANAGEMENT_CLIENT_ID: the host app's backend uses it, so changes to it get a warning. */
  bootstrapClientId: string | null;
  canWrite: boolean;
}

const source: ClientSource<EnvironmentClientView> = {
  key: ["environment-clients"],
  list: () => listEnvironmentClientsAction(),
  create: (input) => createEnvironmentClientAction(input),
  update: (clientId, patch) => updateEnvironmentClientAction(clientId, patch),
  remove: (clientId) => deleteEnvironmentClientAction(clientId),
  addSecret: (clientId, input) => addEnvironmentClientSecretAction(clientId, input),
  revokeSecret: (clientId, secretId) => revokeEnvironmentClientSecretAction(clientId, secretId),
};

const USAGE: Record<string, string> = {
  deny: "Never names an organization",
  allow: "May name an organization",
  require: "Must name an organization",
};

export function EnvironmentClients({ clients, apis, organizationNames, bootstrapClientId, canWrite }: EnvironmentClientsProps) {
  const router = useRouter();
  const isBootstrap = (c: EnvironmentClientView) => c.client_id === bootstrapClientId;
  return (
    <QueryProvider>
      <ToastProvider>
        <ClientsPanel
          source={source}
          words={ENVIRONMENT_CLIENT_WORDS}
          initialData={clients}
          readOnly={!canWrite}
          // The organizations' names come with the page: refresh it when a client changes.
          onChanged={() => router.refresh()}
          renderForm={(form) => <EnvironmentClientFormDialog {...form} apis={apis} bootstrap={!!form.client && isBootstrap(form.client)} />}
          extras={{
            badges: (c) => (isBootstrap(c) ? <Badge tone="accent" title="BOOTSTRAP_MANAGEMENT_CLIENT_ID">Bootstrap</Badge> : null),
            details: (c) => (
              <>
                <Detail label="Organizations">
                  {c.allow_any_organization ? "Any organization" : c.allowed_organization_ids.length ? (
                    <span className="flex flex-col">
                      {c.allowed_organization_ids.map((id) => (
                        <span key={id}>{organizationNames[id] ?? "Unknown organization"}<span className="block font-mono text-xs break-all text-slate-500">{id}</span></span>
                      ))}
                    </span>
                  ) : <span className="text-slate-500">None</span>}
                </Detail>
                <Detail label="Organization in token requests">{USAGE[c.organization_usage] ?? c.organization_usage}</Detail>
                {c.redirect_uris.length ? (
                  <Detail label="SSO redirect URIs" className="sm:col-span-2">
                    <span className="flex flex-col" data-testid="redirect-uris">
                      {c.redirect_uris.map((u) => (
                        <span key={u} className="font-mono text-xs break-all">{u}{u === c.default_redirect_uri ? <Badge tone="accent" className="ml-2">default</Badge> : null}</span>
                      ))}
                    </span>
                  </Detail>
                ) : null}
              </>
            ),
            secretBadges: (c, s) => (isBootstrap(c) && s.created_by === BOOTSTRAP_CREATED_BY ? <Badge tone="neutral">from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET</Badge> : null),
            secretCreatedBy: (_c, s) => (s.created_by && s.created_by !== BOOTSTRAP_CREATED_BY ? ` by ${s.created_by}` : ""),
          }}
          notes={{
            disable: (c) => (isBootstrap(c) ? <> <strong>This is the bootstrap management client your host app&apos;s backend uses.</strong></> : null),
            delete: (c) => (isBootstrap(c)
              ? <> <strong>This is the bootstrap management client: your host app&apos;s backend loses access now, and Portico creates it again at its next start while BOOTSTRAP_MANAGEMENT_CLIENT_ID is set.</strong></>
              : null),
            revoke: (c, s) => (isBootstrap(c) && s.created_by === BOOTSTRAP_CREATED_BY
              ? <strong>This secret comes from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET, which your host app&apos;s backend uses. Portico stores it again at its next start unless you change the variable.</strong>
              : null),
          }}
        />
      </ToastProvider>
    </QueryProvider>
  );
}

/**
 * The create and edit dialog: a refused save shows its errors beside their fields (the first one
 * revealed) or, when none is a field of the form, as a message.
 */
function EnvironmentClientFormDialog({ mode, client, onClose, save, apis, bootstrap }: ClientFormProps<EnvironmentClientView> & { apis: ApiResourceView[]; bootstrap: boolean }) {
  const [values, setValues] = useState<ClientFormValues>(() => (client ? formValuesFrom(client, apis) : emptyClientForm));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formId = mode === "create" ? "create-environment-client" : `edit-${client?.client_id}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setMessage(null);
    try {
      await save(toInput(values, apis));
    } catch (err) {
      const failure = failureOf(err);
      const fields = fieldMessages(failure, { top: true });
      setErrors(fields);
      setMessage(Object.keys(fields).some((f) => FORM_FIELDS.includes(f)) ? "Check the highlighted fields." : failure.message);
      revealFirstError(form);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onClose={() => { if (!pending) onClose(); }} size="lg"
      title={mode === "create" ? ENVIRONMENT_CLIENT_WORDS.createTitle : `Edit “${client?.name}”`}
      description={mode === "create" ? "Its secret is shown once when it is created." : <span className="font-mono text-xs break-all">{client?.client_id}</span>}
      footer={<>
        <Button onClick={onClose} disabled={pending}>Cancel</Button>
        <Button type="submit" form={formId} variant="primary" loading={pending}>{mode === "create" ? ENVIRONMENT_CLIENT_WORDS.createSubmit : "Save changes"}</Button>
      </>}>
      <form id={formId} onSubmit={onSubmit} noValidate aria-label={mode === "create" ? ENVIRONMENT_CLIENT_WORDS.createTitle : undefined} className="flex flex-col gap-4">
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
