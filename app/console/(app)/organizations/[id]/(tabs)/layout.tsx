import Link from "next/link";
import { can } from "@/lib/authz";
import { organizationCounts, type OrganizationCounts } from "@/lib/organizations/overview";
import { buttonClasses, CopyButton } from "@/components/ui";
import { PageHeader } from "@/app/console/_components/page-header";
import { loadOrganizationPage } from "./load";
import { OrganizationTabs } from "./tabs";

// One organization in the console: its name and id (with a copy button), its headline numbers, and tabs
// for the overview, its service principals, its portal links, its single sign-on, its directory sync (with
// group → role mapping), its domains and its activity. Every change made on a tab refreshes this layout too
// (router.refresh), so the numbers never lag behind the lists.

/** The headline numbers, each with a line saying what it counts. */
function overviewCards(c: OrganizationCounts, id: string): { label: string; value: string; note: string; href?: string }[] {
  const disabled = c.service_principals - c.active_service_principals;
  return [
    {
      label: "Service principals",
      value: c.service_principals ? String(c.service_principals) : "None yet",
      note: !c.service_principals ? "Create one in the Service principals tab, or its admins can in the portal" : disabled ? `${c.active_service_principals} active, ${disabled} disabled` : "All active",
      href: `/console/organizations/${id}/service-principals`,
    },
    { label: "Active secrets", value: String(c.active_secrets), note: c.service_principals ? "Across its service principals" : "Secrets come with service principals" },
    { label: "Shareable portal links", value: String(c.shareable_links), note: c.shareable_links ? "Open and not expired" : "None open", href: `/console/organizations/${id}/portal-links` },
    { label: "Audit events", value: String(c.audit_events_30d), note: "In the last 30 days", href: `/console/organizations/${id}/activity` },
  ];
}

export default async function OrganizationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  const counts = await organizationCounts(operator, id);
  const canWrite = can(operator, "organizations:write", { organizationId: id });
  return (
    <div>
      <PageHeader
        back={<Link href="/console/organizations" className="text-slate-600 hover:underline">← Organizations</Link>}
        title={org.display_name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="text-slate-500">Organization ID</span>
            <code className="break-all font-mono text-xs text-slate-800" data-testid="organization-id">{org.id}</code>
            <CopyButton value={org.id} label="Copy organization ID" />
          </span>
        }
        actions={canWrite ? <Link href={`/console/organizations/${id}/edit`} className={buttonClasses()}>Edit</Link> : null}
      />

      <section aria-labelledby="overview" className="mb-5">
        <h2 id="overview" className="sr-only">Overview</h2>
        <dl className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-4">
          {overviewCards(counts, id).map(({ label, value, note }) => (
            <div key={label} className="rounded-lg border border-slate-200 bg-white px-3 py-2.5 sm:p-4">
              <dt className="text-xs font-medium text-slate-500 sm:uppercase sm:tracking-wide">{label}</dt>
              <dd className="mt-0.5 sm:mt-1">
                <span className="text-base font-semibold text-slate-900 sm:text-lg">{value}</span>
                <span className="block text-xs leading-snug text-slate-500">{note}</span>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <OrganizationTabs id={id} principals={counts.service_principals} links={counts.shareable_links} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
