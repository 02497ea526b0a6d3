import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { loadOrganizationPage } from "../load";
import { OrganizationSso } from "./sso-panel";

export const metadata: Metadata = { title: "Single sign-on" };

// The organization's SSO connections, the same screens its admins get in the portal's Single sign-on tab;
// operators may enable a connection without a passing test (audited); read-only for auditors.
export default async function OrganizationSsoPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  const canWrite = can(operator, "connections:write", { organizationId: id });
  return (
    <section aria-label="Single sign-on">
      {org.features.includes("sso") ? null : (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This organization does not have the Single sign-on feature: its users cannot sign in through these connections, and its admins do not see them in the portal. Operators can still set them up here.
        </p>
      )}
      <OrganizationSso organizationId={id} readOnly={!canWrite} />
    </section>
  );
}
