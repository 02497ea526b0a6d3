import { json, managementRoute, noContent } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { deleteRole, updateRole } from "@/lib/roles";
import { updateRoleSchema } from "@/lib/roles/schemas";

export const dynamic = "force-dynamic";

type Params = { name: string };

/** { display_name?, description?, default: true } */
export const PATCH = managementRoute<Params>({ permission: "roles:write", ids: { name: "role_name" } }, async ({ request, params, ctx }) => {
  const input = parseWith(updateRoleSchema, await readJsonBody(request));
  return json({ role: await updateRole(ctx, params.name, input) });
});

/** Refused (409) while a group is mapped to the role, and for the default role while others exist. */
export const DELETE = managementRoute<Params>({ permission: "roles:write", ids: { name: "role_name" } }, async ({ params, ctx }) => {
  await deleteRole(ctx, params.name);
  return noContent();
});
