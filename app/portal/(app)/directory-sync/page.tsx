import { DirectorySyncTab } from "@/components/portal/directory-sync-tab";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function DirectorySyncPage() {
  const context = await portalPageContext("dir_sync");
  if (!context) return null;
  return <DirectorySyncTab organizationId={context.session.organizationId} />;
}
