import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { createServicePrincipal, listServicePrincipals } from "@/lib/service-principals";
import { createServicePrincipalSchema } from "@/lib/service-principals/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const POST = managementRoute<Params>({ permission: "clients:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const input = parseWith(createServicePrincipalSchema, await readJsonBody(request));
  const { client, plainSecret } = await createServicePrincipal(ctx, params.id, input);
  return json({ client, plain_secret: plainSecret }, 201);
});

export const GET = managementRoute<Params>({ permission: "clients:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ clients: await listServicePrincipals(principal, params.id) }));
