import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/authz";
import { DomainError } from "@/lib/errors";
import { queryAuditEvents } from "@/lib/audit/query";
import { getOrganization } from "@/lib/organizations";
import { organizationCounts, type OrganizationCounts } from "@/lib/organizations/overview";
import { featureLabels } from "@/lib/organizations/schemas";
import { Badge } from "@/components/ui";
import { requireOperatorPage } from "@/lib/operators/guard";
import { PageHeader } from "@/app/console/_components/page-header";
import { GeneratePortalLink } from "@/components/portal/generate-portal-link";
import { DomainsScreen } from "@/components/domains";
import { formatDateTime } from "@/app/console/_components/format";
import { actionLabel, actorTypeLabel } from "@/app/console/_components/audit-labels";
import { listConnections } from "@/lib/sso/connections";
import { providerLabel } from "@/lib/sso/providers";
import { OrganizationServicePrincipals } from "./service-principals";

export const metadata: Metadata = { title: "Organization" };

/** The overview's headline numbers, each with a line saying what it counts. */
function overviewCards(c: OrganizationCounts): { label: string; value: string; note: string }[] {
  const disabled = c.service_principals - c.active_service_principals;
  return [
    {
      label: "Service principals",
      value: c.service_principals ? String(c.service_principals) : "None yet",
      note: !c.service_principals ? "Create one below, or its admins can in the portal" : disabled ? `${c.active_service_principals} active, ${disabled} disabled` : "All active",
    },
    { label: "Active secrets", value: String(c.active_secrets), note: c.service_principals ? "Across its service principals" : "Secrets come with service principals" },
    { label: "Shareable portal links", value: String(c.shareable_links), note: c.shareable_links ? "Open and not expired" : "None open" },
    { label: "Audit events", value: String(c.audit_events_30d), note: "In the last 30 days" },
  ];
}

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperatorPage("organizations:read");
  const { id } = await params;
  const org = await getOrganization(operator, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  const [counts, activity] = await Promise.all([organizationCounts(operator, id), queryAuditEvents(operator, { organizationId: id, limit: 8 })]);
  const canWrite = can(operator, "organizations:write", { organizationId: id });
  const connections = await listConnections(operator, id);
  const expiring = connections.flatMap((c) => (c.saml?.idp_certificates ?? []).filter((cert) => cert.expires_soon).map((cert) => ({ conn: c, cert })));
  const metadataEntries = Object.entries(org.metadata);

  return (
    <div>
      <PageHeader
        back={<Link href="/console/organizations" className="text-slate-600 hover:underline">← Organizations</Link>}
        title={org.display_name}
        description={<span className="break-all font-mono text-xs">{org.id}</span>}
        actions={canWrite ? <Link href={`/console/organizations/${id}/edit`} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">Edit</Link> : null}
      />

      <section aria-labelledby="overview" className="mb-8">
        <h2 id="overview" className="sr-only">Overview</h2>
        <dl className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 lg:grid-cols-4">
          {overviewCards(counts).map(({ label, value, note }) => (
            <div key={label} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
              <dd className="mt-1">
                <span className="text-lg font-semibold text-slate-900">{value}</span>
                <span className="block text-xs text-slate-500">{note}</span>
              </dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 grid gap-4 lg:grid-cols-2">
          <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <h3 className="font-semibold text-slate-900">Details</h3>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
              <dt className="text-slate-500">External id</dt><dd className="break-all font-mono text-xs leading-5">{org.external_id ?? "—"}</dd>
              <dt className="text-slate-500">Features</dt>
              <dd>
                {org.features.length
                  ? <span className="flex flex-wrap gap-1">{featureLabels(org.features).map((f) => <Badge key={f}>{f}</Badge>)}</span>
                  : <span className="text-slate-500">None: portal links to it open no tabs</span>}
              </dd>
              <dt className="text-slate-500">Created</dt><dd>{formatDateTime(org.create_time)}</dd>
              <dt className="text-slate-500">Updated</dt><dd>{formatDateTime(org.update_time)}</dd>
            </dl>
            <h3 className="mt-4 font-semibold text-slate-900">Metadata</h3>
            {metadataEntries.length ? (
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
                {metadataEntries.map(([k, v]) => (
                  <div key={k} className="contents"><dt className="break-all font-mono text-xs leading-5 text-slate-500">{k}</dt><dd className="break-all">{v === null ? "null" : String(v)}</dd></div>
                ))}
              </dl>
            ) : <p className="mt-1 text-slate-500">No metadata.</p>}
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <div className="flex items-center justify-between gap-2">
              <h3 className="font-semibold text-slate-900">Recent activity</h3>
              <Link href={`/console/audit?organization_id=${encodeURIComponent(id)}`} className="text-accent hover:underline">All activity</Link>
            </div>
            {activity.events.length ? (
              <ol className="mt-2 divide-y divide-slate-100">
                {activity.events.map((e) => (
                  <li key={e.id} className="py-2">
                    <p className="font-medium text-slate-800">{actionLabel(e.action)}</p>
                    <p className="break-words text-xs text-slate-500">{actorTypeLabel(e.actor.type)} {e.actor.label ?? ""} · {formatDateTime(e.time)}</p>
                  </li>
                ))}
              </ol>
            ) : <p className="mt-2 text-slate-500">Nothing has happened in this organization yet.</p>}
          </div>
        </div>
      </section>

      <section aria-label="Admin portal link" className="mb-8">
        <GeneratePortalLink organizationId={id} organizationFeatures={org.features} canWrite={can(operator, "portal_links:write", { organizationId: id })} />
      </section>

      <section aria-labelledby="sso-summary" className="mb-8 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="sso-summary" className="font-semibold text-slate-900">Single sign-on</h2>
          <Link href={`/console/organizations/${id}/sso`} className="text-accent hover:underline">{connections.length ? "Manage single sign-on" : "Set up single sign-on"}</Link>
        </div>
        {connections.length ? (
          <ul className="mt-2 flex flex-col gap-1">
            {connections.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2">
                <span className="text-slate-800">{providerLabel(c.provider)}</span><Badge>{c.type}</Badge>
                <Badge tone={c.enabled ? "success" : "neutral"}>{c.enabled ? "Enabled" : "Not enabled"}</Badge>
                {c.last_test ? <span className="text-xs text-slate-500">last test {c.last_test.passed ? "passed" : `failed (${c.last_test.error_code})`}</span> : null}
              </li>
            ))}
          </ul>
        ) : <p className="mt-1 text-slate-500">No SSO connection.</p>}
        {expiring.map(({ conn, cert }) => (
          <p key={`${conn.id}-${cert.fingerprint_sha256}`} className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            {providerLabel(conn.provider)}: the identity provider&apos;s signing certificate {cert.expired ? "has expired" : `expires on ${formatDateTime(cert.not_after)}`}; sign-ins fail once it has.
          </p>
        ))}
      </section>

      <section aria-label="Directory sync" className="mb-8 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <div className="min-w-0">
          <h2 className="font-semibold text-slate-900">Directory sync and roles</h2>
          <p className="text-slate-600">SCIM directories, synced users and groups, the provisioning log and the group → role mapping.</p>
        </div>
        <Link href={`/console/organizations/${id}/directory-sync`} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-50">Open directory sync</Link>
      </section>

      <section aria-label="Service principals" className="mb-8">
        {org.features.includes("api_clients") ? null : (
          <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This organization does not have the API clients feature, so its admins do not see these in the portal. Operators can still manage them here.
          </p>
        )}
        <OrganizationServicePrincipals organizationId={org.id} readOnly={!can(operator, "clients:write", { organizationId: id })} />
      </section>

      <section aria-label="Domains" className="mb-8">
        {org.features.includes("domain_verification") ? null : (
          <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This organization does not have the Domains feature, so its admins do not see these in the portal. Operators can still manage them here.
          </p>
        )}
        <DomainsScreen
          organizationId={org.id}
          audience="console"
          readOnly={!can(operator, "domains:write", { organizationId: id })}
          canVerifyManually={can(operator, "domains:verify", { organizationId: id })}
        />
      </section>
    </div>
  );
}
