import { json, managementRoute } from "@/lib/management/route";
import { deliveriesQuerySchema, parseQuery } from "@/lib/management/schemas";
import { listDeliveries } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = managementRoute<{ id: string }>({ permission: "webhooks:read", ids: { id: "webhook_endpoint" } }, async ({ url, params, principal }) => {
  const q = parseQuery(deliveriesQuerySchema, url);
  return json(await listDeliveries(principal, params.id, { status: q.status, type: q.type, cursor: q.cursor, limit: q.page_size }));
});
