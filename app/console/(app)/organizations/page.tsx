import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/authz";
import { DomainError } from "@/lib/errors";
import { listOrganizations, ORGANIZATION_SORTS, type OrganizationPage, type OrganizationSort } from "@/lib/organizations";
import { organizationSummaries } from "@/lib/organizations/overview";
import { featureLabels } from "@/lib/organizations/schemas";
import { requireOperatorPage } from "@/lib/operators/guard";
import { isStorableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { buttonClasses, Input, Select, Time } from "@/components/ui";
import { PageHeader } from "@/app/console/_components/page-header";

export const metadata: Metadata = { title: "Organizations" };

const SORT_LABEL: Record<OrganizationSort, string> = { newest: "Newest first", oldest: "Oldest first", name_asc: "Name A–Z", name_desc: "Name Z–A" };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const operator = await requireOperatorPage("organizations:read");
  const params = await searchParams;
  const q = one(params.q)?.trim() ?? "";
  const sort = (ORGANIZATION_SORTS as readonly string[]).includes(one(params.sort) ?? "") ? (one(params.sort) as OrganizationSort) : "newest";
  const cursor = one(params.cursor) ?? null;
  let page: OrganizationPage = { organizations: [], next_cursor: null };
  let error: string | null = null;
  const searchable = isStorableText(q);
  if (!searchable) {
    error = `Search ${TEXT_RULE_MESSAGE}.`;
  } else {
    try {
      page = await listOrganizations(operator, { search: q, sort, cursor, limit: 25 });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      error = "That page link has expired. Showing the first page.";
      page = await listOrganizations(operator, { search: q, sort, limit: 25 });
    }
  }
  const summaries = await organizationSummaries(operator, page.organizations.map((o) => o.id));
  const canWrite = can(operator, "organizations:write");
  const link = (extra: Record<string, string>) => `/console/organizations?${new URLSearchParams({ ...(q ? { q } : {}), sort, ...extra })}`;

  return (
    <div>
      <PageHeader title="Organizations" description="Your customers' tenants: their service principals, portal links and settings."
        actions={canWrite ? <Link href="/console/organizations/new" className={buttonClasses({ variant: "primary" })}>Create organization</Link> : null} />

      <form method="get" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end" role="search">
        <div className="flex-1">
          <label htmlFor="org-search" className="block text-sm font-medium text-slate-700">Search</label>
          <Input id="org-search" name="q" type="search" defaultValue={q} placeholder="Name, external ID or org_…" className="mt-1" />
        </div>
        <div>
          <label htmlFor="org-sort" className="block text-sm font-medium text-slate-700">Sort</label>
          <Select id="org-sort" name="sort" defaultValue={sort} className="mt-1 sm:w-44">
            {ORGANIZATION_SORTS.map((s) => <option key={s} value={s}>{SORT_LABEL[s]}</option>)}
          </Select>
        </div>
        <button type="submit" className={buttonClasses()}>Apply</button>
      </form>

      {error ? <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{error}</p> : null}

      {page.organizations.length === 0 && searchable ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <p className="font-medium text-slate-900">{q ? `No organization matches “${q}”` : "No organizations yet"}</p>
          <p className="mt-1 text-sm text-slate-600">
            {q ? "Search matches part of the name, or an exact external ID or organization ID." : "Create one here, or from your app's backend with POST /api/v1/organizations."}
          </p>
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="hidden bg-slate-50 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">External ID</th>
                <th scope="col" className="px-4 py-2 font-medium">Features</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Service principals</th>
                <th scope="col" className="px-4 py-2 font-medium">Last activity</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {page.organizations.map((o) => {
                const summary = summaries.get(o.id);
                return (
                  <tr key={o.id} className="block py-2 hover:bg-slate-50 md:table-row md:py-0">
                    <td className="block px-4 md:table-cell md:py-3">
                      <Link href={`/console/organizations/${o.id}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">{o.display_name}</Link>
                      <p className="break-all font-mono text-xs text-slate-500">{o.id}</p>
                    </td>
                    <td className="block px-4 text-slate-700 md:table-cell md:py-3">
                      <span className="text-xs text-slate-500 md:hidden">External ID: </span>
                      <span className="break-all">{o.external_id ?? "—"}</span>
                    </td>
                    <td className="block px-4 text-slate-700 md:table-cell md:py-3">
                      <span className="text-xs text-slate-500 md:hidden">Features: </span>{o.features.length ? featureLabels(o.features).join(", ") : <span className="text-slate-500">None</span>}
                    </td>
                    <td className="inline-block pl-4 text-slate-700 md:table-cell md:px-4 md:py-3 md:text-right" data-testid="organization-principals">
                      <span className="text-xs text-slate-500 md:hidden">Service principals: </span>{summary?.service_principals ?? 0}
                    </td>
                    <td className="inline-block pl-4 text-slate-700 md:table-cell md:px-4 md:py-3" data-testid="organization-last-activity">
                      <span className="text-xs text-slate-500 md:hidden">· Last activity </span>{summary?.last_activity_time ? <Time value={summary.last_activity_time} /> : <span className="text-slate-500">none</span>}
                    </td>
                    <td className="hidden px-4 text-slate-700 md:table-cell md:py-3">
                      <Time value={o.create_time} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav aria-label="Pages" className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
        {cursor ? <Link href={link({})} className={buttonClasses({ size: "sm" })}>First page</Link> : <span />}
        {page.next_cursor ? <Link href={link({ cursor: page.next_cursor })} className={buttonClasses({ size: "sm" })}>Next page</Link> : null}
      </nav>
    </div>
  );
}
