import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { loadOrganizationPage } from "../load";
import { OrganizationServicePrincipals } from "./panel";

export const metadata: Metadata = { title: "Service principals" };

export default async function OrganizationServicePrincipalsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  return (
    <section aria-label="Service principals">
      {org.features.includes("api_clients") ? null : (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This organization does not have the API clients feature, so its admins do not see these in the portal. Operators can still manage them here.
        </p>
      )}
      <OrganizationServicePrincipals organizationId={org.id} readOnly={!can(operator, "clients:write", { organizationId: id })} />
    </section>
  );
}
