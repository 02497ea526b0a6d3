import { resourceTypes } from "@/lib/scim/discovery";
import { scimNotFound } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute<{ directory_id: string; name: string }>(async ({ base, params }) => {
  const type = resourceTypes(base).find((t) => t.id === params.name);
  if (!type) throw scimNotFound(`ResourceType "${params.name.slice(0, 100)}"`);
  return { status: 200, body: type };
});
