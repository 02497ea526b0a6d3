import { deleteDomain, getDomain } from "@/lib/domains";
import { json, managementRoute, noContent } from "@/lib/management/route";

export const dynamic = "force-dynamic";

type Params = { id: string; domain_id: string };

export const GET = managementRoute<Params>({ permission: "domains:read", organizationParam: "id", ids: { domain_id: "domain" } }, async ({ params, principal }) =>
  json({ domain: await getDomain(principal, params.id, params.domain_id) }));

export const DELETE = managementRoute<Params>({ permission: "domains:write", organizationParam: "id", ids: { domain_id: "domain" } }, async ({ params, ctx }) => {
  await deleteDomain(ctx, params.id, params.domain_id);
  return noContent();
});
