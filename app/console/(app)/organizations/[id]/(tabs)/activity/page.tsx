import type { Metadata } from "next";
import Link from "next/link";
import { queryAuditEvents, type AuditPage } from "@/lib/audit/query";
import { DomainError } from "@/lib/errors";
import { buttonClasses, Time } from "@/components/ui";
import { actionLabel, actorTypeLabel } from "@/app/console/_components/audit-labels";
import { loadOrganizationPage } from "../load";

export const metadata: Metadata = { title: "Organization activity" };

/** The organization's audit events, newest first, 50 a page; each opens in the audit log with its details. */
export default async function OrganizationActivityPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { id } = await params;
  const { cursor } = await searchParams;
  const { operator } = await loadOrganizationPage(id);
  let page: AuditPage;
  try {
    page = await queryAuditEvents(operator, { organizationId: id, cursor: typeof cursor === "string" ? cursor : null, limit: 50 });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    page = await queryAuditEvents(operator, { organizationId: id, limit: 50 });
  }
  const audit = (extra: Record<string, string> = {}) => `/console/audit?${new URLSearchParams({ organization_id: id, ...extra })}`;
  return (
    <section aria-labelledby="org-activity" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="org-activity" className="text-lg font-semibold text-slate-900">Activity</h2>
        <Link href={audit()} className={buttonClasses({ size: "sm" })}>Filter and export in the audit log</Link>
      </div>
      {page.events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">Nothing has happened in this organization yet.</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="organization-activity">
          {page.events.map((e) => (
            <li key={e.id}>
              <Link href={audit({ event: e.id })} className="flex flex-col gap-0.5 px-4 py-2.5 hover:bg-slate-50 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="min-w-0">
                  <span className="block font-medium text-slate-900">{actionLabel(e.action)}</span>
                  <span className="block break-words text-xs text-slate-500">
                    {actorTypeLabel(e.actor.type)} {e.actor.label ?? e.actor.id ?? ""}{e.target ? <> · <span className="font-mono">{e.target.id}</span></> : null}
                  </span>
                </span>
                <Time value={e.time} className="shrink-0 text-xs text-slate-500" />
              </Link>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Pages" className="flex flex-wrap justify-between gap-2 text-sm">
        {cursor ? <Link href={`/console/organizations/${id}/activity`} className={buttonClasses({ size: "sm" })}>Newest</Link> : <span />}
        {page.next_cursor ? <Link href={`/console/organizations/${id}/activity?cursor=${page.next_cursor}`} className={buttonClasses({ size: "sm" })}>Older events</Link> : null}
      </nav>
    </section>
  );
}
