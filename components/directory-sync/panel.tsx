"use client";
import { useState } from "react";
import { Alert, Badge, Button, ConfirmDialog, CopyButton, Dialog, EmptyState, Field, Select, Spinner, useToast } from "@/components/ui";
import { CredentialsDialog } from "@/components/service-principals/credentials-dialog";
import { Time } from "@/components/ui/time";
import { DIRECTORY_PROVIDERS, PROVIDER_LABELS, type DirectoryProvider, type DirectoryView } from "@/lib/directory/schemas";
import { useCreateDirectory, useDirectories, useRotateToken, useUpdateDirectory, type OneTimeToken } from "./hooks";
import { SETUP_GUIDES } from "./setup-guides";
import { DirectoryUsers } from "./users";
import { DirectoryGroups } from "./groups";
import { ProvisioningLog } from "./log";

// An organization's directory sync: pick the IdP and follow its steps, the SCIM endpoint and token
// (shown once), status, synced users and groups, the provisioning log, enable/disable, rotate token.
// Mounted by the admin portal (Directory sync tab) and the console (read-only for auditors).

export interface DirectorySyncPanelProps {
  organizationId: string;
  readOnly?: boolean;
}

export function DirectorySyncPanel({ organizationId, readOnly = false }: DirectorySyncPanelProps) {
  const list = useDirectories(organizationId);
  const [token, setToken] = useState<OneTimeToken | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const create = useCreateDirectory(organizationId, (t) => { setToken(t); setSelected(t.directory.id); setAdding(false); });

  if (list.isPending) return <div className="flex justify-center rounded-lg border border-slate-200 bg-white py-10"><Spinner label="Loading directory sync…" /></div>;
  if (list.isError) {
    return (
      <Alert tone="danger" title="Could not load directory sync" action={<Button size="sm" onClick={() => void list.refetch()} loading={list.isFetching}>Retry</Button>}>
        {list.error.message}
      </Alert>
    );
  }
  const directories = list.data;
  const current = directories.find((d) => d.id === selected) ?? directories[0] ?? null;

  return (
    <section aria-labelledby="directory-sync-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <h2 id="directory-sync-heading" className="text-lg font-semibold text-slate-900">Directory sync</h2>
          <p className="text-sm text-slate-600">Your identity provider creates, updates and removes users and groups here over SCIM, so joiners get access and leavers lose it.</p>
        </div>
        {current && !readOnly && !adding ? <Button size="sm" onClick={() => setAdding(true)}>Add a directory</Button> : null}
      </div>
      {adding ? (
        <div className="flex flex-col gap-2">
          <SetUpDirectory creating={create.isPending} error={create.error?.message ?? null} onCreate={(provider) => create.mutate({ provider })} />
          <Button size="sm" variant="ghost" className="self-start" onClick={() => setAdding(false)}>Cancel</Button>
        </div>
      ) : null}
      {current ? (
        <>
          {directories.length > 1 ? (
            <Field label="Directory" className="max-w-sm">
              <Select value={current.id} onChange={(e) => setSelected(e.target.value)}>
                {directories.map((d) => <option key={d.id} value={d.id}>{d.name}{d.primary ? " (primary)" : ""}</option>)}
              </Select>
            </Field>
          ) : null}
          <DirectoryDetails key={current.id} organizationId={organizationId} directory={current} readOnly={readOnly} onToken={setToken} />
        </>
      ) : readOnly ? (
        <EmptyState title="No directory yet">
          <p>This organization has not connected an identity provider for provisioning.</p>
        </EmptyState>
      ) : (
        <SetUpDirectory creating={create.isPending} error={create.error?.message ?? null} onCreate={(provider) => create.mutate({ provider })} />
      )}
      <CredentialsDialog
        credentials={token ? { kind: "created", name: token.directory.name, clientId: token.directory.scim_endpoint, secret: token.token } : null}
        onClose={() => setToken(null)}
        copy={token ? tokenCopy(token) : undefined}
      />
    </section>
  );
}

function tokenCopy(t: OneTimeToken) {
  const guide = SETUP_GUIDES[t.directory.provider];
  return {
    title: t.kind === "created" ? `${t.directory.name} directory created` : `New SCIM token for ${t.directory.name}`,
    description: `Paste both into ${PROVIDER_LABELS[t.directory.provider]} now: the token is shown only this once.`,
    idLabel: `SCIM endpoint (${guide.endpointLabel})`,
    secretLabel: `Bearer token (${guide.tokenLabel})`,
    confirm: "I have pasted the token into my identity provider or stored it somewhere safe",
    lost: "Portico keeps only a hash of it. If you lose it, rotate the token and paste the new one.",
    storage: ["Paste it straight into your identity provider's provisioning settings.", "Never send it by email, ticket or chat: anyone holding it can create and remove users here."],
  };
}

