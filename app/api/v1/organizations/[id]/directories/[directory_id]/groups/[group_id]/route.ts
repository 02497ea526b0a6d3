import { json, managementRoute } from "@/lib/management/route";
import { getDirectoryGroup } from "@/lib/directory";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string; group_id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory", group_id: "directory_group" } }, async ({ params, principal }) =>
  json({ group: await getDirectoryGroup(principal, params.id, params.directory_id, params.group_id) }));
