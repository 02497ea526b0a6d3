import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/authz";
import { DomainError } from "@/lib/errors";
import { getOrganization } from "@/lib/organizations";
import { requireOperatorPage } from "@/lib/operators/guard";
import { PageHeader } from "@/app/console/_components/page-header";
import { OrganizationDirectorySync } from "./panels";

export const metadata: Metadata = { title: "Directory sync" };

// The organization's directory sync and group → role mapping, the same screens its admins get in the
// portal; read-only for auditors.
export default async function OrganizationDirectorySyncPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperatorPage("directories:read");
  const { id } = await params;
  const org = await getOrganization(operator, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <div>
      <PageHeader
        back={<Link href={`/console/organizations/${id}`} className="text-slate-600 hover:underline">← {org.display_name}</Link>}
        title="Directory sync and roles"
        description={org.features.includes("dir_sync") ? "SCIM provisioning from the organization's identity provider." : "This organization does not have the Directory sync feature, so its admins do not see this in the portal. Operators can still set it up here."}
      />
      <OrganizationDirectorySync
        organizationId={id}
        readOnly={!can(operator, "directories:write", { organizationId: id })}
        rolesReadOnly={!can(operator, "roles:write", { organizationId: id })}
      />
    </div>
  );
}