function SetUpDirectory({ creating, error, onCreate }: { creating: boolean; error: string | null; onCreate: (p: DirectoryProvider) => void }) {
  const [provider, setProvider] = useState<DirectoryProvider>("OKTA");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h3 className="font-semibold text-slate-900">Connect your identity provider</h3>
      <p className="mt-1 text-sm text-slate-600">Pick the one your company uses. You get a SCIM endpoint and a token to paste into it, with the steps for that provider.</p>
      <fieldset className="mt-4">
        <legend className="sr-only">Identity provider</legend>
        <div className="grid grid-cols-1 gap-2 min-[480px]:grid-cols-2 lg:grid-cols-3">
          {DIRECTORY_PROVIDERS.map((p) => (
            <label key={p} className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2.5 text-sm ${provider === p ? "border-accent bg-slate-50 ring-1 ring-accent" : "border-slate-300 bg-white hover:bg-slate-50"}`}>
              <input type="radio" name="provider" value={p} checked={provider === p} onChange={() => setProvider(p)} className="size-4 accent-[var(--accent)]" />
              <span className="font-medium text-slate-900">{PROVIDER_LABELS[p]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <Alert tone="danger" title="Could not create the directory" className="mt-4">{error}</Alert> : null}
      <Button variant="primary" className="mt-4" loading={creating} onClick={() => onCreate(provider)}>Create directory</Button>
    </div>
  );
}

const STATUS: Record<DirectoryView["status"], { label: string; tone: "success" | "warning" | "neutral" }> = {
  active: { label: "Active", tone: "success" },
  pending: { label: "Waiting for the first sync", tone: "warning" },
  disabled: { label: "Disabled", tone: "neutral" },
};

type Tab = "users" | "groups" | "log" | "setup";

function DirectoryDetails({ organizationId, directory, readOnly, onToken }: {
  organizationId: string; directory: DirectoryView; readOnly: boolean; onToken: (t: OneTimeToken) => void;
}) {
  const toast = useToast();
  const update = useUpdateDirectory(organizationId);
  const rotate = useRotateToken(organizationId, onToken);
  const [tab, setTab] = useState<Tab>(directory.status === "pending" ? "setup" : "users");
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [overlap, setOverlap] = useState("0");
  const [error, setError] = useState<string | null>(null);
  const status = STATUS[directory.status];
  const guide = SETUP_GUIDES[directory.provider];
  const errorIsNewest = directory.last_error && (!directory.last_sync_at || directory.last_error.time > directory.last_sync_at);

  async function setEnabled(enabled: boolean) {
    setError(null);
    try {
      await update.mutateAsync({ directoryId: directory.id, patch: { enabled } });
      toast.show(enabled ? "Directory enabled: provisioning resumes" : "Directory disabled: its SCIM endpoint now refuses requests");
      setConfirmDisable(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 className="flex flex-wrap items-center gap-2 font-semibold text-slate-900">
              <span className="break-words">{directory.name}</span>
              <Badge tone={status.tone} data-testid="directory-status">{status.label}</Badge>
            </h3>
            <p className="mt-0.5 text-sm text-slate-600">{directory.name === PROVIDER_LABELS[directory.provider] ? "" : `${PROVIDER_LABELS[directory.provider]} · `}SCIM 2.0 directory · set up <Time value={directory.create_time} /></p>
          </div>
          {readOnly ? null : (
            <div className="flex flex-wrap gap-2">
              <Button size="sm" onClick={() => { setOverlap("0"); setRotating(true); }}>Rotate token</Button>
              {directory.enabled
                ? <Button size="sm" variant="danger-ghost" onClick={() => setConfirmDisable(true)}>Disable</Button>
                : <Button size="sm" variant="primary" loading={update.isPending} onClick={() => void setEnabled(true)}>Enable</Button>}
            </div>
          )}
        </div>
        {error ? <Alert tone="danger" title="That did not work" className="mt-3">{error}</Alert> : null}

        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Users" value={String(directory.total_users)} testId="directory-user-count" />
          <Stat label="Groups" value={String(directory.total_groups)} testId="directory-group-count" />
          <Stat label="Last sync" value={directory.last_sync_at ? <Time value={directory.last_sync_at} /> : "Never"} />
          <Stat label="Token" value={directory.tokens.length ? `…${directory.tokens.at(-1)!.suffix}` : "None"} title={directory.tokens.length > 1 ? `${directory.tokens.length} tokens work until the overlap ends` : undefined} />
        </dl>
        {directory.tokens.length > 1 ? (
          <p className="mt-2 text-xs text-slate-600">
            The previous token stops working <Time value={directory.tokens.find((t) => t.expire_time)?.expire_time ?? null} />.
          </p>
        ) : null}
        {errorIsNewest ? (
          <Alert tone="warning" title="The last request from your identity provider failed" className="mt-3">
            <span className="break-words">{directory.last_error!.message}</span> <span className="text-xs">(<Time value={directory.last_error!.time} />; see the provisioning log)</span>
          </Alert>
        ) : null}

        <div className="mt-4">
          <p className="text-sm font-medium text-slate-800">SCIM endpoint <span className="font-normal text-slate-500">({guide.endpointLabel} in {PROVIDER_LABELS[directory.provider]})</span></p>
          <div className="mt-1.5 flex items-start gap-2">
            <code data-testid="scim-endpoint" className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900">{directory.scim_endpoint}</code>
            <CopyButton value={directory.scim_endpoint} label="Copy SCIM endpoint" />
          </div>
        </div>
      </div>

      <div role="tablist" aria-label="Directory" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {([["users", `Users (${directory.total_users})`], ["groups", `Groups (${directory.total_groups})`], ["log", "Provisioning log"], ["setup", "Setup steps"]] as [Tab, string][]).map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}
            className={`shrink-0 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${tab === id ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "users" ? <DirectoryUsers organizationId={organizationId} directory={directory} /> : null}
        {tab === "groups" ? <DirectoryGroups organizationId={organizationId} directory={directory} /> : null}
        {tab === "log" ? <ProvisioningLog organizationId={organizationId} directory={directory} /> : null}
        {tab === "setup" ? <SetupSteps directory={directory} /> : null}
      </div>

      <ConfirmDialog
        open={confirmDisable}
        title={`Disable ${directory.name}?`}
        confirmLabel="Disable directory"
        tone="danger"
        pending={update.isPending}
        error={error}
        onClose={() => setConfirmDisable(false)}
        onConfirm={() => setEnabled(false)}
      >
        Your identity provider&apos;s requests will be refused (401) until you enable it again, so new joiners and leavers will not sync. Users and groups already here stay.
      </ConfirmDialog>

      <Dialog open={rotating} onClose={() => setRotating(false)} title="Rotate the SCIM token" description="You get a new token to paste into your identity provider."
        footer={<>
          <Button onClick={() => setRotating(false)}>Cancel</Button>
          <Button variant="primary" loading={rotate.isPending} onClick={async () => {
            try {
              await rotate.mutateAsync({ directory, overlapSeconds: Number(overlap) });
              setRotating(false);
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
              setRotating(false);
            }
          }}>Rotate token</Button>
        </>}>
        <Field label="The current token" hint="Keep it working for a while if you cannot update your identity provider at once.">
          <Select value={overlap} onChange={(e) => setOverlap(e.target.value)}>
            <option value="0">Stops working now</option>
            <option value="3600">Keeps working for 1 hour</option>
            <option value="28800">Keeps working for 8 hours</option>
            <option value="86400">Keeps working for 24 hours</option>
          </Select>
        </Field>
      </Dialog>
    </div>
  );
}

function Stat({ label, value, title, testId }: { label: string; value: React.ReactNode; title?: string; testId?: string }) {
  return (
    <div className="min-w-0 rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 truncate font-semibold text-slate-900" title={title} data-testid={testId}>{value}</dd>
    </div>
  );
}

function SetupSteps({ directory }: { directory: DirectoryView }) {
  const guide = SETUP_GUIDES[directory.provider];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm sm:p-5">
      <h3 className="font-semibold text-slate-900">Connect {PROVIDER_LABELS[directory.provider]}</h3>
      <p className="mt-1 text-slate-600">{guide.intro}</p>
      <ol className="mt-3 list-decimal space-y-2 pl-5 text-slate-700">
        {guide.steps.map((step, i) => <li key={i}>{step}</li>)}
      </ol>
      <dl className="mt-4 grid gap-2 rounded-md bg-slate-50 p-3">
        <div><dt className="font-medium text-slate-800">{guide.endpointLabel}</dt><dd className="mt-0.5 flex items-start gap-2"><code className="min-w-0 flex-1 break-all font-mono text-xs">{directory.scim_endpoint}</code><CopyButton value={directory.scim_endpoint} label={`Copy ${guide.endpointLabel}`} /></dd></div>
        <div><dt className="font-medium text-slate-800">{guide.tokenLabel}</dt><dd className="mt-0.5 text-slate-600">The token shown when the directory was created (it is not shown again). Lost it? Rotate the token.</dd></div>
      </dl>
      {guide.notes.length ? <ul className="mt-3 list-disc space-y-1 pl-5 text-slate-600">{guide.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
    </div>
  );
}
