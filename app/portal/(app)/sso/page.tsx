import { PortalSsoPanel } from "@/components/portal/sso-panel";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function SsoPage() {
  const context = await portalPageContext("sso");
  if (!context) return null;
  return <PortalSsoPanel organizationId={context.session.organizationId} />;
}
