import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { getOrganization } from "@/lib/organizations";
import { requireOperatorPage } from "@/lib/operators/guard";
import { PageHeader } from "@/app/console/_components/page-header";
import { OrganizationForm } from "../../organization-form";
import { DeleteOrganization } from "./delete-organization";

export const metadata: Metadata = { title: "Edit organization" };

export default async function EditOrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperatorPage("organizations:write");
  const { id } = await params;
  const org = await getOrganization(operator, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <div>
      <PageHeader title={`Edit ${org.display_name}`} back={<Link href={`/console/organizations/${id}`} className="text-slate-600 hover:underline">← {org.display_name}</Link>} />
      <OrganizationForm organization={org} />
      <DeleteOrganization id={org.id} name={org.display_name} />
    </div>
  );
}
