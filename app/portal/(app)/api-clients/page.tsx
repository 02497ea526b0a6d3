import { ApiClientsPanel } from "@/components/portal/api-clients-panel";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function ApiClientsPage() {
  const context = await portalPageContext("api_clients");
  if (!context) return null;
  return <ApiClientsPanel organizationId={context.session.organizationId} />;
}
