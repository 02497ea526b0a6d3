import { schemaDocuments } from "@/lib/scim/discovery";
import { scimNotFound } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute<{ directory_id: string; id: string }>(async ({ base, params }) => {
  const schema = schemaDocuments(base).find((s) => s.id === params.id);
  if (!schema) throw scimNotFound(`Schema "${params.id.slice(0, 200)}"`);
  return { status: 200, body: schema };
});
