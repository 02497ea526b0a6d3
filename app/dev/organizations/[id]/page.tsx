import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { QueryProvider } from "@/components/query-provider";
import { ServicePrincipalsPanel } from "@/components/service-principals";
import { ToastProvider } from "@/components/ui";
import { DomainError } from "@/lib/errors";
import { getOrganization } from "@/lib/organizations";
import { requireDevPrincipal } from "../../guard";

export const metadata: Metadata = { title: "Organization (dev)", robots: { index: false } };

// Development only: one organization with its feature screens mounted as the admin portal will mount them.
// `?view=read-only` previews what read-only callers (console auditors) see.
export default async function DevOrganizationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ view?: string }> }) {
  const { id } = await params;
  const readOnly = (await searchParams).view === "read-only";
  const principal = await requireDevPrincipal(`/dev/organizations/${id}`);
  const organization = await getOrganization(principal, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-4 px-3 py-4 sm:px-6 sm:py-6">
      <nav aria-label="Dev tools" className="flex flex-wrap justify-between gap-2 text-sm">
        <Link href="/dev" className="text-accent underline-offset-2 hover:underline">← Organizations</Link>
        <Link href={readOnly ? `/dev/organizations/${organization.id}` : `/dev/organizations/${organization.id}?view=read-only`} className="text-accent underline-offset-2 hover:underline">
          {readOnly ? "Back to the editable view" : "Preview the read-only view"}
        </Link>
      </nav>
      <header>
        <h1 className="text-xl font-semibold break-words text-slate-900">{organization.display_name}</h1>
        <p className="font-mono text-xs break-all text-slate-500">{organization.id}</p>
      </header>
      <QueryProvider>
        <ToastProvider>
          <ServicePrincipalsPanel organizationId={organization.id} readOnly={readOnly} />
        </ToastProvider>
      </QueryProvider>
    </main>
  );
}
