import type { Metadata } from "next";
import Link from "next/link";
import { queryAuditEvents } from "@/lib/audit/query";
import { featureLabels } from "@/lib/organizations/schemas";
import { Badge, Time } from "@/components/ui";
import { actionLabel, actorTypeLabel } from "@/app/console/_components/audit-labels";
import { loadOrganizationPage } from "./load";

export const metadata: Metadata = { title: "Organization" };

/** The overview tab: the organization's details and metadata, and what happened lately. */
export default async function OrganizationOverview({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  const activity = await queryAuditEvents(operator, { organizationId: id, limit: 8 });
  const metadataEntries = Object.entries(org.metadata);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="details" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="details" className="font-semibold text-slate-900">Details</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
          <dt className="text-slate-500">External ID</dt><dd className="break-all font-mono text-xs leading-5">{org.external_id ?? "—"}</dd>
          <dt className="text-slate-500">Features</dt>
          <dd>
            {org.features.length
              ? <span className="flex flex-wrap gap-1">{featureLabels(org.features).map((f) => <Badge key={f}>{f}</Badge>)}</span>
              : <span className="text-slate-500">None: portal links to it open no tabs</span>}
          </dd>
          <dt className="text-slate-500">Created</dt><dd><Time value={org.create_time} /></dd>
          <dt className="text-slate-500">Updated</dt><dd><Time value={org.update_time} /></dd>
        </dl>
        <h3 className="mt-4 font-semibold text-slate-900">Metadata</h3>
        {metadataEntries.length ? (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
            {metadataEntries.map(([k, v]) => (
              <div key={k} className="contents"><dt className="break-all font-mono text-xs leading-5 text-slate-500">{k}</dt><dd className="break-all">{v === null ? "null" : String(v)}</dd></div>
            ))}
          </dl>
        ) : <p className="mt-1 text-slate-500">No metadata.</p>}
      </section>
      <section aria-labelledby="recent" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <div className="flex items-center justify-between gap-2">
          <h2 id="recent" className="font-semibold text-slate-900">Recent activity</h2>
          <Link href={`/console/audit?organization_id=${encodeURIComponent(id)}`} className="text-accent hover:underline">All activity</Link>
        </div>
        {activity.events.length ? (
          <ol className="mt-2 divide-y divide-slate-100">
            {activity.events.map((e) => (
              <li key={e.id} className="py-2">
                <p className="font-medium text-slate-800">{actionLabel(e.action)}</p>
                <p className="break-words text-xs text-slate-500">{actorTypeLabel(e.actor.type)} {e.actor.label ?? ""} · <Time value={e.time} /></p>
              </li>
            ))}
          </ol>
        ) : <p className="mt-2 text-slate-500">Nothing has happened in this organization yet.</p>}
      </section>
    </div>
  );
}
