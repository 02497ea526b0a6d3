import { json, managementRoute, noContent } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { deleteOrganization, getOrganization, updateOrganization } from "@/lib/organizations";
import { updateOrganizationSchema } from "@/lib/organizations/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementRoute<Params>({ permission: "organizations:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ organization: await getOrganization(principal, params.id) }));

export const PATCH = managementRoute<Params>({ permission: "organizations:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const input = parseWith(updateOrganizationSchema, await readJsonBody(request));
  return json({ organization: await updateOrganization(ctx, params.id, input) });
});

export const DELETE = managementRoute<Params>({ permission: "organizations:write", organizationParam: "id" }, async ({ params, ctx }) => {
  await deleteOrganization(ctx, params.id);
  return noContent();
});
