import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute } from "@/lib/management/route";
import { replayEvents } from "@/lib/webhooks/endpoints";
import { replaySchema } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string }>({ permission: "webhooks:write", ids: { id: "webhook_endpoint" } }, async ({ request, params, ctx }) => {
  const input = parseWith(replaySchema, await readJsonBody(request));
  return json(await replayEvents(ctx, params.id, input), 202);
});
