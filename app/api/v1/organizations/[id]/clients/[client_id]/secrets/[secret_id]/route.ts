import { managementRoute, noContent } from "@/lib/management/route";
import { revokeClientSecret } from "@/lib/service-principals";

export const dynamic = "force-dynamic";

type Params = { id: string; client_id: string; secret_id: string };

/** Revokes the secret: it stops working at once and stays listed on the client as INACTIVE. */
export const DELETE = managementRoute<Params>({ permission: "clients:write", organizationParam: "id", ids: { client_id: "service_principal", secret_id: "client_secret" } }, async ({ params, ctx }) => {
  await revokeClientSecret(ctx, params.id, params.client_id, params.secret_id);
  return noContent();
});
