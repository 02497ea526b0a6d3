import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { createPortalLink, listShareableLinks } from "@/lib/portal/links";
import { createPortalLinkSchema } from "@/lib/portal/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string };

// PUT /api/v1/organizations/{id}/portal_links {kind?, features?, actor?} → {id, kind, location, expire_time}
// (POST accepted too, as some Scalekit clients send it). GET lists the organization's shareable links.

const create = managementRoute<Params>({ permission: "portal_links:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  // Every field is optional, so an empty request (no body at all) is accepted.
  const hasBody = request.headers.get("content-type") !== null || Number(request.headers.get("content-length") ?? 0) > 0;
  const body = hasBody ? await readJsonBody(request) : {};
  return json(await createPortalLink(ctx, params.id, parseWith(createPortalLinkSchema, body)));
});

export const PUT = create;
export const POST = create;

export const GET = managementRoute<Params>({ permission: "portal_links:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ portal_links: await listShareableLinks(principal, params.id) }));
