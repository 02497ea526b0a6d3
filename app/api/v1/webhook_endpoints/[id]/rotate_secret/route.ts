import { json, managementRoute } from "@/lib/management/route";
import { rotateWebhookSecret } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string }>({ permission: "webhooks:write", ids: { id: "webhook_endpoint" } }, async ({ params, ctx }) => {
  const { endpoint, secret } = await rotateWebhookSecret(ctx, params.id);
  return json({ webhook_endpoint: endpoint, secret });
});
