import { checkDomain } from "@/lib/domains";
import { json, managementRoute } from "@/lib/management/route";

export const dynamic = "force-dynamic";

type Params = { id: string; domain_id: string };

/** Looks for the domain's TXT record now; the domain comes back verified, still pending, or failed, with the check's outcome. */
export const POST = managementRoute<Params>({ permission: "domains:write", organizationParam: "id", ids: { domain_id: "domain" } }, async ({ params, ctx }) =>
  json({ domain: await checkDomain(ctx, params.id, params.domain_id) }));
