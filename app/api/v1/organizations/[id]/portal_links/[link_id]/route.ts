import { managementRoute, noContent } from "@/lib/management/route";
import { revokePortalLink } from "@/lib/portal/links";

export const dynamic = "force-dynamic";

type Params = { id: string; link_id: string };

// DELETE /api/v1/organizations/{id}/portal_links/{link_id}: revokes the link and ends its portal sessions.
export const DELETE = managementRoute<Params>({ permission: "portal_links:write", organizationParam: "id", ids: { link_id: "portal_link" } }, async ({ params, ctx }) => {
  await revokePortalLink(ctx, params.id, params.link_id);
  return noContent();
});
