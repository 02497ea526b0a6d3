import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { loadOrganizationPage } from "../load";
import { OrganizationDirectorySync } from "./panels";

export const metadata: Metadata = { title: "Directory sync" };

// The organization's directory sync and group → role mapping, the same screens its admins get in the
// portal (Directory sync and Roles tabs); read-only for auditors.
export default async function OrganizationDirectorySyncPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { operator, organization: org } = await loadOrganizationPage(id);
  const missing = [
    org.features.includes("dir_sync") ? null : "Directory sync",
    org.features.includes("roles") ? null : "Roles",
  ].filter((f): f is string => f !== null);
  return (
    <section aria-label="Directory sync">
      {missing.length ? (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This organization does not have the {missing.join(" or ")} feature, so its admins do not see {missing.length > 1 ? "these" : "this"} in the portal. Operators can still set {missing.length > 1 ? "them" : "it"} up here.
        </p>
      ) : null}
      <OrganizationDirectorySync
        organizationId={id}
        readOnly={!can(operator, "directories:write", { organizationId: id })}
        rolesReadOnly={!can(operator, "roles:write", { organizationId: id })}
      />
    </section>
  );
}
