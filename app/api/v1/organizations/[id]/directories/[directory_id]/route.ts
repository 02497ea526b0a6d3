import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { getDirectory, updateDirectory } from "@/lib/directory";
import { updateDirectorySchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ params, principal }) =>
  json({ directory: await getDirectory(principal, params.id, params.directory_id) }));

/** { enabled } enables or disables the directory; { name }, { primary: true } too. */
export const PATCH = managementRoute<Params>({ permission: "directories:write", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ request, params, ctx }) => {
  const input = parseWith(updateDirectorySchema, await readJsonBody(request));
  return json({ directory: await updateDirectory(ctx, params.id, params.directory_id, input) });
});
