import { json, managementRoute } from "@/lib/management/route";
import { getDelivery } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = managementRoute<{ id: string; delivery_id: string }>({ permission: "webhooks:read", ids: { id: "webhook_endpoint", delivery_id: "webhook_delivery" } }, async ({ params, principal }) =>
  json({ delivery: await getDelivery(principal, params.id, params.delivery_id) }));
