import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { GeneratePortalLink } from "@/components/portal/generate-portal-link";
import { loadOrganizationPage } from "../load";

export const metadata: Metadata = { title: "Portal links" };

export default async function OrganizationPortalLinksPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  return (
    <section aria-label="Admin portal link">
      <GeneratePortalLink organizationId={id} organizationFeatures={org.features} canWrite={can(operator, "portal_links:write", { organizationId: id })} />
    </section>
  );
}
