import { json, managementRoute } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { listDirectoryUsers } from "@/lib/directory";
import { listDirectoryUsersQuerySchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ params, principal, url }) => {
  const page = await listDirectoryUsers(principal, params.id, params.directory_id, parseQuery(listDirectoryUsersQuerySchema, url));
  return json({ users: page.items, next_cursor: page.next_cursor });
});
