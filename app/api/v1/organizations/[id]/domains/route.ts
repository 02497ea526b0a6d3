import { addDomain, listDomains } from "@/lib/domains";
import { addDomainSchema } from "@/lib/domains/schemas";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute } from "@/lib/management/route";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const POST = managementRoute<Params>({ permission: "domains:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const input = parseWith(addDomainSchema, await readJsonBody(request));
  return json({ domain: await addDomain(ctx, params.id, input) }, 201);
});

export const GET = managementRoute<Params>({ permission: "domains:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ domains: await listDomains(principal, params.id) }));
