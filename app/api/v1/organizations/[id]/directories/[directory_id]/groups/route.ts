import { json, managementRoute } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { listDirectoryGroups } from "@/lib/directory";
import { listDirectoryGroupsQuerySchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ params, principal, url }) => {
  const page = await listDirectoryGroups(principal, params.id, params.directory_id, parseQuery(listDirectoryGroupsQuerySchema, url));
  return json({ groups: page.items, next_cursor: page.next_cursor });
});
