import "server-only";
import { notFound } from "next/navigation";
import { getPortalSession, portalPrincipalOf } from "./principal";

/**
 * For a portal tab's page: the session and its principal, or null when there is no session (the layout
 * then shows the "ended" state). A tab whose feature the session lacks is a 404.
 */
export async function portalPageContext(feature: string) {
  const session = await getPortalSession();
  if (!session) return null;
  if (!session.features.includes(feature)) notFound();
  return { session, principal: portalPrincipalOf(session) };
}
