import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { DomainsScreen } from "@/components/domains";
import { loadOrganizationPage } from "../load";

export const metadata: Metadata = { title: "Domains" };

export default async function OrganizationDomainsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  return (
    <section aria-label="Domains">
      {org.features.includes("domain_verification") ? null : (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This organization does not have the Domains feature, so its admins do not see these in the portal. Operators can still manage them here.
        </p>
      )}
      <DomainsScreen
        organizationId={id}
        audience="console"
        readOnly={!can(operator, "domains:write", { organizationId: id })}
        canVerifyManually={can(operator, "domains:verify", { organizationId: id })}
      />
    </section>
  );
}
