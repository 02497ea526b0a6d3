"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Badge, Button, Checkbox, ConfirmDialog, CopyButton, EmptyState, Spinner } from "@/components/ui";
import { formatDateTime } from "@/app/console/_components/format";
import { featureLabel } from "@/lib/organizations/schemas";
import type { PortalLinkCreated, PortalLinkView } from "@/lib/portal/schemas";
import { generatePortalLinkAction, listShareableLinksAction, revokePortalLinkAction } from "./actions";

// The console's "Generate portal link" panel for one organization: make an embedded (single use, open
// within a minute) or shareable (7 days) link with the features it opens, copy it, and see or revoke the
// organization's shareable links.

const when = formatDateTime;

export function GeneratePortalLink({ organizationId, organizationFeatures, canWrite = true }: { organizationId: string; organizationFeatures: string[]; canWrite?: boolean }) {
  const [kind, setKind] = useState<"embedded" | "shareable">("shareable");
  const [features, setFeatures] = useState<string[]>(organizationFeatures);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<PortalLinkCreated | null>(null);
  const [links, setLinks] = useState<PortalLinkView[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<PortalLinkView | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);

  const [reloads, setReloads] = useState(0);
  const router = useRouter();
  // The list here, and the page around it (its link and audit counts, recent activity), which the server renders.
  const load = () => {
    setReloads((n) => n + 1);
    router.refresh();
  };

  useEffect(() => {
    let cancelled = false;
    void listShareableLinksAction(organizationId).then((result) => {
      if (cancelled) return;
      if (result.ok) { setLinks(result.data); setListError(null); } else setListError(result.message);
    });
    return () => { cancelled = true; };
  }, [organizationId, reloads]);

  async function generate(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await generatePortalLinkAction(organizationId, { kind, features });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setCreated(result.data);
    load();
  }

  async function revoke() {
    if (!revoking) return;
    setRevokeBusy(true);
    const result = await revokePortalLinkAction(organizationId, revoking.id);
    setRevokeBusy(false);
    if (!result.ok) return setListError(result.message);
    setRevoking(null);
    load();
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
              <p className="mt-1 text-sm text-slate-600">This organization has no portal features enabled.</p>
            ) : (
              <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                {organizationFeatures.map((f) => (
                  <Checkbox key={f} label={featureLabel(f)} checked={features.includes(f)} onChange={(e) => setFeatures((cur) => (e.target.checked ? [...cur, f] : cur.filter((x) => x !== f)))} />
                ))}
              </div>
            )}
          </fieldset>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <div><Button type="submit" variant="primary" loading={busy}>Generate portal link</Button></div>
          {created ? (
            <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3" data-testid="generated-portal-link">
              <p className="text-sm font-medium text-emerald-900">
                {created.kind === "shareable" ? "Shareable link ready" : "Embedded link ready"}, valid until {when(created.expire_time)}
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
        {listError ? <Alert tone="danger">{listError}</Alert> : null}
        {links === null && !listError ? (
          <div className="py-4"><Spinner /></div>
        ) : links && links.length === 0 ? (
          <EmptyState title="No shareable links">Links you generate appear here until they expire or are revoked.</EmptyState>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {links?.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                <div className="min-w-0">
                  <p className="font-mono text-xs text-slate-500">{l.id}</p>
                  <p className="text-slate-700">Created by {l.created_by.label ?? l.created_by.type} on {when(l.create_time)}</p>
                  <p className="text-slate-600">
                    Expires {when(l.expire_time)} · {l.last_used_time ? `last used ${when(l.last_used_time)}` : "not used yet"}
                  </p>
                  <div className="mt-1 flex flex-wrap gap-1">{l.features.map((f) => <Badge key={f}>{featureLabel(f)}</Badge>)}</div>
                </div>
                {canWrite ? <Button variant="danger" size="sm" onClick={() => setRevoking(l)}>Revoke</Button> : null}
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
        error={listError}
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
      >
        <p className="text-sm text-slate-600">The link stops working at once and anyone using the portal through it is signed out.</p>
      </ConfirmDialog>
    </section>
  );
}
