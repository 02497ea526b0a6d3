import { json, managementRoute } from "@/lib/management/route";
import { sendTestEvent } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string }>({ permission: "webhooks:write", ids: { id: "webhook_endpoint" } }, async ({ params, ctx }) =>
  json({ delivery: await sendTestEvent(ctx, params.id) }, 202));
