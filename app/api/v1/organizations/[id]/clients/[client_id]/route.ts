import { json, managementRoute, noContent } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { deleteServicePrincipal, getServicePrincipal, updateServicePrincipal } from "@/lib/service-principals";
import { updateServicePrincipalSchema } from "@/lib/service-principals/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; client_id: string };

export const GET = managementRoute<Params>({ permission: "clients:read", organizationParam: "id", ids: { client_id: "service_principal" } }, async ({ params, principal }) =>
  json({ client: await getServicePrincipal(principal, params.id, params.client_id) }));

export const PATCH = managementRoute<Params>({ permission: "clients:write", organizationParam: "id", ids: { client_id: "service_principal" } }, async ({ request, params, ctx }) => {
  const patch = parseWith(updateServicePrincipalSchema, await readJsonBody(request));
  return json({ client: await updateServicePrincipal(ctx, params.id, params.client_id, patch) });
});

export const DELETE = managementRoute<Params>({ permission: "clients:write", organizationParam: "id", ids: { client_id: "service_principal" } }, async ({ params, ctx }) => {
  await deleteServicePrincipal(ctx, params.id, params.client_id);
  return noContent();
});
