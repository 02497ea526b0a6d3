import { json, managementRoute } from "@/lib/management/route";
import { listRoleMappings } from "@/lib/roles";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** Every directory group of the organization with its role (role_name null when unmapped). */
export const GET = managementRoute<Params>({ permission: "roles:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ role_mappings: await listRoleMappings(principal, params.id) }));
