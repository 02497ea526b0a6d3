"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Badge, Button, ConfirmDialog, CopyButton, EmptyState, KeyIcon, Spinner, Time, useToast } from "@/components/ui";
import { PROVIDER_GUIDES, SSO_PROVIDERS, type SpValueLabel, type SsoProvider } from "@/lib/sso/providers";
import type { ConnectionView } from "@/lib/sso/schemas";
import { useConnections, useCreateConnection, useCustomAttributes, useDeleteConnection, useSetEnabled, useStartTest } from "./hooks";
import { AccessForm, AttributeMappingForm, OidcIdpForm, SamlIdpForm } from "./settings-forms";

// An organization's single sign-on: pick the identity provider, follow its steps in its own labels,
// copy Portico's values, bring back its metadata (or fields), map attributes, run Test connection in a
// new window, then enable. Mounted by the admin portal's Single sign-on tab and the console.

export interface SsoPanelProps {
  organizationId: string;
  /** Hides every change (console auditors). */
  readOnly?: boolean;
  /** Operators may enable without a passing test (audited); portal admins never. */
  canSkipTest?: boolean;
  /** Where a test result opens (a page of the surface that mounts the panel). */
  resultHref: (testId: string) => string;
}

const STATUS: Record<ConnectionView["status"], { label: string; tone: "neutral" | "warning" | "success" | "accent" }> = {
  draft: { label: "Not set up", tone: "neutral" },
  configured: { label: "Ready to test", tone: "warning" },
  tested: { label: "Tested", tone: "accent" },
  enabled: { label: "Enabled", tone: "success" },
};

function spValue(conn: ConnectionView, value: SpValueLabel["value"]): string {
  switch (value) {
    case "acs_url": return conn.saml?.acs_url ?? "";
    case "sp_entity_id": return conn.saml?.sp_entity_id ?? "";
    case "sp_metadata_url": return conn.saml?.sp_metadata_url ?? "";
    case "sp_metadata_xml": return conn.saml ? `${conn.saml.sp_metadata_url}?download=1` : "";
    case "redirect_uri": return conn.oidc?.redirect_uri ?? "";
  }
}

