import { schemaDocuments } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/http";
import { listResponse } from "@/lib/scim/render";

export const dynamic = "force-dynamic";

export const GET = scimRoute(async ({ base }) => {
  const schemas = schemaDocuments(base);
  return { status: 200, body: listResponse(schemas, schemas.length, 1) };
});
