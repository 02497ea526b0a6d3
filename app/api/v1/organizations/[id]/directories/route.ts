import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { createDirectory, listDirectories } from "@/lib/directory";
import { createDirectorySchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ directories: await listDirectories(principal, params.id) }));

export const POST = managementRoute<Params>({ permission: "directories:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const input = parseWith(createDirectorySchema, await readJsonBody(request));
  const { directory, plainToken } = await createDirectory(ctx, params.id, input);
  return json({ directory, plain_token: plainToken }, 201);
});
