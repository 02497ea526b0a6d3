import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/authz";
import { DomainError } from "@/lib/errors";
import { requireOperatorPage } from "@/lib/operators/guard";
import { getOrganization } from "@/lib/organizations";
import { PageHeader } from "@/app/console/_components/page-header";
import { OrganizationSso } from "./sso-panel";

export const metadata: Metadata = { title: "Single sign-on" };

export default async function OrganizationSsoPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperatorPage("connections:read");
  const { id } = await params;
  const org = await getOrganization(operator, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <div>
      <PageHeader back={<Link href={`/console/organizations/${id}`} className="text-slate-600 hover:underline">← {org.display_name}</Link>} title="Single sign-on" />
      {org.features.includes("sso") ? null : (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This organization does not have the Single sign-on feature: its users cannot sign in through these connections, and its admins do not see them in the portal.
        </p>
      )}
      <OrganizationSso organizationId={id} readOnly={!can(operator, "connections:write", { organizationId: id })} />
    </div>
  );
}
