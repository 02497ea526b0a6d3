import { json, managementRoute } from "@/lib/management/route";
import { getDirectoryUser } from "@/lib/directory";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string; user_id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory", user_id: "directory_user" } }, async ({ params, principal }) =>
  json({ user: await getDirectoryUser(principal, params.id, params.directory_id, params.user_id) }));
