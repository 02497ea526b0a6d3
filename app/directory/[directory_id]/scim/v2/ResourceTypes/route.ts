import { resourceTypes } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/http";
import { listResponse } from "@/lib/scim/render";

export const dynamic = "force-dynamic";

export const GET = scimRoute(async ({ base }) => {
  const types = resourceTypes(base);
  return { status: 200, body: listResponse(types, types.length, 1) };
});
