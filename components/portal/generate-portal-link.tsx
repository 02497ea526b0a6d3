"use client";
import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Badge, Button, Checkbox, ConfirmDialog, CopyButton, EmptyState, Spinner, Time } from "@/components/ui";
import { callAction, type Failure } from "@/lib/actions/result";
import { featureLabel } from "@/lib/organizations/schemas";
import type { PortalLinkCreated, PortalLinkView } from "@/lib/portal/schemas";
import { generatePortalLinkAction, listShareableLinksAction, revokePortalLinkAction } from "./actions";

// The console's portal links for one organization: make an embedded (single use, open within a minute)
// or shareable (7 days) link with the features it opens, copy it, and see or revoke the organization's
// shareable links. Every change refreshes the page around it (its counts and activity).

type LinkList = { state: "loading" } | { state: "loaded"; links: PortalLinkView[] } | { state: "failed"; failure: Failure };

export function GeneratePortalLink({ organizationId, organizationFeatures, canWrite = true }: { organizationId: string; organizationFeatures: string[]; canWrite?: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<"embedded" | "shareable">("shareable");
  const [features, setFeatures] = useState<string[]>(organizationFeatures);
  const [showHeader, setShowHeader] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<PortalLinkCreated | null>(null);
  const [list, setList] = useState<LinkList>({ state: "loading" });
  const [revoking, setRevoking] = useState<PortalLinkView | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const loadLinks = useCallback(async () => {
    const result = await callAction(() => listShareableLinksAction(organizationId));
    setList(result.ok ? { state: "loaded", links: result.data } : { state: "failed", failure: result.error });
  }, [organizationId]);

  useEffect(() => {
    let cancelled = false;
    void callAction(() => listShareableLinksAction(organizationId)).then((result) => {
      if (!cancelled) setList(result.ok ? { state: "loaded", links: result.data } : { state: "failed", failure: result.error });
    });
    return () => { cancelled = true; };
  }, [organizationId]);

  /** The list here, and the page around it (its link and audit counts, activity), which the server renders. */
  function changed() {
    void loadLinks();
    router.refresh();
  }

  async function generate(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await callAction(() => generatePortalLinkAction(organizationId, { kind, features, show_header: showHeader }));
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setCreated(result.data);
    changed();
  }

  async function revoke() {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    const result = await callAction(() => revokePortalLinkAction(organizationId, revoking.id));
    setRevokeBusy(false);
    if (!result.ok) return setRevokeError(result.error.message);
    setRevoking(null);
    changed();
  }

  return (
    <section aria-labelledby="portal-link-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="portal-link-heading" className="text-lg font-semibold text-slate-900">Admin portal link</h2>
        <p className="text-sm text-slate-600">Give this organization&apos;s admins access to the admin portal. Everything they do there is recorded in the audit log.</p>
      </div>
      {canWrite ? (
        <form onSubmit={generate} className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <fieldset>
            <legend className="text-sm font-medium text-slate-900">Kind</legend>
            <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
              {(["shareable", "embedded"] as const).map((k) => (
                <label key={k} className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="mt-1 accent-[rgb(var(--accent))]" />
                  <span>
                    <span className="font-medium text-slate-900">{k === "shareable" ? "Shareable" : "Embedded"}</span>
                    <span className="block text-slate-600">{k === "shareable" ? "Valid for 7 days, can be opened many times until revoked." : "Opens once, within 1 minute. For testing what your app embeds."}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium text-slate-900">Features</legend>
            {organizationFeatures.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">This organization has no portal features: turn some on by editing the organization.</p>
            ) : (
              <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                {organizationFeatures.map((f) => (
                  <Checkbox key={f} label={featureLabel(f)} checked={features.includes(f)} onChange={(e) => setFeatures((cur) => (e.target.checked ? [...cur, f] : cur.filter((x) => x !== f)))} />
                ))}
              </div>
            )}
          </fieldset>
          <Checkbox label="Show the portal's header" description="Untick when your page already says whose settings these are (the portal then starts with its tabs)."
            checked={showHeader} onChange={(e) => setShowHeader(e.target.checked)} />
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <div><Button type="submit" variant="primary" loading={busy}>Generate portal link</Button></div>
          {created ? (
            <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3" data-testid="generated-portal-link">
              <p className="text-sm font-medium text-emerald-900">
                {created.kind === "shareable" ? "Shareable link ready" : "Embedded link ready"}, valid until <Time value={created.expire_time} />
              </p>
              <div className="mt-2 flex items-center gap-2">
                <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs text-slate-800">{created.location}</code>
                <CopyButton value={created.location} label="Copy portal link" />
              </div>
              <p className="mt-2 text-xs text-emerald-900">Anyone with this link can manage this organization in the portal. Share it only with the organization&apos;s admins.</p>
            </div>
          ) : null}
        </form>
      ) : null}

      <div>
        <h3 className="text-sm font-semibold text-slate-900">Shareable links</h3>
        {list.state === "loading" ? (
          <div className="py-4"><Spinner label="Loading shareable links…" /></div>
        ) : list.state === "failed" ? (
          <Alert tone="danger" title="Could not load the shareable links" className="mt-2"
            action={<Button size="sm" onClick={() => { setList({ state: "loading" }); void loadLinks(); }}>Retry</Button>}>
            {list.failure.message}
          </Alert>
        ) : list.links.length === 0 ? (
          <EmptyState title="No shareable links" className="mt-2">Links you generate appear here until they expire or are revoked.</EmptyState>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {list.links.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                <div className="min-w-0">
                  <p className="font-mono text-xs text-slate-500">{l.id}</p>
                  <p className="text-slate-700">Created by {l.created_by.label ?? l.created_by.type} <Time value={l.create_time} /></p>
                  <p className="text-slate-600">
                    Expires <Time value={l.expire_time} /> · {l.last_used_time ? <>last used <Time value={l.last_used_time} /></> : "not used yet"}
                  </p>
                  <div className="mt-1 flex flex-wrap gap-1">{l.features.map((f) => <Badge key={f}>{featureLabel(f)}</Badge>)}</div>
                </div>
                {canWrite ? <Button variant="danger" size="sm" onClick={() => { setRevokeError(null); setRevoking(l); }}>Revoke</Button> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this link?"
        confirmLabel="Revoke link"
        tone="danger"
        pending={revokeBusy}
        error={revokeError}
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
      >
        <p className="text-sm text-slate-600">The link stops working at once and anyone using the portal through it is signed out.</p>
      </ConfirmDialog>
    </section>
  );
}
