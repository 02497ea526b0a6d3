import { RolesTab } from "@/components/portal/directory-sync-tab";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function RolesPage() {
  const context = await portalPageContext("roles");
  if (!context) return null;
  return <RolesTab organizationId={context.session.organizationId} />;
}
