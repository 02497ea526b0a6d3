import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { rotateDirectoryToken } from "@/lib/directory";
import { rotateTokenSchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

/** Rotates the SCIM token: { overlap_seconds? } (0 by default: the old token stops at once; at most 86400). */
export const POST = managementRoute<Params>({ permission: "directories:write", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ request, params, ctx }) => {
  const input = parseWith(rotateTokenSchema, await readJsonBody(request));
  const r = await rotateDirectoryToken(ctx, params.id, params.directory_id, input);
  return json({ token: r.token, plain_token: r.plainToken, previous_tokens_expire_time: r.previousTokensExpireTime }, 201);
});