function SpValues({ conn }: { conn: ConnectionView }) {
  const guide = PROVIDER_GUIDES[conn.provider as SsoProvider] ?? PROVIDER_GUIDES.GENERIC_SAML;
  const rows: { label: string; value: SpValueLabel["value"] }[] = [...guide.spValues];
  // Every SAML provider gets the three values somewhere; add the ones its guide does not name.
  if (conn.type === "SAML") for (const v of ["acs_url", "sp_entity_id", "sp_metadata_url"] as const) if (!rows.some((r) => r.value === v)) rows.push({ label: { acs_url: "ACS URL", sp_entity_id: "SP Entity ID", sp_metadata_url: "SP metadata URL" }[v], value: v });
  return (
    <dl className="flex flex-col gap-3" aria-label="Values for your identity provider">
      {rows.map((r) => r.value === "sp_metadata_xml" ? (
        <div key={r.value} className="flex flex-col gap-1">
          <dt className="text-xs font-medium text-slate-600">{r.label}</dt>
          <dd><a className="text-sm font-medium text-accent underline underline-offset-2" href={spValue(conn, r.value)} download>Download SP metadata XML</a></dd>
        </div>
      ) : (
        <div key={r.value} className="flex flex-col gap-1">
          <dt className="text-xs font-medium text-slate-600">{r.label}</dt>
          <dd className="flex min-w-0 flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-900" data-testid={`sp-${r.value}`}>{spValue(conn, r.value)}</code>
            <CopyButton value={spValue(conn, r.value)} label={`Copy ${r.label}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ProviderPicker({ onPick, pending, onCancel, showCancel }: { onPick: (p: SsoProvider) => void; pending: SsoProvider | null; onCancel: () => void; showCancel: boolean }) {
  return (
    <section aria-labelledby="pick-idp" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <h3 id="pick-idp" className="text-sm font-semibold text-slate-900">Which identity provider does your organization use?</h3>
      <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {SSO_PROVIDERS.map((p) => (
          <li key={p}>
            <Button className="w-full justify-between" onClick={() => onPick(p)} loading={pending === p} disabled={pending !== null}>
              <span>{PROVIDER_GUIDES[p].label}</span><span className="text-xs text-slate-500">{PROVIDER_GUIDES[p].type}</span>
            </Button>
          </li>
        ))}
      </ul>
      {showCancel ? <div><Button variant="ghost" size="sm" onClick={onCancel}>Cancel</Button></div> : null}
    </section>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`step-${n}`}>
      <h3 id={`step-${n}`} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-xs text-accent-foreground">{n}</span>{title}
      </h3>
      {children}
    </section>
  );
}

function ConnectionDetail({ organizationId, conn, props, testing, onTest }: {
  organizationId: string; conn: ConnectionView; props: SsoPanelProps; testing: boolean; onTest: (conn: ConnectionView) => void;
}) {
  const toast = useToast();
  const guide = PROVIDER_GUIDES[conn.provider as SsoProvider] ?? PROVIDER_GUIDES.GENERIC_SAML;
  const attributes = useCustomAttributes(organizationId);
  const setEnabled = useSetEnabled(organizationId);
  const remove = useDeleteConnection(organizationId);
  const [confirm, setConfirm] = useState<"disable" | "delete" | "skip" | null>(null);
  const readOnly = !!props.readOnly;
  const canEnable = conn.status === "tested" || (props.canSkipTest && conn.status === "configured");

  async function toggle(enabled: boolean, skipTest = false) {
    try {
      await setEnabled.mutateAsync({ id: conn.id, enabled, skipTest });
      toast.show(enabled ? `${guide.label} single sign-on enabled` : `${guide.label} single sign-on disabled`);
      setConfirm(null);
    } catch {
      // shown next to the buttons
    }
  }

  return (
    <div className="flex flex-col gap-4" data-testid="sso-connection">
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="text-base font-semibold text-slate-900">{guide.label}</h3>
          <Badge>{conn.type}</Badge>
          <Badge tone={STATUS[conn.status].tone} data-testid="sso-status">{STATUS[conn.status].label}</Badge>
          <span className="font-mono text-xs text-slate-500">{conn.id}</span>
        </div>
        {conn.last_test ? (
          <p className="text-sm text-slate-700" data-testid="sso-last-test">
            Last test: <span className={conn.last_test.passed ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{conn.last_test.passed ? "passed" : `failed (${conn.last_test.error_code})`}</span>
            {" "}· <Time value={conn.last_test.create_time} />{!conn.last_test.current ? " · settings changed since" : ""}
            {" "}· <a className="font-medium text-accent underline underline-offset-2" href={props.resultHref(conn.last_test.id)}>View result</a>
          </p>
        ) : conn.enabled ? (
          <p className="text-sm text-slate-600">Enabled without a passing test (an operator&apos;s override). Run Test connection to check it.</p>
        ) : <p className="text-sm text-slate-600">Not tested yet. Finish the steps below, then test it: a connection can be enabled only after a passing test.</p>}
        {!readOnly ? (
          <div className="flex flex-wrap gap-2">
            <Button variant={conn.status === "configured" ? "primary" : "secondary"} onClick={() => onTest(conn)} loading={testing} disabled={conn.status === "draft"}>
              {testing ? "Waiting for the test window…" : "Test connection"}
            </Button>
            {conn.enabled ? (
              <Button variant="danger-ghost" onClick={() => setConfirm("disable")}>Disable</Button>
            ) : (
              <Button variant={conn.status === "tested" ? "primary" : "secondary"} disabled={!canEnable} loading={setEnabled.isPending}
                onClick={() => (conn.status === "tested" ? void toggle(true) : setConfirm("skip"))}>Enable</Button>
            )}
          </div>
        ) : null}
        {setEnabled.error && !confirm ? <Alert tone="danger" title="That did not work">{setEnabled.error.message}</Alert> : null}
        {testing ? <p className="text-xs text-slate-500" role="status">Sign in with a test account in the window that opened; the result appears here when you finish.</p> : null}
      </div>

      <Step n={1} title={`In ${guide.label}: ${guide.appType}`}>
        <ol className="ml-5 list-decimal space-y-1 text-sm text-slate-700">
          {guide.steps.map((s) => <li key={s}>{s}</li>)}
        </ol>
        {guide.notes ? <p className="text-xs text-slate-500">{guide.notes}</p> : null}
        <SpValues conn={conn} />
      </Step>

      <Step n={2} title={`Back here: ${guide.bringBack}`}>
        {conn.type === "SAML" ? <SamlIdpForm organizationId={organizationId} conn={conn} readOnly={readOnly} /> : <OidcIdpForm organizationId={organizationId} conn={conn} readOnly={readOnly} />}
      </Step>

      <Step n={3} title="Attribute mapping">
        <AttributeMappingForm key={conn.update_time} organizationId={organizationId} conn={conn} customAttributes={attributes.data ?? []} readOnly={readOnly} />
      </Step>

      <Step n={4} title="Who can sign in">
        <AccessForm key={conn.update_time} organizationId={organizationId} conn={conn} readOnly={readOnly} />
      </Step>

      {!readOnly ? (
        <div className="flex justify-end">
          <Button variant="danger-ghost" onClick={() => setConfirm("delete")}>Delete connection</Button>
        </div>
      ) : null}

      <ConfirmDialog open={confirm === "disable"} onClose={() => setConfirm(null)} title={`Disable ${guide.label} single sign-on?`} confirmLabel="Disable"
        pending={setEnabled.isPending} error={setEnabled.error?.message} onConfirm={() => void toggle(false)}>
        Users of your organization can no longer sign in through it, starting now. You can enable it again later.
      </ConfirmDialog>
      <ConfirmDialog open={confirm === "skip"} onClose={() => setConfirm(null)} title="Enable without a passing test?" confirmLabel="Enable anyway"
        pending={setEnabled.isPending} error={setEnabled.error?.message} onConfirm={() => void toggle(true, true)}>
        This connection has no passing test at its current settings. Enabling it anyway is recorded in the audit trail as an operator override.
      </ConfirmDialog>
      <ConfirmDialog open={confirm === "delete"} onClose={() => setConfirm(null)} title={`Delete the ${guide.label} connection?`} confirmLabel="Delete connection"
        pending={remove.isPending} error={remove.error?.message}
        onConfirm={async () => {
          try {
            await remove.mutateAsync(conn.id);
            toast.show("Connection deleted");
            setConfirm(null);
          } catch {
            // shown in the dialog
          }
        }}>
        Its settings, test results and pending sign-ins are deleted. Users can no longer sign in through it.
      </ConfirmDialog>
    </div>
  );
}

export function SsoPanel(props: SsoPanelProps) {
  const { organizationId, readOnly = false } = props;
  const toast = useToast();
  const [started, setTesting] = useState<{ connectionId: string; before: string | null; url: string | null } | null>(null);
  const list = useConnections(organizationId, {
    pollWhile: (data) => !!started && (data?.find((c) => c.id === started.connectionId)?.last_test?.id ?? null) === started.before,
  });
  const create = useCreateConnection(organizationId);
  const startTest = useStartTest(organizationId);
  const [picking, setPicking] = useState(false);
  const [pending, setPending] = useState<SsoProvider | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const connections = useMemo(() => list.data ?? [], [list.data]);
  // A test's result arrives as the connection's new last test: then it is no longer running.
  const newTest = started ? connections.find((c) => c.id === started.connectionId)?.last_test ?? null : null;
  const finished = newTest && newTest.id !== started?.before ? newTest : null;
  const testing = finished ? null : started;
  const current = connections.find((c) => c.id === selected) ?? (connections.length === 1 ? connections[0] : null);
  const stopTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const finishedId = finished?.id;
  useEffect(() => {
    if (!finished) return;
    toast.show(finished.passed ? "Test passed: you can enable the connection" : `Test failed (${finished.error_code}): open the result to see why`);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per finished test
  }, [finishedId]);
  useEffect(() => () => { if (stopTimer.current) clearTimeout(stopTimer.current); }, []);

  async function pick(provider: SsoProvider) {
    setPending(provider);
    try {
      const conn = await create.mutateAsync({ provider });
      setSelected(conn.id);
      setPicking(false);
    } catch {
      // shown below
    } finally {
      setPending(null);
    }
  }

  async function runTest(conn: ConnectionView) {
    setTestError(null);
    // Opened during the click, so popup blockers allow it; pointed at the test URL once Portico made one.
    const win = window.open("", "portico-sso-test", "popup,width=760,height=820");
    try {
      const { url } = await startTest.mutateAsync(conn.id);
      if (win) win.location.href = url;
      setTesting({ connectionId: conn.id, before: conn.last_test?.id ?? null, url: win ? null : url });
      if (stopTimer.current) clearTimeout(stopTimer.current);
      // A test window left open is given up after 10 minutes (its request expires then too).
      stopTimer.current = setTimeout(() => setTesting(null), 10 * 60_000);
    } catch (err) {
      win?.close();
      setTestError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <section aria-labelledby="sso-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="sso-heading" className="text-lg font-semibold text-slate-900">Single sign-on</h2>
          <p className="text-sm text-slate-600">Let your people sign in with their company account (SAML or OpenID Connect), managed in your own identity provider.</p>
        </div>
        {connections.length && !readOnly && !picking ? <Button onClick={() => setPicking(true)}>Add connection</Button> : null}
      </div>

      {list.isPending ? (
        <div className="flex justify-center rounded-lg border border-slate-200 bg-white py-10"><Spinner label="Loading connections…" /></div>
      ) : list.isError ? (
        <Alert tone="danger" title="Could not load single sign-on" action={<Button size="sm" onClick={() => void list.refetch()} loading={list.isFetching}>Retry</Button>}>{list.error.message}</Alert>
      ) : (
        <>
          {create.error ? <Alert tone="danger" title="Could not add the connection">{create.error.message}</Alert> : null}
          {testError ? <Alert tone="danger" title="Could not start the test">{testError}</Alert> : null}
          {testing?.url ? (
            <Alert tone="info" title="Your browser blocked the test window">
              <a className="font-medium underline" href={testing.url} target="_blank" rel="noopener">Open the test in a new window</a>, sign in there, and come back.
            </Alert>
          ) : null}
          {!connections.length && !picking ? (
            <EmptyState title="Single sign-on is not set up" icon={<KeyIcon className="size-8" />}
              action={readOnly ? undefined : <Button variant="primary" onClick={() => setPicking(true)}>Set up single sign-on</Button>}>
              <p>Connect your identity provider (Okta, Microsoft Entra ID, Google Workspace, JumpCloud, OneLogin, PingOne, AD FS or any SAML or OpenID Connect provider). You will test the connection before anyone depends on it.</p>
            </EmptyState>
          ) : null}
          {picking && !readOnly ? <ProviderPicker onPick={pick} pending={pending} onCancel={() => setPicking(false)} showCancel={connections.length > 0} /> : null}
          {connections.length > 1 ? (
            <ul className="flex flex-col divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Connections">
              {connections.map((c, i) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2 px-4 py-3">
                  <span className="font-medium text-slate-900">{PROVIDER_GUIDES[c.provider as SsoProvider]?.label ?? c.provider}</span>
                  <Badge>{c.type}</Badge>
                  <Badge tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Badge>
                  {i === connections.findIndex((x) => x.enabled) ? <span className="text-xs text-slate-500">used for sign-in</span> : null}
                  <Button size="sm" className="ml-auto" variant={current?.id === c.id ? "primary" : "secondary"} onClick={() => setSelected(c.id)} aria-pressed={current?.id === c.id}>
                    {current?.id === c.id ? "Open" : "Manage"}
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          {current ? <ConnectionDetail key={current.id} organizationId={organizationId} conn={current} props={props} testing={testing?.connectionId === current.id} onTest={runTest} /> : null}
        </>
      )}
    </section>
  );
}
