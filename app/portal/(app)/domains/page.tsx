import { DomainsScreen } from "@/components/domains";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function DomainsPage() {
  const context = await portalPageContext("domain_verification");
  if (!context) return null;
  return <DomainsScreen organizationId={context.session.organizationId} audience="portal" toastPlacement="top-on-phones" />;
}
