import { json, managementRoute } from "@/lib/management/route";
import { resendDelivery } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string; delivery_id: string }>({ permission: "webhooks:write", ids: { id: "webhook_endpoint", delivery_id: "webhook_delivery" } }, async ({ params, ctx }) =>
  json({ delivery: await resendDelivery(ctx, params.id, params.delivery_id) }, 202));
