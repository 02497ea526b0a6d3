import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { setRoleMapping } from "@/lib/roles";
import { roleMappingSchema } from "@/lib/roles/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; group_id: string };

/** { role_name } maps the group to a role; { role_name: null } removes the mapping. */
export const PUT = managementRoute<Params>({ permission: "roles:write", organizationParam: "id", ids: { group_id: "directory_group" } }, async ({ request, params, ctx }) => {
  const input = parseWith(roleMappingSchema, await readJsonBody(request));
  return json({ role_mapping: await setRoleMapping(ctx, params.id, params.group_id, input) });
});

export const DELETE = managementRoute<Params>({ permission: "roles:write", organizationParam: "id", ids: { group_id: "directory_group" } }, async ({ params, ctx }) =>
  json({ role_mapping: await setRoleMapping(ctx, params.id, params.group_id, { role_name: null }) }));
