import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { addClientSecret } from "@/lib/service-principals";
import { addClientSecretSchema } from "@/lib/service-principals/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; client_id: string };

// POST …/secrets {expire_time?} → 201 {secret, plain_secret}: plain_secret is shown this once.
export const POST = managementRoute<Params>({ permission: "clients:write", organizationParam: "id", ids: { client_id: "service_principal" } }, async ({ request, params, ctx }) => {
  const hasBody = Number(request.headers.get("content-length") ?? 0) > 0 || request.headers.has("transfer-encoding");
  const input = parseWith(addClientSecretSchema, hasBody ? await readJsonBody(request) : {});
  const { secret, plainSecret } = await addClientSecret(ctx, params.id, params.client_id, input);
  return json({ secret, plain_secret: plainSecret }, 201);
});
