import { json, managementRoute } from "@/lib/management/route";
import { emptyBodySchema } from "@/lib/management/schemas";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { addClientSecret } from "@/lib/service-principals";

export const dynamic = "force-dynamic";

type Params = { id: string; client_id: string };

export const POST = managementRoute<Params>({ permission: "clients:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const hasBody = Number(request.headers.get("content-length") ?? 0) > 0 || request.headers.has("transfer-encoding");
  if (hasBody) parseWith(emptyBodySchema, await readJsonBody(request));
  const { secret, plainSecret } = await addClientSecret(ctx, params.id, params.client_id);
  return json({ secret, plain_secret: plainSecret }, 201);
});
