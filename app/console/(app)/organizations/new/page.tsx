import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/operators/guard";
import { PageHeader } from "@/app/console/_components/page-header";
import { OrganizationForm } from "../organization-form";

export const metadata: Metadata = { title: "Create organization" };

export default async function NewOrganizationPage() {
  await requireOperatorPage("organizations:write");
  return (
    <div>
      <PageHeader title="Create organization" back={<Link href="/console/organizations" className="text-slate-600 hover:underline">← Organizations</Link>} />
      <OrganizationForm />
    </div>
  );
}
